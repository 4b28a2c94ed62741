package dev.boomerang.silver;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import dev.boomerang.common.AsOfScope;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The state of a parcel from its carrier scans: one row per shipment ({@code silver.shipment_status}).
 *
 * <p>Scans are matched to a shipment by carrier and tracking code. Carriers recycle codes, so a
 * scan only counts for a shipment if it lies in {@code [shipped_ts - 1 day, shipped_ts + 120 days)}.
 * Every figure is an order-independent aggregate keyed by {@code event_id} (the latest status is the
 * one with the greatest {@code (event_ts, event_id)}), so duplicate or out-of-order scans give the
 * same row. Cost: one join and one aggregation over the scans.
 */
public final class ParcelStatus {

  private ParcelStatus() {}

  /** Scans recorded this long before hand-over still count (label printed, clock skew). */
  static final String EARLY_SCAN_SLACK = "INTERVAL 1 DAY";
  /** Scans this long after hand-over belong to a later parcel with a recycled code. */
  static final String RECYCLE_HORIZON = "INTERVAL 120 DAYS";

  /**
   * Derives {@code silver.shipment_status}.
   *
   * @param shipments silver.shipments (contract columns plus known_at), optionally as of several
   *     dates ({@link AsOfScope}), as the events then are too
   * @param events silver.tracking_events (contract columns plus known_at)
   */
  public static Dataset<Row> shipmentStatus(Dataset<Row> shipments, Dataset<Row> events) {
    List<String> scope = AsOfScope.of(shipments);
    Dataset<Row> status = parcelStatus(shipments.select(AsOfScope.with(null, scope,
        col("shipment_id").as("parcel_id"), col("carrier"), col("tracking_id"), col("shipped_ts").as("anchor_ts"))),
        events);
    return shipments.alias("s")
        .join(status.alias("p"), col("s.shipment_id").equalTo(col("p.parcel_id"))
            .and(AsOfScope.same(scope, "s", "p")), "left")
        .select(AsOfScope.with("s", scope,
            col("s.shipment_id"), col("s.order_id"), col("s.carrier"), col("s.tracking_id"),
            col("s.signature_required"), col("s.shipped_ts"), col("s.promised_delivery_date"),
            col("p.first_scan_ts"), col("p.delivered_ts"), col("p.signed_by"),
            coalesce(col("p.is_delivered"), lit(false)).as("is_delivered"),
            coalesce(col("p.is_lost"), lit(false)).as("is_lost"),
            coalesce(col("p.is_returned_to_sender"), lit(false)).as("is_returned_to_sender"),
            when(col("p.delivered_ts").isNotNull(),
                greatest(lit(0), datediff(to_date(col("p.delivered_ts")), col("s.promised_delivery_date"))))
                .as("days_late"),
            coalesce(col("p.event_count"), lit(0L)).as("event_count"),
            col("p.last_status"), col("p.last_event_ts"),
            greatest(col("s.known_at"), col("p.events_known_at")).as("known_at")));
  }

  /**
   * The generic part, shared by outbound parcels and return parcels: one row per parcel that has
   * at least one scan.
   *
   * @param parcels parcel_id, carrier, tracking_id, anchor_ts (hand-over or label issue time), and
   *     as_of_date when the parcels are as of several dates ({@link AsOfScope}; the events then are too)
   * @param events tracking events with known_at
   * @return [as_of_date,] parcel_id, first_scan_ts, delivered_ts, signed_by, is_delivered, is_lost,
   *     is_returned_to_sender, event_count, last_status, last_event_ts, events_known_at
   */
  public static Dataset<Row> parcelStatus(Dataset<Row> parcels, Dataset<Row> events) {
    List<String> scope = AsOfScope.of(parcels);
    Column sameParcel = col("p.carrier").equalTo(col("e.carrier"))
        .and(col("p.tracking_id").equalTo(col("e.tracking_id")))
        .and(AsOfScope.same(scope, "p", "e"));
    Column notRecycled = col("e.event_ts").geq(col("p.anchor_ts").minus(expr(EARLY_SCAN_SLACK)))
        .and(col("e.event_ts").lt(col("p.anchor_ts").plus(expr(RECYCLE_HORIZON))));
    Column delivered = col("e.status").equalTo("DELIVERED");
    Column eventOrder = struct(col("e.event_ts"), col("e.event_id"));

    return parcels.alias("p")
        .join(events.alias("e"), sameParcel.and(notRecycled), "inner")
        .groupBy(AsOfScope.cols("p", scope, "parcel_id"))
        .agg(
            min(col("e.event_ts")).as("first_scan_ts"),
            min(when(delivered, col("e.event_ts"))).as("delivered_ts"),
            min_by(col("e.signed_by"), when(delivered.and(col("e.signed_by").isNotNull()), eventOrder))
                .as("signed_by"),
            max(when(col("e.status").equalTo("LOST"), 1).otherwise(0)).as("has_lost"),
            max(when(col("e.status").equalTo("RETURNED_TO_SENDER"), 1).otherwise(0)).as("has_rts"),
            count_distinct(col("e.event_id")).as("event_count"),
            max_by(col("e.status"), eventOrder).as("last_status"),
            max(col("e.event_ts")).as("last_event_ts"),
            max(col("e.known_at")).as("events_known_at"))
        .select(AsOfScope.with(null, scope,
            col("parcel_id"), col("first_scan_ts"), col("delivered_ts"), col("signed_by"),
            col("delivered_ts").isNotNull().as("is_delivered"),
            col("has_lost").equalTo(1).and(col("delivered_ts").isNull()).as("is_lost"),
            col("has_rts").equalTo(1).as("is_returned_to_sender"),
            col("event_count"), col("last_status"), col("last_event_ts"), col("events_known_at")));
  }
}
