package dev.boomerang.adapters;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.boomerang.common.Tables;
import dev.boomerang.features.FeaturesJob;
import dev.boomerang.ingest.IngestJob;
import dev.boomerang.models.ModelGate;
import dev.boomerang.models.ModelSpec;
import dev.boomerang.models.ReturnLikelihoodPipeline.Params;
import dev.boomerang.models.ReturnLikelihoodTraining;
import dev.boomerang.models.ReturnLikelihoodTrainingJob;
import dev.boomerang.models.TimeSplit.Fractions;
import dev.boomerang.testing.SparkTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The UCI Online Retail pipeline end to end on a sample cut from the real file at test time:
 * every row of the customers whose id is a multiple of {@value #EVERY} (a few hundred) invoiced
 * before {@value #BEFORE}. import → ingest (one pass) → features at two month-ends (each built
 * from a base) → return-likelihood training. Small trees keep it fast.
 */
class OnlineRetailPipelineTest extends SparkTest {

  static final int EVERY = 10;
  static final String BEFORE = "2011-03-01";
  static final LocalDate FIRST_FEATURES = LocalDate.of(2011, 1, 31);
  static final LocalDate AS_OF = LocalDate.of(2011, 2, 28);

  static Map<String, Long> counts;
  static IngestJob.Result ingest;

  @BeforeAll
  static void runPipeline() throws Exception {
    Path dataset = OnlineRetailImportTest.dataset();
    assumeTrue(dataset != null, "the UCI dataset is not under any ancestor's shared/datasets: pipeline test skipped");
    List<String> sample = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(dataset)), StandardCharsets.UTF_8))) {
      sample.add(r.readLine());
      // ...,Quantity,"InvoiceDate",UnitPrice,CustomerID,"Country": counted from the end, since descriptions hold commas
      r.lines().forEach(l -> {
        String[] f = l.split(",", -1);
        String customer = f[f.length - 2];
        String date = f[f.length - 4].replace("\"", "");
        if (!customer.isEmpty() && Integer.parseInt(customer) % EVERY == 0 && date.compareTo(BEFORE) < 0) {
          sample.add(l);
        }
      });
    }
    Path file = lakeDir.resolve("sample.csv");
    Files.write(file, sample, StandardCharsets.UTF_8);
    Path landing = lakeDir.resolve("landing");
    counts = OnlineRetailImport.run(spark, file, landing).counts();
    ingest = IngestJob.run(spark, lake, landing.toString(), IngestJob.Args.day(LocalDate.parse(BEFORE).minusDays(1)));
    FeaturesJob.run(spark, lake, FeaturesJob.Args.range(FIRST_FEATURES, FIRST_FEATURES));
    FeaturesJob.run(spark, lake, FeaturesJob.Args.range(AS_OF, AS_OF));
  }

  @Test
  void ingestLoadsEveryImportedRowAndReconciles() {
    System.out.println("sample counts: " + counts);
    assertTrue(counts.get("customers") >= 150, "a sample of some 170 customers: " + counts);
    assertTrue(ingest.audits().stream().allMatch(IngestJob.Audit::reconciles), "audits: " + ingest.audits());
    assertEquals(List.of(), ingest.problems());
    assertEquals(0L, lake.read(spark, Tables.OPS_QUARANTINE).count(), "the import writes only contract-valid rows");
    for (String entity : List.of("customers", "products", "orders", "order_lines", "returns", "refunds")) {
      assertEquals(counts.get(entity), lake.read(spark, Tables.silver(entity)).count(), entity + ": import = silver");
    }
  }

  @Test
  void featuresBuildTheTrainingSetPointInTime() {
    Dataset<Row> lines = lake.read(spark, Tables.GOLD_ORDER_LINE_TRAINING);
    assertEquals(counts.get("order_lines"), lines.count(), "every line ordered in the 365 days up to " + AS_OF);
    assertEquals(0L, lines.filter(col("customer_as_of_date").geq(col("order_date"))).count(),
        "customer features always come from strictly before the order");
    assertEquals(0L, lines.filter(col("order_date").gt(FIRST_FEATURES.toString())
        .and(col("customer_as_of_date").isNotNull()).and(col("customer_as_of_date").notEqual(FIRST_FEATURES.toString())))
        .count(), "February orders use the features of the month-end before them");
    long returned = lines.filter(col("is_returned")).count();
    assertTrue(returned > 0 && returned <= counts.get("returns"),
        returned + " returned lines: at least one, at most one per imported return");
  }

  @Test
  void theReturnLikelihoodModelTrainsOnTheClosedLines() {
    var outcome = ReturnLikelihoodTrainingJob.run(spark, lake, AS_OF, "uci-sample",
        Params.gbt(ModelSpec.RETURN_LIKELIHOOD).withTrees(10, 3), new Fractions(0.5, 0.25), ModelGate.DEFAULT);
    System.out.print(outcome.report());
    var served = outcome.trained().overall(ReturnLikelihoodTraining.SERVED);
    assertTrue(outcome.trained().testRows() > 0, "a test period");
    assertTrue(served.rocAuc() > 0 && served.rocAuc() < 1, "a finite ROC AUC: " + served.rocAuc());
  }
}
