package dev.boomerang.policy;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The unsupervised outlier score: how far a customer's key rates sit above their peer cohort's.
 *
 * <ul>
 *   <li>Cohort: the order-volume band of {@code orders_365d} (1, 2-3, 4-7, 8+), because rates of
 *       a customer with one order and of one with twenty are not comparable. The category mix
 *       is already inside {@code return_rate_units_vs_category_365d}.
 *   <li>Per metric (see {@link #METRICS}) a robust z-score within the cohort:
 *       {@code (x - median) / max(1.4826 MAD, floor)}, clipped to [0, 10]; the floor keeps a
 *       cohort whose median and MAD are 0 (most customers never file a claim) from turning one
 *       claim into an infinite z. Medians by {@code percentile_approx} (accuracy 10,000).
 *   <li>Score: the mean of the two largest z-scores over 8, clipped to [0, 1]. One extreme metric
 *       gives at most 0.625; two give up to 1.
 * </ul>
 *
 * <p>Grain: one row per input row (customer_id, as_of_date), adds {@code outlier_score} and
 * {@code peer_cohort}. Cost: two aggregations per metric over the cohorts (small: 4 groups)
 * joined back by broadcast.
 */
public final class PeerOutlier {

  private PeerOutlier() {}

  /** A metric and the smallest spread its z-score divides by. */
  public record Metric(String name, Column value, double floor) {}

  static Column perOrder(String c) {
    return AbuseSignals.n(c).divide(greatest(AbuseSignals.n("orders_365d"), lit(1L)).cast("double"));
  }

  /** The metrics, each 0 when the customer lacks the volume it needs. */
  public static final List<Metric> METRICS = List.of(
      new Metric("return_ratio", when(AbuseSignals.n("return_units_365d").geq(2),
          AbuseSignals.d("return_rate_units_vs_category_365d")).otherwise(lit(1.0)), 0.25),
      new Metric("quick_return_share", when(AbuseSignals.n("returns_365d").geq(2),
          AbuseSignals.d("quick_return_share_365d")).otherwise(lit(0.0)), 0.15),
      new Metric("inr_delivered_per_order", perOrder("inr_claims_delivered_365d"), 0.05),
      new Metric("returnless_per_order", perOrder("returnless_refunds_365d"), 0.1),
      new Metric("empty_or_wrong_per_return", AbuseSignals.n("received_empty_box_365d")
          .plus(AbuseSignals.n("received_wrong_item_365d"))
          .divide(greatest(AbuseSignals.n("returns_365d"), lit(1L)).cast("double")), 0.05));

  public static Column cohort() {
    Column o = AbuseSignals.n("orders_365d");
    return when(o.leq(1), lit("1")).when(o.leq(3), lit("2-3")).when(o.leq(7), lit("4-7")).otherwise(lit("8+"));
  }

  /** Adds peer_cohort and outlier_score to the feature rows. Pure transform. */
  public static Dataset<Row> withOutlierScore(Dataset<Row> features) {
    Dataset<Row> m = features.withColumn("peer_cohort", cohort());
    List<Column> aggs = new ArrayList<>();
    for (Metric x : METRICS) {
      m = m.withColumn("_m_" + x.name(), x.value());
      aggs.add(percentile_approx(col("_m_" + x.name()), lit(0.5), lit(10000)).as("_med_" + x.name()));
    }
    Dataset<Row> medians = m.groupBy("peer_cohort").agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    m = m.join(broadcast(medians), m.col("peer_cohort").equalTo(medians.col("peer_cohort")), "left")
        .drop(medians.col("peer_cohort"));
    List<Column> mads = new ArrayList<>();
    for (Metric x : METRICS) {
      m = m.withColumn("_dev_" + x.name(), abs(col("_m_" + x.name()).minus(col("_med_" + x.name()))));
      mads.add(percentile_approx(col("_dev_" + x.name()), lit(0.5), lit(10000)).as("_mad_" + x.name()));
    }
    Dataset<Row> spread = m.groupBy("peer_cohort").agg(mads.get(0), mads.subList(1, mads.size()).toArray(Column[]::new));
    m = m.join(broadcast(spread), m.col("peer_cohort").equalTo(spread.col("peer_cohort")), "left")
        .drop(spread.col("peer_cohort"));
    List<Column> zs = new ArrayList<>();
    for (Metric x : METRICS) {
      Column scale = greatest(col("_mad_" + x.name()).multiply(1.4826), lit(x.floor()));
      zs.add(least(lit(10.0), greatest(lit(0.0),
          col("_m_" + x.name()).minus(col("_med_" + x.name())).divide(scale))));
    }
    Column sorted = sort_array(array(zs.toArray(Column[]::new)), false);
    Column score = least(lit(1.0), element_at(sorted, 1).plus(element_at(sorted, 2)).divide(2).divide(8.0));
    List<Column> out = new ArrayList<>();
    for (String c : features.columns()) {
      out.add(col(c));
    }
    out.add(col("peer_cohort"));
    out.add(score.as("outlier_score"));
    return m.select(out.toArray(Column[]::new));
  }
}
