package dev.boomerang.silver;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import dev.boomerang.common.AsOfScope;
import dev.boomerang.contract.ReasonCode;
import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One row per RMA ({@code silver.return_lifecycle}): the return joined to its line, order,
 * product, delivery, return parcel and refunds, with the lifecycle facts analysts and features need.
 *
 * <p>Rules (see {@code data/CONTRACT.md}): the return window ends {@value #RETURN_WINDOW_DAYS} days
 * after delivery (after the order date when no delivery scan is known); orders placed in November
 * or December may be returned until 31 January of the next year if that is later. A label expired
 * unused when its expiry lies before the end of {@code asOf} and the return parcel has no scan and
 * no receipt. The shipping refund matches responsibility when seller-fault returns refunded some
 * shipping (or the order had none) and buyer-remorse returns refunded none; it is null before any
 * refund. Cost: joins of returns to lines, orders, products, shipment status and refunds
 * (aggregated per RMA first, so no join multiplies rows).
 */
public final class ReturnLifecycle {

  private ReturnLifecycle() {}

  public static final int RETURN_WINDOW_DAYS = 30;

  /**
   * The last day a return request counts: {@value #RETURN_WINDOW_DAYS} days after delivery (after
   * the order date without a delivery), for November/December purchases at least 31 January next.
   */
  public static Column returnWindowEnd(Column orderTs, Column deliveredTs) {
    Column windowFrom = coalesce(to_date(deliveredTs), to_date(orderTs));
    Column standardWindowEnd = date_add(windowFrom, RETURN_WINDOW_DAYS);
    Column holidayWindowEnd = make_date(year(orderTs).plus(1), lit(1), lit(31));
    return when(month(orderTs).isin(11, 12), greatest(standardWindowEnd, holidayWindowEnd))
        .otherwise(standardWindowEnd);
  }

  /**
   * @param returns silver.returns
   * @param orderLines silver.order_lines
   * @param orders silver.orders
   * @param products silver.products
   * @param shipmentStatus {@link ParcelStatus#shipmentStatus}
   * @param events silver.tracking_events (for the return parcels)
   * @param refunds silver.refunds
   * @param asOf the logical date of the run, an expression over the returns' columns: label expiry
   *     is judged at its end. When every input is as of several dates ({@link AsOfScope}), this is
   *     their {@code as_of_date}, and each date's returns join only that date's rows.
   */
  public static Dataset<Row> derive(Dataset<Row> returns, Dataset<Row> orderLines, Dataset<Row> orders,
      Dataset<Row> products, Dataset<Row> shipmentStatus, Dataset<Row> events, Dataset<Row> refunds,
      Column asOf) {
    List<String> scope = AsOfScope.of(returns);
    Dataset<Row> delivery = shipmentStatus.groupBy(AsOfScope.cols(null, scope, "order_id")).agg(
        min("delivered_ts").as("delivered_ts"),
        max("known_at").as("delivery_known_at"));

    Dataset<Row> returnParcels = ParcelStatus.parcelStatus(
        returns.filter(col("return_tracking_id").isNotNull())
            .select(AsOfScope.with(null, scope, col("rma_id").as("parcel_id"), col("return_carrier").as("carrier"),
                col("return_tracking_id").as("tracking_id"),
                coalesce(col("label_issued_ts"), col("requested_ts")).as("anchor_ts"))),
        events);

    Dataset<Row> refundsPerRma = refunds.filter(col("rma_id").isNotNull())
        .groupBy(AsOfScope.cols(null, scope, "rma_id")).agg(
        sum("item_amount").as("refund_item_amount"),
        sum("shipping_amount").as("refund_shipping_amount"),
        count(lit(1)).as("refund_count"),
        min("refund_ts").as("first_refund_ts"),
        max(col("is_returnless").cast("int")).as("any_refund_returnless"),
        max("known_at").as("refunds_known_at"));

    Column sellerFault = col("r.reason_code").isin((Object[]) ReasonCode.sellerFaultNames().toArray());
    Column sizeRelated = col("r.reason_code").isin((Object[]) ReasonCode.sizeRelatedNames().toArray());
    Column holidayPurchase = month(col("o.order_ts")).isin(11, 12);
    Column windowEnd = returnWindowEnd(col("o.order_ts"), col("d.delivered_ts"));
    Column endOfAsOf = date_add(col("r._as_of"), 1).cast("timestamp");
    Column labelExpiredUnused = col("r.label_expires_ts").isNotNull()
        .and(col("r.label_expires_ts").lt(endOfAsOf))
        .and(col("rp.first_scan_ts").isNull())
        .and(col("r.received_ts").isNull());
    Column backAt = coalesce(col("r.received_ts"), col("rp.delivered_ts"));
    Column shippingMatches = when(col("f.refund_count").isNull(), lit(null).cast("boolean"))
        .when(sellerFault, col("f.refund_shipping_amount").gt(0).or(col("o.shipping_fee").equalTo(BigDecimal.ZERO)))
        .otherwise(col("f.refund_shipping_amount").equalTo(BigDecimal.ZERO));

    return returns.withColumn("_as_of", asOf).alias("r")
        .join(orderLines.alias("l"), col("r.order_id").equalTo(col("l.order_id"))
            .and(col("r.line_no").equalTo(col("l.line_no"))).and(AsOfScope.same(scope, "r", "l")), "left")
        .join(orders.alias("o"), col("r.order_id").equalTo(col("o.order_id"))
            .and(AsOfScope.same(scope, "r", "o")), "left")
        .join(products.alias("p"), col("l.sku").equalTo(col("p.sku")).and(AsOfScope.same(scope, "r", "p")), "left")
        .join(delivery.alias("d"), col("r.order_id").equalTo(col("d.order_id"))
            .and(AsOfScope.same(scope, "r", "d")), "left")
        .join(returnParcels.alias("rp"), col("r.rma_id").equalTo(col("rp.parcel_id"))
            .and(AsOfScope.same(scope, "r", "rp")), "left")
        .join(refundsPerRma.alias("f"), col("r.rma_id").equalTo(col("f.rma_id"))
            .and(AsOfScope.same(scope, "r", "f")), "left")
        .select(AsOfScope.with("r", scope,
            col("r.rma_id"), col("r.order_id"), col("r.line_no"), col("r.customer_id"),
            col("l.sku"), col("p.category"), col("o.channel"), col("o.order_ts"),
            holidayPurchase.as("is_holiday_purchase"),
            col("d.delivered_ts"), col("r.requested_ts"),
            windowEnd.as("return_window_end"),
            to_date(col("r.requested_ts")).leq(windowEnd).as("is_within_window"),
            unix_timestamp(col("r.requested_ts")).minus(unix_timestamp(col("d.delivered_ts")))
                .divide(86400.0).as("days_delivery_to_request"),
            col("r.reason_code"),
            when(sellerFault, lit("SELLER")).otherwise(lit("BUYER")).as("responsibility"),
            sellerFault.as("is_seller_fault"),
            sizeRelated.as("is_size_related"),
            col("r.quantity"), col("l.unit_price"),
            col("l.unit_price").multiply(col("r.quantity")).as("return_value"),
            col("r.resolution"), col("r.status"),
            col("r.label_issued_ts"), col("r.label_expires_ts"),
            labelExpiredUnused.as("is_label_expired_unused"),
            col("rp.first_scan_ts").as("return_first_scan_ts"),
            unix_timestamp(backAt).minus(unix_timestamp(col("rp.first_scan_ts")))
                .divide(86400.0).as("days_in_transit_back"),
            col("r.received_ts"), col("r.received_condition"),
            coalesce(col("f.refund_item_amount"), lit(BigDecimal.ZERO)).cast("decimal(12,2)").as("refund_item_amount"),
            coalesce(col("f.refund_shipping_amount"), lit(BigDecimal.ZERO)).cast("decimal(12,2)").as("refund_shipping_amount"),
            coalesce(col("f.refund_count"), lit(0L)).as("refund_count"),
            col("f.first_refund_ts"),
            col("r.resolution").equalTo("RETURNLESS_REFUND")
                .or(coalesce(col("f.any_refund_returnless"), lit(0)).equalTo(1)).as("is_returnless"),
            col("o.shipping_fee"),
            shippingMatches.as("is_shipping_refund_consistent"),
            array_max(array(col("r.known_at"), col("l.known_at"), col("o.known_at"),
                col("d.delivery_known_at"), col("f.refunds_known_at"))).as("known_at")));
  }
}
