package dev.boomerang.features;

import static dev.boomerang.features.FeatureCatalog.ELEVATED_DEFECT_FACTOR;
import static dev.boomerang.features.FeatureCatalog.ELEVATED_DEFECT_MIN_RETURNS;
import static dev.boomerang.features.FeatureCatalog.SKU_PRIOR_LINES;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.boomerang.common.AsOfScope;
import dev.boomerang.common.Cols;
import dev.boomerang.contract.ReasonCode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code gold.sku_features} for each of a set of as_of_dates (one column {@code as_of_date}): one row
 * per SKU sold in the 365 days ending on the date (columns: {@link FeatureCatalog#columns} of SKU).
 * Rolled up from {@code gold.sku_daily} rows known by that date; the category comes from the
 * product version known by then. Cost: one aggregation of the daily rows of the last 365 days per
 * SKU and date, one per category and date, and a join with the catalogue.
 */
public final class SkuFeatures {

  private SkuFeatures() {}

  /** SKU measures summed over the 365 days ending on each date (known by it), plus the window splits. */
  static Dataset<Row> sums365(Dataset<Row> skuDaily, Dataset<Row> dates) {
    Column age = datediff(col(AsOfScope.AS_OF), col("event_date"));
    Column in365 = age.geq(0).and(age.lt(365));
    Column in30 = age.geq(0).and(age.lt(30));
    Column prev90 = age.geq(30).and(age.lt(120));
    Column holiday = month(col("event_date")).isin(11, 12);
    List<Column> aggs = new ArrayList<>();
    for (DailyMeasures.Measure m : DailyMeasures.SKU) {
      aggs.add(sum(when(in365, col(m.name()))).as(m.name()));
    }
    aggs.add(sum(when(in30, col("lines_sold"))).as("lines_30"));
    aggs.add(sum(when(in30, col("returns"))).as("returns_30"));
    aggs.add(sum(when(prev90, col("lines_sold"))).as("lines_prev90"));
    aggs.add(sum(when(prev90, col("returns"))).as("returns_prev90"));
    aggs.add(sum(when(in365.and(holiday), col("lines_sold"))).as("lines_holiday"));
    aggs.add(sum(when(in365.and(holiday), col("returns"))).as("returns_holiday"));
    aggs.add(sum(when(in365.and(org.apache.spark.sql.functions.not(holiday)), col("lines_sold"))).as("lines_other"));
    aggs.add(sum(when(in365.and(org.apache.spark.sql.functions.not(holiday)), col("returns"))).as("returns_other"));
    return SilverSnapshot.perDate(skuDaily, dates, col("known_date").leq(col(AsOfScope.AS_OF)).and(in365))
        .groupBy(AsOfScope.AS_OF, "sku")
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
        .filter(col("lines_sold").gt(0));
  }

  /** Rows per sku and as_of_date with the category of the product version known by that date. */
  static Dataset<Row> withCategory(Dataset<Row> perSku, Dataset<Row> productsAsOf) {
    return perSku.join(productsAsOf.select(AsOfScope.AS_OF, "sku", "category"), Cols.using(AsOfScope.AS_OF, "sku"),
        "left");
  }

  static Column ratio(Column num, Column den) {
    return when(den.gt(0), num.cast("double").divide(den.cast("double")));
  }

  /** Category priors over the same 365 days: rates by count and value, mean line value, defect rate. */
  static Dataset<Row> categoryPriors(Dataset<Row> sumsWithCategory) {
    return sumsWithCategory.groupBy(AsOfScope.AS_OF, "category").agg(
            sum("returns").as("c_returns"), sum("lines_sold").as("c_lines"),
            sum("return_value").as("c_return_value"), sum("sales_value").as("c_sales_value"),
            sum("returns_defective").as("c_defective"),
            sum("return_units").as("c_return_units"), sum("units_sold").as("c_units"))
        .select(col(AsOfScope.AS_OF), col("category"),
            ratio(col("c_returns"), col("c_lines")).as("category_return_rate"),
            ratio(col("c_return_value"), col("c_sales_value")).as("category_value_rate"),
            ratio(col("c_sales_value"), col("c_lines")).as("category_line_value"),
            ratio(col("c_defective"), col("c_lines")).as("category_defect_rate"),
            ratio(col("c_return_units"), col("c_units")).as("category_units_rate"));
  }

  /**
   * @param skuDaily gold.sku_daily
   * @param productsAsOf silver products, the version known by each date (one row per sku and
   *     as_of_date: {@link SilverSnapshot#asOfEach})
   * @param dates the as_of_dates ({@link SilverSnapshot#dates})
   */
  public static Dataset<Row> compute(Dataset<Row> skuDaily, Dataset<Row> productsAsOf, Dataset<Row> dates) {
    Dataset<Row> sums = withCategory(sums365(skuDaily, dates), productsAsOf);
    Dataset<Row> priors = categoryPriors(sums);
    Dataset<Row> j = sums.alias("s").join(priors.alias("c"), col("s.category").eqNullSafe(col("c.category"))
        .and(AsOfScope.sameDate("s", "c")), "left").select(col("s.*"),
        col("c.category_return_rate"), col("c.category_value_rate"), col("c.category_line_value"),
        col("c.category_defect_rate"));

    int k = SKU_PRIOR_LINES;
    Column prior = col("category_return_rate");
    Column valuePseudo = col("category_line_value").multiply(k);
    Column defectRate = ratio(col("returns_defective"), col("lines_sold"));
    List<Column> out = new ArrayList<>(List.of(
        col("sku"), col(AsOfScope.AS_OF), col("category"),
        col("lines_sold").as("lines_sold_365d"), col("units_sold").as("units_sold_365d"),
        col("returns").as("returns_365d"),
        ratio(col("returns"), col("lines_sold")).as("return_rate_365d"),
        prior.as("category_return_rate_365d"),
        col("returns").plus(prior.multiply(k)).divide(col("lines_sold").plus(k)).as("return_rate_smoothed_365d"),
        ratio(col("return_value").cast("double").plus(valuePseudo.multiply(col("category_value_rate"))),
            col("sales_value").cast("double").plus(valuePseudo)).as("return_value_rate_smoothed_365d")));
    for (ReasonCode r : ReasonCode.values()) {
      out.add(ratio(col(DailyMeasures.reasonMeasure(r)), col("returns"))
          .as("reason_share_" + r.name().toLowerCase() + "_365d"));
    }
    out.addAll(List.of(
        ratio(col("returns_defective"), col("returns")).as("defect_share_365d"),
        ratio(col("returns_damaged"), col("returns")).as("damaged_share_365d"),
        ratio(col("returns_size_related"), col("returns")).as("size_related_share_365d"),
        ratio(col("returns_returnless"), col("returns")).as("returnless_share_365d"),
        defectRate.as("defect_rate_365d"),
        col("returns_defective").geq(ELEVATED_DEFECT_MIN_RETURNS)
            .and(defectRate.gt(col("category_defect_rate").multiply(ELEVATED_DEFECT_FACTOR)))
            .as("is_elevated_defect_rate"),
        ratio(col("delivery_to_request_seconds"), col("returns_after_delivery")).divide(86400.0)
            .as("days_to_return_mean_365d"),
        ratio(col("returns_holiday"), col("lines_holiday")).as("holiday_return_rate_365d"),
        ratio(col("returns_other"), col("lines_other")).as("other_return_rate_365d"),
        ratio(col("lines_lost"), col("lines_shipped")).as("lost_in_transit_rate_365d"),
        ratio(col("returns_30"), col("lines_30")).as("return_rate_30d"),
        ratio(col("returns_prev90"), col("lines_prev90")).as("return_rate_prev_90d"),
        ratio(col("returns_30"), col("lines_30")).minus(ratio(col("returns_prev90"), col("lines_prev90")))
            .as("return_rate_trend")));
    return j.select(out.toArray(Column[]::new))
        .select(FeatureCatalog.columns(FeatureCatalog.Grain.SKU).stream().map(c -> col(c)).toArray(Column[]::new));
  }
}
