package dev.boomerang.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.boomerang.common.Delta;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Stage;
import dev.boomerang.common.Tables;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps {@code silver.shipment_status} and {@code silver.return_lifecycle} current after ingest
 * batches. Only keys touched by silver rows those batches wrote ({@code _batch_id}) are
 * recomputed, from <i>all</i> their inputs, and merged by key, so the cost follows the batch and a
 * rerun changes nothing. Return lifecycles whose unused label has expired by the end of
 * {@code asOf} but are not yet marked so are recomputed too, since that flag turns with time alone.
 */
public final class DerivedTables {

  private DerivedTables() {}

  public static void update(SparkSession spark, Lake lake, List<String> batchIds, LocalDate asOf) {
    Column inBatch = col("_batch_id").isin(batchIds.toArray());
    Dataset<Row> shipments = lake.read(spark, Tables.silver("shipments"));
    Dataset<Row> events = lake.read(spark, Tables.silver("tracking_events"));
    Dataset<Row> touchedParcels = touchedParcelsOf(shipments, events, inBatch);
    updateShipmentStatus(spark, lake, shipments, events, touchedParcels);
    updateReturnLifecycle(spark, lake, shipments, events, touchedParcels, inBatch, asOf);
  }

  private static void updateShipmentStatus(SparkSession spark, Lake lake, Dataset<Row> shipments,
      Dataset<Row> events, Dataset<Row> touchedParcels) {
    try (Stage s = Stage.start("silver.shipment_status")) {
      Dataset<Row> touched = shipments.join(touchedParcels, new String[] {"carrier", "tracking_id"}, "left_semi");
      if (lake.exists(spark, Tables.SILVER_SHIPMENT_STATUS) && touched.isEmpty()) {
        s.rows(0, 0);
        return;
      }
      Dataset<Row> status = ParcelStatus.shipmentStatus(touched,
          events.join(touchedParcels, new String[] {"carrier", "tracking_id"}, "left_semi")).cache();
      Delta.createIfNotExists(spark, lake, Tables.SILVER_SHIPMENT_STATUS, status.schema());
      Delta.upsertLatest(spark, lake, Tables.SILVER_SHIPMENT_STATUS, status, List.of("shipment_id"),
          List.of(col("known_at").desc()), null);
      s.rows(touched.count(), status.count());
      status.unpersist();
    }
  }

  private static void updateReturnLifecycle(SparkSession spark, Lake lake, Dataset<Row> shipments,
      Dataset<Row> events, Dataset<Row> touchedParcels, Column inBatch, LocalDate asOf) {
    try (Stage s = Stage.start("silver.return_lifecycle")) {
      Dataset<Row> returns = lake.read(spark, Tables.silver("returns"));
      Dataset<Row> refunds = lake.read(spark, Tables.silver("refunds"));
      Dataset<Row> status = lake.read(spark, Tables.SILVER_SHIPMENT_STATUS);
      Column expiredNotYetMarked = col("is_label_expired_unused").equalTo(false)
          .and(col("label_expires_ts").lt(lit(Date.valueOf(asOf.plusDays(1))).cast("timestamp")))
          .and(col("return_first_scan_ts").isNull()).and(col("received_ts").isNull());
      Dataset<Row> expiring = lake.exists(spark, Tables.SILVER_RETURN_LIFECYCLE)
          ? lake.read(spark, Tables.SILVER_RETURN_LIFECYCLE).filter(expiredNotYetMarked).select("rma_id")
          : returns.limit(0).select("rma_id");
      Dataset<Row> touchedOrders = shipments.filter(inBatch).select("order_id")
          .union(status.join(touchedParcels, new String[] {"carrier", "tracking_id"},
              "left_semi").select("order_id"))
          .union(lake.read(spark, Tables.silver("order_lines")).filter(inBatch).select("order_id"))
          .union(lake.read(spark, Tables.silver("orders")).filter(inBatch).select("order_id"));
      Dataset<Row> touchedRmas = returns.filter(inBatch).select("rma_id")
          .union(expiring)
          .union(refunds.filter(inBatch.and(col("rma_id").isNotNull())).select("rma_id"))
          .union(returns.join(touchedOrders, new String[] {"order_id"}, "left_semi").select("rma_id"))
          .union(returns.join(events.filter(inBatch).select(col("carrier").as("return_carrier"),
              col("tracking_id").as("return_tracking_id")), new String[] {"return_carrier", "return_tracking_id"},
              "left_semi").select("rma_id"))
          .distinct();
      Dataset<Row> touched = returns.join(touchedRmas, new String[] {"rma_id"}, "left_semi");
      if (lake.exists(spark, Tables.SILVER_RETURN_LIFECYCLE) && touched.isEmpty()) {
        s.rows(0, 0);
        return;
      }
      Dataset<Row> lifecycle = ReturnLifecycle.derive(touched,
          lake.read(spark, Tables.silver("order_lines")), lake.read(spark, Tables.silver("orders")),
          lake.read(spark, Tables.silver("products")), status, events, refunds, lit(Date.valueOf(asOf))).cache();
      Delta.createIfNotExists(spark, lake, Tables.SILVER_RETURN_LIFECYCLE, lifecycle.schema());
      Delta.upsertLatest(spark, lake, Tables.SILVER_RETURN_LIFECYCLE, lifecycle, List.of("rma_id"),
          List.of(col("known_at").desc()), null);
      s.rows(touched.count(), lifecycle.count());
      lifecycle.unpersist();
    }
  }

  private static Dataset<Row> touchedParcelsOf(Dataset<Row> shipments, Dataset<Row> events, Column inBatch) {
    return shipments.filter(inBatch).select("carrier", "tracking_id")
        .union(events.filter(inBatch).select("carrier", "tracking_id")).distinct();
  }
}
