package dev.boomerang.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import dev.boomerang.testing.SparkTest;
import java.nio.file.Files;
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
    assertEquals(List.of("[R1,REFUNDED,2025-11-03]", "[R1,REQUESTED,2025-11-02]"),
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

  @Test
  void everyDirtyKindIsQuarantinedUnderItsRuleAndCountsReconcile() {
    Lake lk = Lake.local(tmp.resolve("lake"));
    Drops d = new Drops(tmp.resolve("landing"));
    String day = "2025-11-01";
    d.write("customers", day, "c.csv", Drops.customer("C1"), Drops.customer("C2").replace(",DE,", ",,"),
        Drops.customer("C3").replace(",DE,", ",Germany,"));
    d.write("products", day, "p.csv", Drops.product("P1"));
    d.write("orders", day, "o.csv", Drops.order("O1", "C1"), Drops.order("O2", "C1").replace(",FBA,", ",EBAY,"),
        Drops.order("O3", "C1").replace(",4.99,", ",-1.00,"),
        Drops.order("O4", "C1").replace("2025-11-01T09:00:00+01:00", "yesterday"));
    java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
    lines.writeBytes((Drops.header("order_lines") + "\n" + Drops.line("O1", 1, "P1", 2) + "\n"
        + Drops.line("O1", 2, "P1", 0) + "\n" + Drops.line("O1", 3, "P1", 2).replace(",0.00,", ",30.00,") + "\n"
        + Drops.line("O1", 1, "P1", 2) + "\n" + "O1,5,P1\n" + "O1,6,P1,1,10.00,0.00,")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    lines.write(0xFF); // not UTF-8
    lines.writeBytes("\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    d.writeBytes("order_lines", day, "l.csv", lines.toByteArray());
    d.write("returns", day, "r.csv", Drops.ret("R1", "O1", 1, 5, "REQUESTED", "2025-11-02T10:00:00Z"),
        Drops.ret("R2", "O1", 1, 1, "REQUESTED", "2025-11-02T10:00:00Z"));
    d.write("refunds", day, "f.csv", Drops.refund("F1", "O1", "1", "25.00", "0.00"),
        Drops.refund("F2", "O1", "", "20.00", "4.99"));
    d.write("tracking_events", day, "t.csv", Drops.scan("T1", "E1", "2025-11-01T13:00:00Z", "IN_TRANSIT"),
        Drops.scan("T1", "E1", "2025-11-01T13:00:00Z", "IN_TRANSIT"));

    IngestJob.Result r = ingest(lk, d, D1);
    assertTrue(r.problems().isEmpty(), r.problems().toString());
    assertEquals(List.of("[customers,C2,missing_required,country]", "[customers,C3,bad_format,country]",
            "[order_lines,null,bad_encoding,null]", "[order_lines,null,wrong_column_count,null]",
            "[order_lines,{\"order_id\":\"O1\",\"line_no\":\"2\",\"sku\":\"P1\",\"quantity\":\"0\",\"unit_price\":\"10.00\",\"discount\":\"0.00\",\"size\":\"M\"},out_of_range,quantity]",
            "[order_lines,{\"order_id\":\"O1\",\"line_no\":\"3\",\"sku\":\"P1\",\"quantity\":\"2\",\"unit_price\":\"10.00\",\"discount\":\"30.00\",\"size\":\"M\"},out_of_range,discount]",
            "[orders,O2,not_allowed,channel]", "[orders,O3,out_of_range,shipping_fee]", "[orders,O4,bad_format,order_ts]",
            "[refunds,F1,refund_exceeds_paid,item_amount]", "[returns,R1,out_of_range,quantity]"),
        rows(lk.read(spark, Tables.OPS_QUARANTINE).selectExpr("entity",
            "CASE WHEN entity = 'order_lines' AND rule NOT IN ('bad_encoding', 'wrong_column_count') THEN raw_record "
                + "WHEN entity = 'order_lines' THEN NULL ELSE get_json_object(raw_record, '$.' || CASE entity "
                + "WHEN 'customers' THEN 'customer_id' WHEN 'orders' THEN 'order_id' WHEN 'refunds' THEN 'refund_id' "
                + "ELSE 'rma_id' END) END", "rule", "column_name")),
        "each dirty row is quarantined once, under the first rule it breaks");
    assertEquals(List.of("[order_lines,5,wrong_column_count]", "[order_lines,6,bad_encoding]"),
        rows(lk.read(spark, Tables.OPS_QUARANTINE).where("entity = 'order_lines' AND column_name IS NULL")
            .select("entity", "row_number", "rule")), "unreadable lines keep their row number");
    assertEquals(List.of("[O1,1,20.00]"), rows(lk.read(spark, "silver.order_lines").selectExpr("order_id", "line_no",
        "quantity * unit_price - discount")), "the duplicate line collapses into one");
    assertEquals(List.of("[F2]"), rows(lk.read(spark, "silver.refunds").select("refund_id")));
    for (Entity e : Contract.ENTITIES) {
      long bronze = count(lk, Tables.bronze(e.name()), "true");
      long unreadable = count(lk, Tables.OPS_QUARANTINE, "entity = '" + e.name() + "' AND rule IN ('bad_encoding', 'wrong_column_count')");
      long silver = count(lk, Tables.silver(e.name()), "true");
      long quarantined = count(lk, Tables.OPS_QUARANTINE, "entity = '" + e.name() + "'");
      Row a = lk.read(spark, Tables.OPS_INGEST_AUDIT).where("entity = '" + e.name() + "'").collectAsList().stream()
          .findFirst().orElse(null);
      long collapsed = a == null ? 0 : a.<Long>getAs("duplicates_collapsed");
      assertEquals(bronze + unreadable, silver + collapsed + quarantined,
          e.name() + ": bronze rows (+ unreadable lines) = silver + collapsed duplicates + quarantine");
    }
    assertEquals(1L, lk.read(spark, Tables.OPS_INGEST_AUDIT).where("entity = 'tracking_events'").head()
        .<Long>getAs("duplicates_collapsed"), "the twice-sent scan is one collapsed duplicate");
  }

  @Test
  void heldReferencesResolveOrExpireAndFilesAreTakenExactlyOnce() throws Exception {
    Lake lk = Lake.local(tmp.resolve("lake"));
    Drops d = new Drops(tmp.resolve("landing"));
    Path customers = d.write("customers", "2025-11-01", "c.csv", Drops.customer("C1"));
    d.write("products", "2025-11-01", "p.csv", Drops.product("P1"));
    d.write("orders", "2025-11-01", "o.csv", Drops.order("O1", "C1"));
    d.write("returns", "2025-11-01", "r.csv", Drops.ret("R1", "O1", 1, 1, "REQUESTED", "2025-11-02T10:00:00Z"),
        Drops.ret("R2", "O9", 1, 1, "REQUESTED", "2025-11-02T10:00:00Z"));
    d.writeRaw("shipments", "2025-11-01", "s.csv", Drops.header("shipments").replace(',', ';'),
        Drops.shipment("S1", "O1").replace(',', ';'));
    d.write("order_lines", "2025-11-02", "l.csv", Drops.line("O1", 1, "P1", 2));
    d.write("customers", "2025-11-09", "c.csv", Drops.customer("C9"));

    IngestJob.Result r1 = ingest(lk, d, D1);
    assertEquals(1, r1.problems().size(), r1.problems().toString());
    assertTrue(r1.problems().get(0).startsWith("shipments not loaded: ") && r1.problems().get(0).endsWith(
        "s.csv: the header uses ';' as delimiter; the contract says ','"), r1.problems().get(0));
    assertEquals(1, count(lk, "silver.orders", "true"), "the other entities still land");
    assertEquals(2, count(lk, Tables.OPS_PENDING, "entity = 'returns'"), "both returns wait for their line");

    ingest(lk, d, D2);
    assertEquals(List.of("[R1,2025-11-01]"), rows(lk.read(spark, "silver.returns").select("rma_id", "known_at")),
        "the held return lands once its line is known, with the drop date it came in");
    assertEquals(1, count(lk, Tables.OPS_PENDING, "entity = 'returns'"));

    d.write("orders", "2025-11-01", "late.csv", Drops.order("O7", "C1")); // a late file for an earlier day
    Files.setLastModifiedTime(customers, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    ingest(lk, d, LocalDate.parse("2025-11-03"));
    assertEquals(List.of("[O1,2025-11-01]", "[O7,2025-11-01]"), rows(lk.read(spark, "silver.orders").select("order_id", "known_at")),
        "a late file for an earlier day is picked up with its own drop date");
    assertEquals(1, count(lk, Tables.OPS_PENDING, "entity = 'returns'"), "2 days after: still held");

    Files.writeString(customers, Drops.header("customers") + "\n" + Drops.customer("C1").replace(",DE,", ",FR,") + "\n");
    IngestJob.Result r4 = ingest(lk, d, LocalDate.parse("2025-11-04"));
    assertEquals(List.of("[returns,R2,unknown_reference]"), rows(lk.read(spark, Tables.OPS_QUARANTINE)
        .selectExpr("entity", "get_json_object(raw_record, '$.rma_id')", "rule")), "3 days after: quarantined for good");
    assertEquals(0, count(lk, Tables.OPS_PENDING, "true"));
    assertTrue(r4.problems().stream().anyMatch(p -> p.startsWith("changed file refused: ") && p.contains("c.csv")),
        "a changed file is refused loudly: " + r4.problems());
    assertEquals(List.of("[C1,DE]"), rows(lk.read(spark, "silver.customers").select("customer_id", "country")),
        "the touched-but-equal file was skipped, the changed one not read, the 2025-11-09 drop not yet due");
    assertEquals(6, count(lk, Tables.OPS_INGESTED_FILES, "true"), "each file is recorded once");
  }

  /**
   * {@code ingest --from D2 --to D5} is one batch, and leaves the lake as runs on each of those days
   * do: references that arrive within the retry window resolve, later ones expire, also through a
   * chain (a return waits for a line that itself waits for its order), a refund without a line
   * waits for the order's first line, and a row still waiting keeps its own window.
   */
  @Test
  void aRangeIsOneBatchThatEqualsARunOnEachDay() {
    Drops d = new Drops(tmp.resolve("landing"));
    String day1 = "2025-11-01";
    d.write("customers", day1, "c.csv", Drops.customer("C1"));
    d.write("products", day1, "p.csv", Drops.product("P1"));
    d.write("orders", day1, "o.csv", Drops.order("O1", "C1"), Drops.order("O2", "C1"), Drops.order("O3", "C1"),
        Drops.order("O4", "C1"), Drops.order("O7", "C1"));
    d.write("order_lines", day1, "l.csv", Drops.line("O1", 1, "P1", 2));
    d.write("returns", day1, "r.csv",
        Drops.ret("RA", "O2", 1, 1, "REQUESTED", "2025-11-02T10:00:00Z"),  // line on day 3: resolves
        Drops.ret("RB", "O3", 1, 1, "REQUESTED", "2025-11-02T10:00:00Z"),  // line on day 4: resolves on its last day
        Drops.ret("RC", "O4", 1, 1, "REQUESTED", "2025-11-02T10:00:00Z"),  // line on day 5: expires on day 4
        Drops.ret("R5", "O5", 1, 1, "REQUESTED", "2025-11-02T10:00:00Z"),  // line (day 2) accepted on day 4 with O5
        Drops.ret("R6", "O6", 1, 1, "REQUESTED", "2025-11-02T10:00:00Z")); // line (day 2) accepted on day 5: too late
    d.write("refunds", day1, "f.csv", Drops.refund("F7", "O7", "", "5.00", "0.00")); // O7's line on day 5: expires
    d.write("order_lines", "2025-11-02", "l.csv", Drops.line("O5", 1, "P1", 1), Drops.line("O6", 1, "P1", 1));
    d.write("orders", "2025-11-02", "o.csv", Drops.order("O8", "C1"));
    d.write("refunds", "2025-11-02", "f.csv", Drops.refund("F8", "O8", "", "5.00", "0.00")); // O8's line on day 4
    d.write("order_lines", "2025-11-03", "l.csv", Drops.line("O2", 1, "P1", 1));
    d.write("order_lines", "2025-11-04", "l.csv", Drops.line("O3", 1, "P1", 1), Drops.line("O8", 1, "P1", 1));
    d.write("orders", "2025-11-04", "o.csv", Drops.order("O5", "C1"));
    d.write("order_lines", "2025-11-05", "l.csv", Drops.line("O4", 1, "P1", 1), Drops.line("O7", 1, "P1", 1));
    d.write("orders", "2025-11-05", "o.csv", Drops.order("O6", "C1"));
    d.write("returns", "2025-11-05", "r.csv", Drops.ret("RZ", "O99", 1, 1, "REQUESTED", "2025-11-05T10:00:00Z"));
    LocalDate last = LocalDate.parse("2025-11-05");

    Lake daily = Lake.local(tmp.resolve("daily"));
    Lake range = Lake.local(tmp.resolve("range"));
    ingest(daily, d, D1);
    ingest(range, d, D1); // rows held from a batch before the range
    for (LocalDate day = D2; !day.isAfter(last); day = day.plusDays(1)) {
      ingest(daily, d, day);
    }
    IngestJob.Result one = IngestJob.run(spark, range, d.landing().toString(), new IngestJob.Args(D2, last));
    assertEquals(1, one.audits().stream().map(IngestJob.Audit::batchId).distinct().count(), "the range is one batch");

    assertEquals(List.of("[R5]", "[RA]", "[RB]"), rows(range.read(spark, "silver.returns").select("rma_id")));
    assertEquals(List.of("[F8]"), rows(range.read(spark, "silver.refunds").select("refund_id")));
    assertEquals(List.of("[refunds,F7,2025-11-01]", "[returns,R6,2025-11-01]", "[returns,RC,2025-11-01]"),
        rows(range.read(spark, Tables.OPS_QUARANTINE).selectExpr("entity",
            "coalesce(get_json_object(raw_record, '$.rma_id'), get_json_object(raw_record, '$.refund_id'))",
            "known_at")), "unknown_reference after the window, as day by day");
    assertEquals(List.of("[RZ,2025-11-05]"), rows(range.read(spark, Tables.OPS_PENDING)
        .selectExpr("get_json_object(raw_record, '$.rma_id')", "pending_since")), "its window starts on its own day");

    assertEquals(silverContent(daily), silverContent(range), "silver");
    for (String t : List.of(Tables.OPS_QUARANTINE, Tables.OPS_PENDING)) {
      assertEquals(rows(daily.read(spark, t).drop("batch_id", "source_batch_id", "quarantined_at")),
          rows(range.read(spark, t).drop("batch_id", "source_batch_id", "quarantined_at")), t);
    }
  }

  @Test
  void aBatchCutShortAnywhereIsResumedToTheSameLake() {
    Drops d = new Drops(tmp.resolve("landing"));
    d.write("customers", "2025-11-01", "c.csv", Drops.customer("C1"));
    d.write("products", "2025-11-01", "p.csv", Drops.product("P1"));
    d.write("orders", "2025-11-01", "o.csv", Drops.order("O1", "C1"));
    d.write("order_lines", "2025-11-01", "l.csv", Drops.line("O1", 1, "P1", 2));
    d.write("returns", "2025-11-02", "r.csv", Drops.ret("R1", "O1", 1, 1, "REQUESTED", "2025-11-02T10:00:00Z"),
        Drops.ret("R9", "O9", 1, 1, "REQUESTED", "2025-11-02T10:00:00Z"));
    Lake uninterrupted = Lake.local(tmp.resolve("a"));
    ingest(uninterrupted, d, D1);
    ingest(uninterrupted, d, D2);

    Lake crashed = Lake.local(tmp.resolve("b"));
    ingest(crashed, d, D1);
    Map<String, Long> before = new TreeMap<>();
    for (String t : crashed.tables(spark)) {
      before.put(t, dev.boomerang.common.Delta.version(spark, crashed, t));
    }
    ingest(crashed, d, D2);
    // The crash: day 2 claimed its files and appended bronze; the MERGE into silver.returns, the
    // history, the pending rows and the audit never committed.
    for (String t : List.of("silver.returns", "silver.returns_history", Tables.OPS_PENDING, Tables.OPS_QUARANTINE,
        Tables.OPS_INGEST_AUDIT)) {
      crashed.delta(spark, t).restoreToVersion(before.get(t));
    }
    assertEquals(0, count(crashed, Tables.OPS_INGEST_AUDIT, "batch_id LIKE '2025-11-02%'"));
    IngestJob.Result resumed = ingest(crashed, d, D2);
    assertEquals(List.of("2025-11-02.2"), resumed.audits().stream().map(IngestJob.Audit::batchId).toList(),
        "the unfinished batch is resumed under its id, and no other batch is made");
    assertEquals(List.of("[R1,2025-11-02]"), rows(crashed.read(spark, "silver.returns").select("rma_id", "known_at")));

    assertEquals(silverContent(uninterrupted), silverContent(crashed), "silver equals the uninterrupted runs");
    for (String t : List.of(Tables.OPS_QUARANTINE, Tables.OPS_PENDING, Tables.OPS_INGEST_AUDIT, Tables.OPS_INGESTED_FILES,
        "bronze.returns", "bronze.orders")) {
      assertEquals(rows(uninterrupted.read(spark, t)), rows(crashed.read(spark, t)), t + " equals the uninterrupted run");
    }
    assertEquals(1, count(crashed, Tables.OPS_PENDING, "true"), "R9 still waits for its order line");
  }
}
