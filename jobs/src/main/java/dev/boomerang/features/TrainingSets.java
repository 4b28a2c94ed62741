package dev.boomerang.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import dev.boomerang.common.Cols;
import dev.boomerang.common.Delta;
import dev.boomerang.silver.ReturnLifecycle;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The two training sets, both through {@link AsOfJoin} (customer and SKU features from the latest
 * as_of strictly before the label time). Grain and columns: {@link FeatureCatalog} ORDER_LINE and
 * CUSTOMER_TRAINING.
 */
public final class TrainingSets {

  private TrainingSets() {}

  /** Order lines whose row a run refreshes: orders placed in this many days ending on the run date. */
  public static final int LINE_HORIZON_DAYS = 365;

  /** gold.customer_features renamed for joining: customer_id, customer_as_of_date, c_*. */
  static Dataset<Row> prefixed(Dataset<Row> features, String key, String asOfName, String prefix) {
    List<Column> cols = new ArrayList<>(List.of(col(key), col("as_of_date").as(asOfName)));
    for (String c : features.columns()) {
      if (!c.equals(key) && !c.equals("as_of_date")) {
        cols.add(col(c).as(prefix + c));
      }
    }
    return features.select(cols.toArray(Column[]::new));
  }

  /**
   * gold.order_line_training as of {@code asOf}: lines of orders placed in the
   * {@value #LINE_HORIZON_DAYS} days ending on it.
   *
   * <p>Line attributes are those known by the end of the order date, the time a line is first
   * scored: the product version, and the carrier of a shipment already known then (else UNKNOWN).
   * Delivery delay is left out: at that time the parcel has not arrived, so a model trained on it
   * would learn from a value it never has when scoring. The label uses what is known by asOf.
   *
   * @param raw silver with every version (not reduced)
   * @param customerFeatures gold.customer_features
   * @param skuFeatures gold.sku_features
   */
  public static Dataset<Row> orderLines(SilverSnapshot raw, Dataset<Row> customerFeatures,
      Dataset<Row> skuFeatures, LocalDate asOf) {
    SilverSnapshot known = raw.asOf(asOf);
    Column d = lit(Date.valueOf(asOf));
    Column age = datediff(d, to_date(col("o.order_ts")));
    Dataset<Row> lines = known.orderLines().alias("l")
        .join(known.orders().alias("o"), col("l.order_id").equalTo(col("o.order_id")), "inner")
        .filter(age.geq(0).and(age.lt(LINE_HORIZON_DAYS)))
        .select(col("l.order_id"), col("l.line_no"), col("o.customer_id"), col("l.sku"), col("o.order_ts"),
            to_date(col("o.order_ts")).as("order_date"), col("l.unit_price"), col("l.quantity"),
            col("l.discount"), col("l.size"), col("o.channel"), col("o.ship_service_level").as("service_level"),
            col("o.promo_code").isNotNull().as("has_promo"),
            month(col("o.order_ts")).isin(11, 12).as("is_holiday_purchase"));

    Dataset<Row> perOrder = known.orderLines().groupBy("order_id")
        .agg(count(lit(1)).as("order_lines"), count_distinct(col("size")).as("order_distinct_sizes"));
    Dataset<Row> perOrderSku = known.orderLines().groupBy("order_id", "sku")
        .agg(count(lit(1)).as("sku_lines_in_order"));
    // Carrier as known by the end of the order date: a shipment first known later is not used.
    Dataset<Row> carrier = known.shipments().alias("s")
        .join(known.orders().alias("o"), col("s.order_id").equalTo(col("o.order_id")), "inner")
        .filter(col("s.known_at").leq(to_date(col("o.order_ts"))))
        .groupBy(col("s.order_id").as("order_id"))
        .agg(min_by(col("s.carrier"), col("s.shipped_ts")).as("carrier"));
    Dataset<Row> delivery = DailyMeasures.deliveryPerOrder(known);
    Dataset<Row> returned = known.returns().select(col("order_id"), col("line_no"), col("requested_ts"))
        .groupBy("order_id", "line_no").agg(min("requested_ts").as("first_request_ts"));
    // Product versions by the day they became known; several versions on one day: the latest.
    Dataset<Row> productVersions = Delta.latestPerKey(
            raw.products().filter(col("known_at").leq(d)), List.of("sku", "known_at"),
            List.of(col("updated_ts").desc()))
        .select(col("sku"), col("known_at").as("product_known_at"), col("category"));

    Dataset<Row> base = lines
        .join(perOrder, Cols.using("order_id"), "left")
        .join(perOrderSku, Cols.using("order_id", "sku"), "left")
        .join(carrier, Cols.using("order_id"), "left")
        .join(delivery.select("order_id", "delivered_ts"), Cols.using("order_id"), "left")
        .join(returned, Cols.using("order_id", "line_no"), "left")
        .withColumn("return_window_end", ReturnLifecycle.returnWindowEnd(col("order_ts"), col("delivered_ts")));
    Dataset<Row> withProduct = AsOfJoin.join(base, productVersions, List.of("sku"), "order_date",
        "product_known_at", false, null);
    Dataset<Row> withCustomer = AsOfJoin.join(withProduct,
        prefixed(customerFeatures, "customer_id", "customer_as_of_date", "c_"),
        List.of("customer_id"), "order_date", "customer_as_of_date", AsOfJoin.STRICTLY_BEFORE, null);
    Dataset<Row> withSku = AsOfJoin.join(withCustomer,
        prefixed(skuFeatures, "sku", "sku_as_of_date", "s_"),
        List.of("sku"), "order_date", "sku_as_of_date", AsOfJoin.STRICTLY_BEFORE, null);

    List<Column> out = new ArrayList<>();
    for (String c : FeatureCatalog.columns(FeatureCatalog.Grain.ORDER_LINE)) {
      Column v = switch (c) {
        case "discount_share" -> SkuFeatures.ratio(col("discount"), col("quantity").multiply(col("unit_price")));
        case "carrier" -> coalesce(col("carrier"), lit("UNKNOWN"));
        case "is_returned" -> coalesce(to_date(col("first_request_ts")).leq(col("return_window_end")), lit(false));
        case "is_censored" -> col("return_window_end").geq(d);
        case "label_as_of_date" -> d;
        default -> col(c);
      };
      out.add(v.as(c));
    }
    return withSku.select(out.toArray(Column[]::new));
  }

  /**
   * gold.customer_training as of {@code asOf}: every fraud review known by then, labelled as
   * decided, with the customer's features of the latest as_of strictly before the review date.
   */
  public static Dataset<Row> customerReviews(SilverSnapshot raw, Dataset<Row> customerFeatures, LocalDate asOf) {
    Dataset<Row> reviews = raw.asOf(asOf).fraudReviews().select(col("review_id"), col("customer_id"),
        col("reviewed_ts"), to_date(col("reviewed_ts")).as("review_date"), col("decision"), col("abuse_type"),
        col("decision").equalTo("CONFIRMED_ABUSE").as("is_abuse"));
    Dataset<Row> joined = AsOfJoin.join(reviews,
        prefixed(customerFeatures, "customer_id", "customer_as_of_date", "c_"),
        List.of("customer_id"), "review_date", "customer_as_of_date", AsOfJoin.STRICTLY_BEFORE, null);
    List<Column> out = new ArrayList<>();
    for (String c : FeatureCatalog.columns(FeatureCatalog.Grain.CUSTOMER_TRAINING)) {
      out.add((c.equals("label_as_of_date") ? lit(Date.valueOf(asOf)) : col(c)).as(c));
    }
    return joined.select(out.toArray(Column[]::new));
  }
}
