package dev.boomerang.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The one point-in-time join every training set uses (Feast's template, Feathr's "closest value
 * from the past"). Grain: exactly the rows of {@code labels}, in any order; each gets the feature
 * row of the same key with the greatest {@code featureTs} that lies before its {@code labelTs},
 * or NULL feature columns when none exists.
 *
 * <p>Steps: reduce labels to distinct (keys, labelTs); join features of the same key whose time is
 * strictly before the label time ({@code strict}) or not after it; optionally drop those older than
 * {@code ttlDays}; keep the latest per (keys, labelTs); left-join back onto the labels. Labels are
 * never multiplied: the right side of the final join has one row per (keys, labelTs). Cost: one
 * shuffle join of the distinct label keys with the features of those keys, one window.
 */
public final class AsOfJoin {

  private AsOfJoin() {}

  /** Feature rows must be strictly earlier than the label: an as_of of the label's own day is
   * computed at the end of that day, after the event, so it would leak. */
  public static final boolean STRICTLY_BEFORE = true;

  /**
   * @param labels the rows to enrich; must not already carry the feature columns
   * @param features keys, featureTs and the feature columns (names distinct from the labels')
   * @param keys entity key columns present in both
   * @param labelTs label time column (date or timestamp)
   * @param featureTs feature time column (date or timestamp); kept in the output, so name it apart
   * @param strict true: {@code feature_ts < label_ts}; false: {@code feature_ts <= label_ts}
   * @param ttlDays null, or the largest age in days ({@code datediff(label, feature) <= ttl}) a
   *     feature row may have
   */
  public static Dataset<Row> join(Dataset<Row> labels, Dataset<Row> features, List<String> keys,
      String labelTs, String featureTs, boolean strict, Integer ttlDays) {
    List<Column> labelKey = new ArrayList<>();
    for (String k : keys) {
      labelKey.add(col(k));
    }
    labelKey.add(col(labelTs));
    Dataset<Row> spine = labels.select(labelKey.toArray(Column[]::new)).distinct().alias("l");

    Column on = null;
    for (String k : keys) {
      Column eq = col("l." + k).equalTo(col("f." + k));
      on = on == null ? eq : on.and(eq);
    }
    Column fromThePast = strict ? col("f." + featureTs).lt(col("l." + labelTs))
        : col("f." + featureTs).leq(col("l." + labelTs));
    on = on.and(fromThePast);
    if (ttlDays != null) {
      on = on.and(datediff(col("l." + labelTs), col("f." + featureTs)).leq(ttlDays));
    }

    List<Column> out = new ArrayList<>();
    for (String k : keys) {
      out.add(col("l." + k).as(k));
    }
    out.add(col("l." + labelTs).as(labelTs));
    for (String c : features.columns()) {
      if (!keys.contains(c)) {
        out.add(col("f." + c).as(c));
      }
    }
    Column[] partition = labelKey.stream().map(c -> col(c.toString())).toArray(Column[]::new);
    Dataset<Row> latest = spine.join(features.alias("f"), on, "inner")
        .select(out.toArray(Column[]::new))
        .withColumn("_rank", row_number().over(
            Window.partitionBy(partition).orderBy(col(featureTs).desc())))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");

    Column back = null;
    for (String k : keys) {
      Column eq = col("lab." + k).eqNullSafe(col("lat." + k));
      back = back == null ? eq : back.and(eq);
    }
    back = back.and(col("lab." + labelTs).eqNullSafe(col("lat." + labelTs)));
    List<Column> result = new ArrayList<>();
    for (String c : labels.columns()) {
      result.add(col("lab." + c).as(c));
    }
    for (String c : features.columns()) {
      if (!keys.contains(c)) {
        result.add(col("lat." + c).as(c));
      }
    }
    return labels.alias("lab").join(latest.alias("lat"), back, "left")
        .select(result.toArray(Column[]::new));
  }
}
