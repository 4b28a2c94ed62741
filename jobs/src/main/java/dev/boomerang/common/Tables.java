package dev.boomerang.common;

import java.util.List;

/**
 * Every table name in the lake, in one place. A name is {@code layer.table}; it lives at
 * {@code <lake>/<layer>/<table>} and resolves by that name in {@code boomerang sql}.
 */
public final class Tables {

  private Tables() {}

  public static final List<String> LAYERS = List.of("bronze", "silver", "gold", "ops");

  // ops
  public static final String OPS_INGESTED_FILES = "ops.ingested_files";
  public static final String OPS_QUARANTINE = "ops.quarantine";
  public static final String OPS_INGEST_AUDIT = "ops.ingest_audit";
  public static final String OPS_PENDING = "ops.pending_references";
  public static final String OPS_DERIVED_BATCHES = "ops.derived_batches";
  public static final String OPS_RUNS = "ops.runs";
  public static final String OPS_RUN_STEPS = "ops.run_steps";
  public static final String OPS_MODEL_RUNS = "ops.model_runs";

  // silver, derived
  public static final String SILVER_SHIPMENT_STATUS = "silver.shipment_status";
  public static final String SILVER_RETURN_LIFECYCLE = "silver.return_lifecycle";

  // gold
  public static final String GOLD_CUSTOMER_DAILY = "gold.customer_daily";
  public static final String GOLD_SKU_DAILY = "gold.sku_daily";
  public static final String GOLD_CUSTOMER_FEATURES = "gold.customer_features";
  public static final String GOLD_SKU_FEATURES = "gold.sku_features";
  public static final String GOLD_ORDER_LINE_TRAINING = "gold.order_line_training";
  public static final String GOLD_CUSTOMER_TRAINING = "gold.customer_training";
  /** One row per as_of_date the features job built: whether its daily rows are a base or an increment. */
  public static final String GOLD_FEATURE_RUNS = "gold.feature_runs";
  public static final String GOLD_RETURN_RISK_SCORES = "gold.return_risk_scores";
  public static final String GOLD_ABUSE_SCORES = "gold.abuse_scores";

  /** {@code bronze.<entity>} for a landing entity. */
  public static String bronze(String entity) {
    return "bronze." + entity;
  }

  /** {@code silver.<entity>} for a landing entity. */
  public static String silver(String entity) {
    return "silver." + entity;
  }

  /** Validates a {@code layer.table} name and returns its two parts. */
  public static String[] split(String name) {
    String[] parts = name.split("\\.");
    if (parts.length != 2 || !LAYERS.contains(parts[0]) || !parts[1].matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "table name '" + name + "' is not of the form <layer>.<table> with layer in " + LAYERS);
    }
    return parts;
  }
}
