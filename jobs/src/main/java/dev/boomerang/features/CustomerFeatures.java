package dev.boomerang.features;

import static dev.boomerang.common.AsOfScope.AS_OF;
import static dev.boomerang.features.FeatureCatalog.CUSTOMER_PRIOR_UNITS;
import static dev.boomerang.features.FeatureCatalog.windowed;
import static dev.boomerang.features.SkuFeatures.ratio;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import dev.boomerang.common.AsOfScope;
import dev.boomerang.common.Cols;
import dev.boomerang.features.FeatureCatalog.Window;
import dev.boomerang.silver.ParcelStatus;
import dev.boomerang.silver.ReturnLifecycle;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.Seq;

/**
 * {@code gold.customer_features} for each of a set of as_of_dates (one column {@code as_of_date}):
 * one row per customer and date with an order placed in the 365 days ending on it (columns:
 * {@link FeatureCatalog#columns} of CUSTOMER). The dates are data, not literals: one plan computes
 * them all, every join matching on as_of_date and every aggregation grouping by it.
 *
 * <p>Windows are rolled up from {@code gold.customer_daily} rows known by the date (one aggregation
 * per customer). Non-additive behaviour features are computed from the return-level rows of the
 * last 365 days' orders as known by the date ({@link ReturnLifecycle} on the snapshot), which
 * bounds their cost by a year of data. Links self-join the customers known by the date on each
 * hash; hash groups are small.
 */
public final class CustomerFeatures {

  private CustomerFeatures() {}

  /**
   * Every windowed sum and rate per date from the daily rows known by it; customers with orders in
   * the 365 days ending on it.
   */
  public static Dataset<Row> windows(Dataset<Row> customerDaily, Dataset<Row> dates) {
    Column age = datediff(col(AS_OF), col("event_date"));
    List<Column> aggs = new ArrayList<>();
    for (DailyMeasures.Measure m : DailyMeasures.CUSTOMER) {
      for (Window w : FeatureCatalog.WINDOWS) {
        Column in = w == Window.LIFETIME ? age.geq(0) : age.geq(0).and(age.lt(w.days));
        aggs.add(coalesce(sum(when(in, col(m.name()))), lit(0)).cast(m.type()).as(windowed(m.name(), w)));
      }
    }
    Dataset<Row> sums = SilverSnapshot.perDate(customerDaily, dates, col("known_date").leq(col(AS_OF)))
        .groupBy(AS_OF, "customer_id")
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
        .filter(col(windowed("orders", Window.D365)).gt(0));
    List<Column> rates = new ArrayList<>(List.of(col("*")));
    for (String[] r : FeatureCatalog.CUSTOMER_RATES) {
      for (Window w : FeatureCatalog.WINDOWS) {
        rates.add(ratio(col(windowed(r[1], w)), col(windowed(r[2], w))).as(windowed(r[0], w)));
      }
    }
    return sums.select(rates.toArray(Column[]::new));
  }

  /** Within the 365 days ending on the row's as_of_date. */
  static Column inLastYear(Column date) {
    Column age = datediff(col(AS_OF), date);
    return age.geq(0).and(age.lt(365));
  }

  /**
   * Per date, the orders placed in the 365 days ending on it with a return, both known by it: the
   * only orders the behaviour features and bracketing look at (a bracketing order has a return).
   *
   * @param silver every version ({@link SilverSnapshot#read})
   */
  static Dataset<Row> returnedOrdersOfYear(SilverSnapshot silver, Dataset<Row> dates) {
    Column known = col("known_at").leq(col(AS_OF));
    Dataset<Row> returned = SilverSnapshot.perDate(silver.returns().select("order_id", "known_at"), dates, known)
        .select(AS_OF, "order_id");
    return SilverSnapshot.perDate(silver.orders().select("order_id", "order_ts", "known_at"), dates,
            known.and(inLastYear(to_date(col("order_ts")))))
        .select(AS_OF, "order_id")
        .join(returned, Cols.using(AS_OF, "order_id"), "left_semi");
  }

