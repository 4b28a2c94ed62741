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
 * Keeps {@code silver.shipment_status} and {@code silver.return_lifecycle} current after an
 * ingest of the drops {@code from..to}. Only keys touched by rows first known in that range are
 * recomputed, from <i>all</i> their inputs, and merged by key, so the cost follows the batch and a
 * rerun changes nothing. Return lifecycles whose label expires inside the range are recomputed
 * too, since "expired unused" turns true with time alone.
 */
public final class DerivedTables {

  private DerivedTables() {}

  public static void update(SparkSession spark, Lake lake, LocalDate from, LocalDate to) {
    Column inBatch = col("known_at").between(Date.valueOf(from), Date.valueOf(to));
    Dataset<Row> shipments = lake.read(spark, Tables.silver("shipments"));
    Dataset<Row> events = lake.read(spark, Tables.silver("tracking_events"));

    try (Stage s = Stage.start("silver.shipment_status")) {
      Dataset<Row> touchedParcels = shipments.filter(inBatch).select("carrier", "tracking_id")
          .union(events.filter(inBatch).select("carrier", "tracking_id")).distinct();
      Dataset<Row> touched = shipments.join(touchedParcels, new String[] {"carrier", "tracking_id"}, "left_semi");
      Dataset<Row> status = ParcelStatus.shipmentStatus(touched,
          events.join(touchedParcels, new String[] {"carrier", "tracking_id"}, "left_semi")).cache();
      Delta.createIfNotExists(spark, lake, Tables.SILVER_SHIPMENT_STATUS, status.schema());
      Delta.upsertLatest(spark, lake, Tables.SILVER_SHIPMENT_STATUS, status, List.of("shipment_id"),
          List.of(col("known_at").desc()), null);
      s.rows(touched.count(), status.count());
      status.unpersist();
    }

    try (Stage s = Stage.start("silver.return_lifecycle")) {
      Dataset<Row> returns = lake.read(spark, Tables.silver("returns"));
      Dataset<Row> refunds = lake.read(spark, Tables.silver("refunds"));
      Dataset<Row> status = lake.read(spark, Tables.SILVER_SHIPMENT_STATUS);
      Column labelExpiresInBatch = col("label_expires_ts")
          .geq(lit(Date.valueOf(from)).cast("timestamp"))
          .and(col("label_expires_ts").lt(lit(Date.valueOf(to.plusDays(1))).cast("timestamp")));
      Dataset<Row> touchedOrders = status.filter(inBatch).select("order_id")
          .union(lake.read(spark, Tables.silver("order_lines")).filter(inBatch).select("order_id"))
          .union(lake.read(spark, Tables.silver("orders")).filter(inBatch).select("order_id"));
      Dataset<Row> touchedRmas = returns.filter(inBatch.or(labelExpiresInBatch)).select("rma_id")
          .union(refunds.filter(inBatch.and(col("rma_id").isNotNull())).select("rma_id"))
          .union(returns.join(touchedOrders, new String[] {"order_id"}, "left_semi").select("rma_id"))
          .union(returns.join(events.filter(inBatch).select(col("carrier").as("return_carrier"),
              col("tracking_id").as("return_tracking_id")), new String[] {"return_carrier", "return_tracking_id"},
              "left_semi").select("rma_id"))
          .distinct();
      Dataset<Row> touched = returns.join(touchedRmas, new String[] {"rma_id"}, "left_semi");
      Dataset<Row> lifecycle = ReturnLifecycle.derive(touched,
          lake.read(spark, Tables.silver("order_lines")), lake.read(spark, Tables.silver("orders")),
          lake.read(spark, Tables.silver("products")), status, events, refunds, to).cache();
      Delta.createIfNotExists(spark, lake, Tables.SILVER_RETURN_LIFECYCLE, lifecycle.schema());
      Delta.upsertLatest(spark, lake, Tables.SILVER_RETURN_LIFECYCLE, lifecycle, List.of("rma_id"),
          List.of(col("known_at").desc()), null);
      s.rows(touched.count(), lifecycle.count());
      lifecycle.unpersist();
    }
  }
}
