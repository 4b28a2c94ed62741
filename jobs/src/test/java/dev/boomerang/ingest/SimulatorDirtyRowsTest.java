package dev.boomerang.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.common.Cols;
import dev.boomerang.common.Tables;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import dev.boomerang.sim.SimConfig;
import dev.boomerang.sim.Simulator;
import dev.boomerang.testing.SparkTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 acceptance on the simulator's data: every dirty row it plants lands in
 * {@code ops.quarantine} under its expected rule, nothing else is quarantined, and per entity
 * {@code bronze rows = silver + collapsed duplicates + quarantine} with an {@code ops.ingest_audit}
 * that reconciles per batch. Grain: one generated landing (150 customers, 10 drop days, dirty rate
 * 0.05), ingested in two batches, plus one run {@link IngestRules#PENDING_WINDOW_DAYS} after the
 * last drop so that held unknown references expire into quarantine.
 */
class SimulatorDirtyRowsTest extends SparkTest {

  static final LocalDate START = LocalDate.parse("2025-11-01");
  static final int DAYS = 10;
  static final LocalDate LAST_DROP = START.plusDays(DAYS - 1);
  /**
   * Run dates: the drops in two batches (rows held by the first expire in the second), then one run
   * with no new files once the second batch's held rows expire. Each run costs about as much as a
   * day's run, so more batches mostly add time.
   */
  static final List<LocalDate> RUNS = List.of(START.plusDays(4), LAST_DROP,
      LAST_DROP.plusDays(IngestRules.PENDING_WINDOW_DAYS));
  static final List<String> KINDS = List.of("unparseable_date", "non_positive_quantity", "unknown_sku",
      "refund_exceeds_paid", "missing_key", "wrong_column_count", "non_utf8");

  @TempDir static Path dir;
  static Path landing;
  /** The truth's dirty rows: entity, drop_date, file (relative), line_number (physical), kind, expected_rule. */
  static List<Map<String, String>> dirty;
  /** Quarantine rows as "entity|file|row_number" → rule, with file relative to the landing root. */
  static Map<String, String> quarantined;
  static List<IngestJob.Audit> audits;
  static double ingestSeconds;

  @BeforeAll
  static void generateAndIngest() throws IOException {
    landing = dir.resolve("landing");
    Simulator.run(new SimConfig(START, DAYS, 150, 150 * 0.06, 42, 0.05, landing, dir.resolve("truth"), 0.03, 0.01,
        0.015, 1500, 1000, null, 200));
    dirty = csv(dir.resolve("truth/dirty_rows.csv"));

    audits = new ArrayList<>();
    long t0 = System.nanoTime();
    for (LocalDate d : RUNS) {
      IngestJob.Result r = IngestJob.run(spark, lake, landing.toString(), IngestJob.Args.day(d));
      assertTrue(r.problems().isEmpty(), "ingest " + d + " reported no problem: " + r.problems());
      audits.addAll(r.audits());
    }
    ingestSeconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("SimulatorDirtyRowsTest: %d ingest runs took %.1fs%n", RUNS.size(), ingestSeconds);

    quarantined = new TreeMap<>();
    for (Row r : lake.read(spark, Tables.OPS_QUARANTINE).select("entity", "source_file", "row_number", "rule")
        .collectAsList()) {
      String k = r.getString(0) + "|" + relative(r.getString(1)) + "|" + r.getLong(2);
      String was = quarantined.put(k, r.getString(3));
      assertEquals(null, was, "a landing row is quarantined at most once: " + k);
    }
  }

  @Test
  void everyDirtyKindIsPlantedSoTheCheckIsNotVacuous() {
    Map<String, Long> byKind = dirty.stream().collect(Collectors.groupingBy(d -> d.get("kind"), TreeMap::new,
        Collectors.counting()));
    System.out.println("dirty rows planted by kind: " + byKind);
    for (String k : KINDS) {
      assertTrue(byKind.getOrDefault(k, 0L) > 0, "the simulator planted at least one " + k + " row: " + byKind);
    }
    assertEquals(new TreeSet<>(KINDS), byKind.keySet(), "the truth lists exactly the seven documented kinds");
  }

  @Test
  void everyPlantedDirtyRowIsQuarantinedUnderItsExpectedRule() {
    List<String> wrong = new ArrayList<>();
    Map<String, Long> byKindAndRule = new TreeMap<>();
    for (Map<String, String> d : dirty) {
      // the header is physical line 1 and not a row: data row n is physical line n + 1
      String k = d.get("entity") + "|" + d.get("file") + "|" + (Long.parseLong(d.get("line_number")) - 1);
      String rule = quarantined.get(k);
      byKindAndRule.merge(d.get("kind") + " -> " + rule, 1L, Long::sum);
      if (!d.get("expected_rule").equals(rule)) {
        wrong.add(d.get("kind") + " at " + k + ": expected " + d.get("expected_rule") + ", quarantined as " + rule);
      }
    }
    System.out.println("planted dirty rows by kind -> quarantine rule: " + byKindAndRule);
    assertEquals(List.of(), wrong, "every planted dirty row is in ops.quarantine under its expected rule");
  }

  @Test
  void nothingButThePlantedDirtyRowsIsQuarantinedAndNothingIsLeftPending() {
    Set<String> planted = dirty.stream()
        .map(d -> d.get("entity") + "|" + d.get("file") + "|" + (Long.parseLong(d.get("line_number")) - 1))
        .collect(Collectors.toSet());
    Map<String, String> other = new TreeMap<>(quarantined);
    other.keySet().removeAll(planted);
    assertEquals(Map.of(), other, "ops.quarantine holds only rows the truth lists as dirty");
    assertEquals(0, lake.read(spark, Tables.OPS_PENDING).count(),
        "no row is still held " + IngestRules.PENDING_WINDOW_DAYS + " days after the last drop");
  }

  @Test
  void everyBatchAuditReconcilesAndTheWrittenAuditMatchesTheRun() {
    List<Row> written = lake.read(spark, Tables.OPS_INGEST_AUDIT).orderBy("batch_seq", "entity").collectAsList();
    assertEquals(audits.size(), written.size(), "one ops.ingest_audit row per batch and entity the runs returned");
    System.out.println("batch_id    entity           files  read  pend_in  upserted  collapsed  quarantined  pend_out");
    for (Row a : written) {
      long read = a.getAs("rows_read");
      long pendingIn = a.getAs("pending_in");
      long upserted = a.getAs("rows_upserted");
      long collapsed = a.getAs("duplicates_collapsed");
      long quarantine = a.getAs("quarantined");
      long pendingOut = a.getAs("pending_out");
      System.out.printf("%-11s %-16s %5d %5d %8d %9d %10d %12d %9d%n", a.<String>getAs("batch_id"),
          a.<String>getAs("entity"), a.<Long>getAs("files"), read, pendingIn, upserted, collapsed, quarantine,
          pendingOut);
      assertEquals(read + pendingIn, upserted + collapsed + quarantine + pendingOut,
          "rows_read + pending_in = upserted + collapsed + quarantined + pending_out for " + a);
    }
    assertEquals(RUNS.size(), written.stream().map(r -> r.getAs("batch_id")).distinct().count(),
        "every run made one batch (the last one only to expire held rows)");
  }

  @Test
  void bronzeRowsEqualSilverPlusCollapsedDuplicatesPlusQuarantinePerEntity() throws IOException {
    Dataset<Row> audit = lake.read(spark, Tables.OPS_INGEST_AUDIT);
    Dataset<Row> quarantine = lake.read(spark, Tables.OPS_QUARANTINE);
    System.out.println("entity           lines  bronze  unreadable  quarantined_from_bronze  valid  silver  collapsed");
    for (Entity e : Contract.ENTITIES) {
      long lines = dataLines(e.name());
      Row sums = audit.filter(col("entity").equalTo(e.name())).selectExpr("coalesce(sum(rows_read), 0)",
          "coalesce(sum(rows_upserted + duplicates_collapsed), 0)", "coalesce(sum(quarantined), 0)").first();
      Dataset<Row> bronze = lake.read(spark, Tables.bronze(e.name()));
      Dataset<Row> silver = lake.read(spark, Tables.silver(e.name()));
      Dataset<Row> q = quarantine.filter(col("entity").equalTo(e.name()))
          .select(col("source_file").as("_source_file"), col("row_number").as("_row_number"));
      List<String> lineage = List.of("_source_file", "_row_number");
      Dataset<Row> held = lake.read(spark, Tables.OPS_PENDING).filter(col("entity").equalTo(e.name()))
          .select(col("source_file").as("_source_file"), col("row_number").as("_row_number"));
      Dataset<Row> valid = bronze.join(q, Cols.using(lineage), "left_anti").join(held, Cols.using(lineage), "left_anti");
      Column[] key = e.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);

      long bronzeRows = bronze.count();
      long quarantinedFromBronze = bronze.join(q, Cols.using(lineage), "left_semi").count();
      long unreadable = q.count() - quarantinedFromBronze;
      long validRows = valid.count();
      long silverRows = silver.count();
      long collapsed = validRows - silverRows;
      System.out.printf("%-16s %5d %7d %11d %24d %6d %7d %10d%n", e.name(), lines, bronzeRows, unreadable,
          quarantinedFromBronze, validRows, silverRows, collapsed);

      String where = " for " + e.name();
      assertEquals(lines, sums.getLong(0), "the audit read every data line of the landing files" + where);
      assertEquals(lines, bronzeRows + unreadable, "every data line is in bronze or quarantined as unreadable" + where);
      assertEquals(q.count(), sums.getLong(2), "the audit's quarantined sum equals ops.quarantine" + where);
      assertEquals(validRows, sums.getLong(1),
          "each valid bronze row was offered to the MERGE once (upserted + collapsed over all batches)" + where);
      assertEquals(silverRows, valid.select(key).distinct().count(), "silver holds one row per valid key" + where);
      assertEquals(0, silver.join(valid, Cols.using(lineage), "left_anti").count(),
          "every silver row comes from a valid (not quarantined) bronze row" + where);
      assertEquals(bronzeRows, silverRows + collapsed + quarantinedFromBronze,
          "bronze rows = silver + collapsed duplicates + quarantine" + where);
    }
  }

  /** Data lines (all physical lines but the header) of an entity's landing files. */
  private static long dataLines(String entity) throws IOException {
    Path d = landing.resolve(entity);
    if (!Files.exists(d)) {
      return 0;
    }
    long n = 0;
    try (Stream<Path> files = Files.walk(d)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        byte[] b = Files.readAllBytes(f);
        for (byte x : b) {
          n += x == '\n' ? 1 : 0;
        }
        n -= 1;
      }
    }
    return n;
  }

  /** {@code file:/…/landing/orders/date=D/x.csv} → {@code orders/date=D/x.csv}, as the truth names files. */
  private static String relative(String sourceFile) {
    String[] p = sourceFile.split("/");
    return String.join("/", p[p.length - 3], p[p.length - 2], p[p.length - 1]);
  }

  private static List<Map<String, String>> csv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String[] header = lines.get(0).split(",");
    List<Map<String, String>> out = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] v = l.split(",", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.length; i++) {
        row.put(header[i], v[i]);
      }
      out.add(row);
    }
    return out;
  }
}
