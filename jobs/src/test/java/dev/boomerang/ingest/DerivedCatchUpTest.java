package dev.boomerang.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.testing.SparkTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that dies after its batch's audit rows but before the derived tables took the batch in
 * leaves that batch unlisted in {@code ops.derived_batches}; the next run takes it in, even with no
 * new files to ingest.
 */
class DerivedCatchUpTest extends SparkTest {

  @TempDir Path tmp;

  @Test
  void aBatchTheDerivedTablesMissedIsTakenInByTheNextRun() {
    Lake lk = Lake.local(tmp.resolve("lake"));
    Drops d = new Drops(tmp.resolve("landing"));
    LocalDate day = LocalDate.parse("2025-11-01");
    d.write("customers", "2025-11-01", "c.csv", Drops.customer("C1"));
    d.write("products", "2025-11-01", "p.csv", Drops.product("P1"));
    d.write("orders", "2025-11-01", "o.csv", Drops.order("O1", "C1"));
    d.write("order_lines", "2025-11-01", "l.csv", Drops.line("O1", 1, "P1", 1));
    d.write("shipments", "2025-11-01", "s.csv", Drops.shipment("S1", "O1"));
    d.write("tracking_events", "2025-11-01", "t.csv",
        Drops.scan("TS1", "E1", "2025-11-01T09:00:00Z", "IN_TRANSIT"),
        Drops.scan("TS1", "E2", "2025-11-01T15:00:00Z", "DELIVERED"));
    IngestJob.run(spark, lk, d.landing().toString(), IngestJob.Args.day(day));
    List<String> status = IngestJobTest.rows(lk.read(spark, Tables.SILVER_SHIPMENT_STATUS));
    assertEquals(1, status.size(), "one shipment, one status row");
    assertEquals(List.of("[2025-11-01.1]"), IngestJobTest.rows(lk.read(spark, Tables.OPS_DERIVED_BATCHES).select("batch_id")),
        "the run's batch is listed as taken in");

    // The crash: the audit rows are there, the derived update and its ledger row are not.
    lk.delta(spark, Tables.OPS_DERIVED_BATCHES).delete();
    lk.delta(spark, Tables.SILVER_SHIPMENT_STATUS).delete();

    IngestJob.Result again = IngestJob.run(spark, lk, d.landing().toString(), IngestJob.Args.day(day));
    assertTrue(again.audits().isEmpty(), "no new files: no new batch");
    assertEquals(status, IngestJobTest.rows(lk.read(spark, Tables.SILVER_SHIPMENT_STATUS)),
        "the next run rebuilt the status the crashed run never wrote");
    assertEquals(1, lk.read(spark, Tables.OPS_DERIVED_BATCHES).count(), "and listed the batch");
  }
}