  /**
   * Behaviour features per customer and date from the last year's returns as known by the date.
   *
   * @param year the orders of {@link #returnedOrdersOfYear}, as of their dates
   */
  static Dataset<Row> behaviour(SilverSnapshot year, Dataset<Row> skuFeatures) {
    Dataset<Row> life = ReturnLifecycle.derive(year.returns(), year.orderLines(), year.orders(),
        year.products(), ParcelStatus.shipmentStatus(year.shipments(), year.events()), year.events(),
        year.refunds(), col(AS_OF))
        .join(skuFeatures.select(AS_OF, "sku", "is_elevated_defect_rate"), Cols.using(AS_OF, "sku"), "left");

    Column days = col("days_delivery_to_request");
    Column hasDelivery = days.isNotNull();
    Column wardrobeCategory = col("category").isin("Apparel", "Electronics").and(hasDelivery);
    Column weekendThenEarlyWeek = dayofweek(col("delivered_ts")).isin(1, 7)
        .and(dayofweek(col("requested_ts")).isin(2, 3))
        .and(datediff(col("requested_ts"), col("delivered_ts")).leq(3));
    Dataset<Row> perCustomer = life.groupBy(AS_OF, "customer_id").agg(
        expr("percentile(days_delivery_to_request, 0.5)").as("delivery_to_request_days_median_365d"),
        expr("percentile(days_delivery_to_request, 0.75) - percentile(days_delivery_to_request, 0.25)")
            .as("delivery_to_request_days_iqr_365d"),
        ratio(sum(when(wardrobeCategory.and(days.leq(3)), 1).otherwise(0)),
            sum(when(wardrobeCategory, 1).otherwise(0))).as("quick_return_share_365d"),
        ratio(sum(when(hasDelivery.and(weekendThenEarlyWeek), 1).otherwise(0)),
            sum(when(hasDelivery, 1).otherwise(0))).as("weekend_delivery_early_week_request_share_365d"),
        ratio(sum(col("is_seller_fault").cast("int")), count(lit(1))).as("seller_fault_share_365d"),
        sum(when(col("received_condition").eqNullSafe("EMPTY_BOX"), 1).otherwise(0)).as("received_empty_box_365d"),
        sum(when(col("received_condition").eqNullSafe("WRONG_ITEM"), 1).otherwise(0)).as("received_wrong_item_365d"),
        sum(when(col("received_condition").eqNullSafe("DAMAGED"), 1).otherwise(0)).as("received_damaged_365d"),
        sum(col("is_label_expired_unused").cast("int")).as("labels_expired_unused_365d"),
        sum(col("is_holiday_purchase").cast("int")).as("holiday_item_returns_365d"),
        sum(when(col("refund_count").gt(0).and(col("is_elevated_defect_rate").eqNullSafe(true)), 1).otherwise(0))
            .as("defect_sku_refunds_365d"));

    Dataset<Row> entropy = life.groupBy(AS_OF, "customer_id", "reason_code").agg(count(lit(1)).as("n"))
        .withColumn("p", col("n").divide(sum("n").over(
            org.apache.spark.sql.expressions.Window.partitionBy(AS_OF, "customer_id"))))
        .groupBy(AS_OF, "customer_id")
        .agg(sum(col("p").multiply(log(2.0, col("p")))).multiply(-1).plus(0.0).as("reason_entropy_365d"));

    return perCustomer.join(entropy, Cols.using(AS_OF, "customer_id"), "left")
        .join(bracketing(year), Cols.using(AS_OF, "customer_id"), "left");
  }

  /** Orders with one SKU in two or more sizes, all but one of those lines returned ({@code year}: as behaviour). */
  static Dataset<Row> bracketing(SilverSnapshot year) {
    Dataset<Row> returnedLines = year.returns().select(AS_OF, "order_id", "line_no").distinct()
        .withColumn("is_returned", lit(1));
    return DailyMeasures.lines(year)
        .join(returnedLines, Cols.using(AS_OF, "order_id", "line_no"), "left")
        .groupBy(AS_OF, "customer_id", "order_id", "sku")
        .agg(count(lit(1)).as("n"), count_distinct(col("size")).as("sizes"),
            coalesce(sum("is_returned"), lit(0L)).as("returned"))
        .filter(col("sizes").geq(2).and(col("returned").equalTo(col("n").minus(1))))
        .groupBy(AS_OF, "customer_id")
        .agg(count_distinct(col("order_id")).as("bracketing_orders_365d"));
  }

  /**
   * Expected return rates for each customer's category mix of the last year, from the SKU daily rows.
   *
   * @param now silver as of each date ({@link SilverSnapshot#asOfEach})
   */
  static Dataset<Row> expectedRates(SilverSnapshot now, Dataset<Row> skuDaily, Dataset<Row> dates) {
    Dataset<Row> categoryRates = SkuFeatures.categoryPriors(
        SkuFeatures.withCategory(SkuFeatures.sums365(skuDaily, dates), now.products()));
    Dataset<Row> mix = SkuFeatures.withCategory(DailyMeasures.lines(now).filter(inLastYear(col("event_date"))),
            now.products())
        .groupBy(AS_OF, "customer_id", "category")
        .agg(sum("quantity").as("units"), sum("line_value").as("spend"));
    Dataset<Row> j = mix.alias("m").join(categoryRates.alias("c"),
        col("m.category").eqNullSafe(col("c.category")).and(AsOfScope.sameDate("m", "c")), "left");
    return j.groupBy(col("m." + AS_OF).as(AS_OF), col("m.customer_id").as("customer_id")).agg(
        ratio(sum(col("m.units").multiply(coalesce(col("c.category_units_rate"), lit(0.0)))), sum("m.units"))
            .as("expected_units_rate"),
        ratio(sum(col("m.spend").cast("double").multiply(coalesce(col("c.category_value_rate"), lit(0.0)))),
            sum("m.spend")).as("expected_value_rate"));
  }

