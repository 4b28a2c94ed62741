package dev.boomerang.adapters;

import static dev.boomerang.adapters.Drops.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.adapters.AmazonImport.Report;
import dev.boomerang.common.Tables;
import dev.boomerang.ingest.IngestJob;
import dev.boomerang.testing.SparkTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Seller Central and carrier fixtures, imported into one landing folder and loaded by the
 * real ingestion in one pass: every drop row either lands in silver or is quarantined with its
 * rule, and every batch's audit reconciles.
 */
class AdapterDropsIngestTest extends SparkTest {

  static Path landing;
  static IngestJob.Result result;
  static LocalDate last;

  @BeforeAll
  static void importAndIngest() {
    landing = lakeDir.resolve("landing");
    List<ImportResult> imports = new ArrayList<>();
    for (var r : List.of(Map.entry(Report.ALL_ORDERS, "all-orders.tsv"), Map.entry(Report.FBA_RETURNS, "fba-returns.tsv"),
        Map.entry(Report.MFN_RETURNS, "mfn-returns.tsv"), Map.entry(Report.REIMBURSEMENTS, "fba-reimbursements.tsv"))) {
      imports.add(AmazonImport.run(new AmazonImport.Args(r.getKey(), List.of(Drops.fixture(r.getValue())), null, null,
          landing, AmazonImportTest.SALT)));
    }
    imports.add(TrackingImport.run(new TrackingImport.Args(TrackingImport.Format.aftership,
        List.of(Drops.fixture("aftership-tracking.json"), Drops.fixture("aftership-webhook.json")), null, landing)));
    imports.add(TrackingImport.run(new TrackingImport.Args(TrackingImport.Format.easypost,
        List.of(Drops.fixture("easypost-event.json"), Drops.fixture("easypost-trackers.json")), null, landing)));
    last = imports.stream().map(ImportResult::date).max(LocalDate::compareTo).orElseThrow();
    result = IngestJob.run(spark, lake, landing.toString(), IngestJob.Args.day(last));
  }

  static long silver(String entity) {
    return lake.read(spark, Tables.silver(entity)).count();
  }

  @Test
  void everyBatchReconcilesWithoutProblems() {
    assertEquals(List.of(), result.problems(), "no file or entity refused");
    assertTrue(result.audits().stream().allMatch(IngestJob.Audit::reconciles), "audits: " + result.audits());
    assertEquals(0L, lake.read(spark, Tables.OPS_PENDING).count(), "every reference is in the same drops");
  }

  @Test
  void dropRowsLandInSilverOrQuarantineByRule() {
    Map<String, Long> quarantined = new TreeMap<>();
    for (Row r : lake.read(spark, Tables.OPS_QUARANTINE).groupBy("entity", "rule", "column_name").count().collectAsList()) {
      quarantined.put(r.getString(0) + "." + r.getString(2) + ":" + r.getString(1), r.getLong(3));
    }
    assertEquals(Map.of("returns.reason_code:not_allowed", 1L, "tracking_events.status:not_allowed", 2L), quarantined,
        "only the unknown codes the adapters pass on are quarantined (NO_REASON_GIVEN, TELEPORTED, an EasyPost 'unknown')");
    for (String entity : List.of("customers", "products", "orders", "order_lines", "returns", "refunds", "claims",
        "reimbursements", "tracking_events")) {
      long dropped = rows(landing, entity).size();
      long q = quarantined.entrySet().stream().filter(e -> e.getKey().startsWith(entity + ".")).mapToLong(Map.Entry::getValue).sum();
      assertTrue(dropped > 0, entity + " has drop rows");
      assertEquals(dropped - q, silver(entity), entity + ": every drop row not quarantined is in silver");
    }
  }
}
