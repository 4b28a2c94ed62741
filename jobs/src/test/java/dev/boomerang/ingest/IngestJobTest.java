package dev.boomerang.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import dev.boomerang.testing.SparkTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJobTest extends SparkTest {

  static final LocalDate D1 = LocalDate.parse("2025-11-01");
  static final LocalDate D2 = D1.plusDays(1);
  static final LocalDate D3 = D1.plusDays(2);

  @TempDir Path tmp;

  static IngestJob.Result ingest(Lake lk, Drops drops, LocalDate d) {
    return IngestJob.run(spark, lk, drops.landing().toString(), IngestJob.Args.day(d));
  }

  /** Silver content without the batch id (a lineage column that names the run), sorted. */
  static Map<String, List<String>> silverContent(Lake lk) {
    Map<String, List<String>> all = new TreeMap<>();
    for (Entity e : Contract.ENTITIES) {
      all.put(e.name(), rows(lk.read(spark, Tables.silver(e.name())).drop("_batch_id")));
    }
    return all;
  }

  static List<String> rows(Dataset<Row> df) {
    List<String> out = new ArrayList<>();
    df.collectAsList().forEach(r -> out.add(r.toString()));
    out.sort(String::compareTo);
    return out;
  }

  static long count(Lake lk, String table, String where) {
    return lk.read(spark, table).where(where).count();
  }

  static void cleanThreeDays(Drops d) {
    d.write("customers", "2025-11-01", "c.csv", Drops.customer("C1"), Drops.customer("C2"));
    d.write("products", "2025-11-01", "p.csv", Drops.product("P1"));
    d.write("orders", "2025-11-01", "o.csv", Drops.order("O1", "C1"), Drops.order("O2", "C2"));
    d.write("order_lines", "2025-11-01", "l.csv", Drops.line("O1", 1, "P1", 2), Drops.line("O2", 1, "P1", 1));
    d.write("shipments", "2025-11-01", "s.csv", Drops.shipment("S1", "O1"));
    d.write("tracking_events", "2025-11-01", "t.csv",
        Drops.scan("TS1", "E1", "2025-11-01T13:00:00Z", "IN_TRANSIT"));
    d.write("returns", "2025-11-02", "r.csv", Drops.ret("R1", "O1", 1, 1, "REQUESTED", "2025-11-02T10:00:00Z"));
    d.write("tracking_events", "2025-11-02", "t.csv",
        Drops.scan("TS1", "E2", "2025-11-02T09:00:00+01:00", "DELIVERED"),
        Drops.scan("TS1", "E1", "2025-11-01T13:00:00Z", "IN_TRANSIT"));
    d.write("returns", "2025-11-03", "r.csv", Drops.ret("R1", "O1", 1, 1, "REFUNDED", "2025-11-05T10:00:00Z"));
    d.write("refunds", "2025-11-03", "f.csv", Drops.refund("F1", "O1", "1", "10.00", "0.00"));
  }

  @Test
  void cleanDropsLandOnceAndAReturnStatusUpdateKeepsItsHistory() {
    Lake lk = Lake.local(tmp.resolve("lake"));
    Drops d = new Drops(tmp.resolve("landing"));
    cleanThreeDays(d);
    long t0 = System.nanoTime();
    IngestJob.Result r1 = ingest(lk, d, D1);
    System.out.printf("day 1 took %.1fs%n", (System.nanoTime() - t0) / 1e9);
    assertTrue(r1.problems().isEmpty(), r1.problems().toString());
    assertEquals(2, count(lk, "silver.orders", "true"));
    assertEquals(0, count(lk, "silver.returns", "true"), "the day-2 return is not visible on day 1");
    ingest(lk, d, D2);
    long afterD2 = lk.delta(spark, "silver.returns").history(1).select("version").head().getLong(0);
    ingest(lk, d, D3);
    assertEquals("REFUNDED", lk.read(spark, "silver.returns").head().getAs("status"));
    assertEquals("2025-11-03", lk.read(spark, "silver.returns").head().getAs("known_at").toString());
    assertEquals("REQUESTED", spark.read().format("delta").option("versionAsOf", afterD2)
        .load(lk.path("silver.returns")).head().getAs("status"), "time travel shows the earlier version");
    assertEquals(List.of("[R1,REQUESTED,2025-11-02]", "[R1,REFUNDED,2025-11-03]"),
        rows(lk.read(spark, "silver.returns_history").select("rma_id", "status", "known_at")));
    assertEquals(List.of("[DHL,TS1,E1,2025-11-01]", "[DHL,TS1,E2,2025-11-02]"),
        rows(lk.read(spark, "silver.tracking_events").select("carrier", "tracking_id", "event_id", "known_at")),
        "a resent scan keeps the day it was first seen");

    Map<String, List<String>> before = silverContent(lk);
    IngestJob.Result again = ingest(lk, d, D3);
    assertEquals(List.of(), again.audits(), "a second run of the same date finds nothing new");
    assertEquals(before, silverContent(lk), "running a date twice leaves silver unchanged");
    for (Row a : lk.read(spark, Tables.OPS_INGEST_AUDIT).collectAsList()) {
      assertEquals(a.<Long>getAs("rows_read") + a.<Long>getAs("pending_in"),
          a.<Long>getAs("rows_upserted") + a.<Long>getAs("duplicates_collapsed") + a.<Long>getAs("quarantined")
              + a.<Long>getAs("pending_out"), "audit reconciles: " + a);
    }
  }
}
