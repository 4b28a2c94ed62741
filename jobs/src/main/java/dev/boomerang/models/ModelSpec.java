package dev.boomerang.models;

import java.util.ArrayList;
import java.util.List;

/**
 * The interface between a training table and a model: which columns are features (categorical
 * and numeric), which is the label, and the columns the split, the censoring filter, the
 * per-category metrics, the SKU baseline and the score keys read. The feature-column list is
 * defined here once; pipelines, the registry metadata and scoring all read it from the spec.
 *
 * <p>Grain of the table it describes: one row per order line ({@code keys}).
 *
 * @param categorical string features, indexed (and one-hot encoded for the logistic model)
 * @param numeric numeric features; nulls are imputed inside the pipeline
 * @param label 0/1 (or boolean) label: the line was returned within its return window
 * @param orderDate DATE column the time split orders by
 * @param censored boolean column: true while the line's return window is still open as of D
 * @param category segment column for per-category metrics
 * @param skuBaselineScore the smoothed SKU return rate, taken as the "SKU rate only" baseline score
 * @param keys the row key, copied to the scores table
 */
public record ModelSpec(
    List<String> categorical,
    List<String> numeric,
    String label,
    String orderDate,
    String censored,
    String category,
    String skuBaselineScore,
    List<String> keys) {

  public ModelSpec {
    categorical = List.copyOf(categorical);
    numeric = List.copyOf(numeric);
    keys = List.copyOf(keys);
    if (categorical.isEmpty() && numeric.isEmpty()) {
      throw new IllegalArgumentException("a model spec needs at least one feature column");
    }
  }

  /**
   * The return-likelihood model over {@code gold.order_line_training}. The column names follow
   * the features issue (line attributes as of the order, SKU features as of the order, customer
   * features from the last as-of strictly before the order); the training command checks that the
   * table has every one and names the missing ones.
   */
  public static final ModelSpec RETURN_LIKELIHOOD = new ModelSpec(
      List.of("category", "size", "channel", "carrier", "service_level"),
      List.of("unit_price", "discount_share", "quantity", "has_promo", "is_holiday_purchase",
          "order_lines", "order_distinct_sizes", "sku_lines_in_order",
          "s_return_rate_smoothed_365d", "s_return_value_rate_smoothed_365d", "s_defect_share_365d",
          "s_size_related_share_365d", "s_lost_in_transit_rate_365d", "s_return_rate_trend",
          "c_orders_365d", "c_orders_lifetime", "c_return_rate_units_365d", "c_return_rate_units_90d",
          "c_return_rate_units_vs_category_365d", "c_returns_lifetime", "c_bracketing_orders_365d",
          "c_quick_return_share_365d", "c_account_age_days"),
      "is_returned",
      "order_date",
      "is_censored",
      "category",
      "s_return_rate_smoothed_365d",
      List.of("order_id", "line_no"));

  /** Every feature column, categorical first: the list recorded in the model's metadata. */
  public List<String> features() {
    List<String> all = new ArrayList<>(categorical);
    all.addAll(numeric);
    return all;
  }

  /** Every column a training table must carry for this spec. */
  public List<String> requiredColumns() {
    List<String> all = new ArrayList<>(keys);
    for (String c : List.of(orderDate, censored, label, category, skuBaselineScore)) {
      if (!all.contains(c)) {
        all.add(c);
      }
    }
    for (String f : features()) {
      if (!all.contains(f)) {
        all.add(f);
      }
    }
    return all;
  }

  /** Columns of {@code present} this spec needs but does not find, in spec order. */
  public List<String> missingFrom(List<String> present) {
    return requiredColumns().stream().filter(c -> !present.contains(c)).toList();
  }
}