  /** Linked-account counts and account age from the customers and reviews known by each date. */
  static Dataset<Row> links(SilverSnapshot snapshot) {
    Dataset<Row> customers = snapshot.customers();
    Dataset<Row> latestReview = snapshot.fraudReviews().groupBy(AS_OF, "customer_id")
        .agg(max_by(col("decision"), expr("struct(reviewed_ts, review_id)")).as("decision"));
    Dataset<Row> pairs = null;
    for (String[] h : new String[][] {{"address_hash", "address"}, {"payment_fingerprint", "payment"},
        {"email_hash", "email"}}) {
      Dataset<Row> p = customers.alias("a").join(customers.alias("b"),
              col("a." + h[0]).equalTo(col("b." + h[0]))
                  .and(col("a.customer_id").notEqual(col("b.customer_id")))
                  .and(AsOfScope.sameDate("a", "b")), "inner")
          .select(col("a." + AS_OF).as(AS_OF), col("a.customer_id").as("customer_id"),
              col("b.customer_id").as("other_id"),
              lit(h[1]).as("kind"));
      pairs = pairs == null ? p : pairs.union(p);
    }
    Column flagged = col("r.decision").isin("WATCH", "CONFIRMED_ABUSE");
    Column confirmed = col("r.decision").equalTo("CONFIRMED_ABUSE");
    Dataset<Row> linkCounts = pairs.alias("p")
        .join(latestReview.alias("r"), col("p.other_id").equalTo(col("r.customer_id"))
            .and(AsOfScope.sameDate("p", "r")), "left")
        .groupBy(col("p." + AS_OF).as(AS_OF), col("p.customer_id").as("customer_id")).agg(
            count_distinct(when(col("kind").equalTo("address"), col("other_id"))).as("linked_accounts_address"),
            count_distinct(when(col("kind").equalTo("payment"), col("other_id"))).as("linked_accounts_payment"),
            count_distinct(when(col("kind").equalTo("email"), col("other_id"))).as("linked_accounts_email"),
            count_distinct(col("other_id")).as("linked_accounts"),
            count_distinct(when(flagged, col("other_id"))).as("linked_accounts_flagged"),
            count_distinct(when(confirmed, col("other_id"))).as("linked_accounts_confirmed"));
    return customers.select(col(AS_OF), col("customer_id"),
            datediff(col(AS_OF), to_date(col("created_at"))).as("account_age_days"))
        .join(linkCounts, Cols.using(AS_OF, "customer_id"), "left");
  }

  /**
   * @param customerDaily gold.customer_daily
   * @param skuDaily gold.sku_daily
   * @param silver every version ({@link SilverSnapshot#read})
   * @param skuFeatures gold.sku_features rows of the dates
   * @param dates the as_of_dates ({@link SilverSnapshot#dates})
   */
  public static Dataset<Row> compute(Dataset<Row> customerDaily, Dataset<Row> skuDaily,
      SilverSnapshot silver, Dataset<Row> skuFeatures, Dataset<Row> dates) {
    SilverSnapshot now = silver.asOfEach(dates);
    SilverSnapshot returnedInYear = silver.asOfFor(returnedOrdersOfYear(silver, dates));
    Seq<String> byCustomer = Cols.using(AS_OF, "customer_id");
    Dataset<Row> joined = windows(customerDaily, dates)
        .join(behaviour(returnedInYear, skuFeatures), byCustomer, "left")
        .join(expectedRates(now, skuDaily, dates), byCustomer, "left")
        .join(links(now), byCustomer, "left");

    int k = CUSTOMER_PRIOR_UNITS;
    Column units = col("units_365d").cast("double");
    Column spend = col("spend_365d").cast("double");
    Column eUnits = col("expected_units_rate");
    Column eValue = col("expected_value_rate");
    Column kValue = ratio(spend, units).multiply(k);
    List<Column> out = new ArrayList<>();
    for (String c : FeatureCatalog.columns(FeatureCatalog.Grain.CUSTOMER)) {
      Column v = switch (c) {
        case "return_rate_units_vs_category_365d" -> when(eUnits.gt(0),
            col("return_units_365d").plus(eUnits.multiply(k)).divide(units.plus(k)).divide(eUnits));
        case "return_rate_value_vs_category_365d" -> when(eValue.gt(0).and(spend.gt(0)),
            col("return_value_365d").cast("double").plus(eValue.multiply(kValue))
                .divide(spend.plus(kValue)).divide(eValue));
        case "received_empty_box_365d", "received_wrong_item_365d", "received_damaged_365d",
            "labels_expired_unused_365d", "holiday_item_returns_365d", "defect_sku_refunds_365d",
            "bracketing_orders_365d", "linked_accounts_address", "linked_accounts_payment",
            "linked_accounts_email", "linked_accounts", "linked_accounts_flagged", "linked_accounts_confirmed" ->
            coalesce(col(c).cast(DataTypes.LongType), lit(0L));
        default -> col(c);
      };
      out.add(v.as(c));
    }
    return joined.select(out.toArray(Column[]::new));
  }
}
