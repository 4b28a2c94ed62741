package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.row_number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.common.Tables;
import dev.boomerang.models.ReturnLikelihoodPipeline.Params;
import dev.boomerang.models.ReturnLikelihoodTraining.Trained;
import dev.boomerang.models.TimeSplit.Fractions;
import dev.boomerang.testing.SparkTest;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on 20,000 generated lines over 100 days (last 8 censored): the training job run
 * twice through the registry, once on the real labels and once on randomly permuted labels, then
 * scoring. Small trees (20 rounds, depth 4) keep it fast.
 */
class ReturnLikelihoodModelTest extends SparkTest {

  static final Fractions FRACTIONS = new Fractions(0.45, 0.20);
  static final Params PARAMS = Params.gbt(SyntheticLines.SPEC).withTrees(20, 4);
  /** A weaker candidate the good run also fits: three stumps cannot use the planted interactions. */
  static final Params STUMPS = Params.gbt(SyntheticLines.SPEC).withTrees(3, 1);
  static final LocalDate GOOD_AS_OF = LocalDate.of(2026, 4, 15);
  static final LocalDate PERMUTED_AS_OF = LocalDate.of(2026, 4, 20);

  static Dataset<Row> lines;
  static ReturnLikelihoodTrainingJob.Outcome good;
  static ReturnLikelihoodTrainingJob.Outcome permuted;

  @BeforeAll
  static void trainTwice() {
    lines = SyntheticLines.generate(spark, 20_000, 7, 100, 8);
    write(lines);
    good = ReturnLikelihoodTrainingJob.run(spark, lake, GOOD_AS_OF, "run-good", List.of(STUMPS, PARAMS), FRACTIONS,
        ModelGate.DEFAULT);
    System.out.print(good.report());
    write(permuteLabels(lines, SyntheticLines.SPEC.label(), 99));
    permuted = ReturnLikelihoodTrainingJob.run(spark, lake, PERMUTED_AS_OF, "run-permuted", PARAMS, FRACTIONS,
        ModelGate.DEFAULT);
    System.out.print(permuted.report());
  }

  static void write(Dataset<Row> df) {
    df.write().format("delta").mode("overwrite").save(lake.path(Tables.GOLD_ORDER_LINE_TRAINING));
  }

  /** The same rows with the label column shuffled across them by a seeded random order. */
  static Dataset<Row> permuteLabels(Dataset<Row> in, String label, long seed) {
    Dataset<Row> rows = in.drop(label).withColumn("_i", row_number().over(Window.orderBy("order_id")));
    Dataset<Row> labels = in.select(col(label), rand(seed).as("_r"))
        .withColumn("_i", row_number().over(Window.orderBy("_r")));
    return rows.join(labels, "_i").select(Arrays.stream(in.columns()).map(functions::col).toArray(Column[]::new));
  }

  @Test
  void theCandidateWithTheBestValidationAucIsServed() {
    Map<String, Double> auc = good.trained().validRocAuc();
    assertEquals(List.of(STUMPS.trees(), PARAMS.trees()), List.copyOf(auc.keySet()), "both candidates, in order");
    assertTrue(auc.get(PARAMS.trees()) > auc.get(STUMPS.trees()), "deeper trees rank better on validation: " + auc);
    assertEquals(PARAMS, good.trained().params(), "the served GBT is the better candidate");
    assertTrue(good.report().contains("GBT " + PARAMS.trees() + ": validation ROC AUC"), good.report());
  }

  @Test
  void gbtBeatsBothBaselinesOnTestRocAuc() {
    Trained t = good.trained();
    double gbt = t.overall(ReturnLikelihoodTraining.SERVED).rocAuc();
    double lr = t.overall(ReturnLikelihoodTraining.LOGISTIC).rocAuc();
    double sku = t.overall(ReturnLikelihoodTraining.SKU_RATE).rocAuc();
    assertTrue(gbt > lr, "GBT test ROC AUC " + gbt + " should beat the logistic baseline's " + lr);
    assertTrue(gbt > sku, "GBT test ROC AUC " + gbt + " should beat the SKU-rate baseline's " + sku);
    assertTrue(good.entry().passedGate(), "the model trained on the planted signal passes the gate: "
        + good.entry().gateFailures());
    assertEquals(List.of("ALL", "apparel", "electronics", "home"),
        t.testMetrics().get(ReturnLikelihoodTraining.SERVED).stream().map(BinaryMetrics.Result::segment).toList(),
        "metrics come overall, then per category");
    assertEquals(10, t.overall(ReturnLikelihoodTraining.SKU_RATE).deciles().size(), "baselines get deciles too");
  }

  @Test
  void permutedLabelsGiveChanceAucOnAtLeast5000TestLines() {
    BinaryMetrics.Result r = permuted.trained().overall(ReturnLikelihoodTraining.SERVED);
    assertTrue(r.n() >= 5000, "the permuted-label check needs at least 5,000 test lines, got " + r.n());
    assertEquals(0.5, r.rocAuc(), 0.05, "with labels permuted at random the model can only guess");
    assertFalse(permuted.entry().passedGate(), "a model at chance fails the gate");
  }

  @Test
  void censoredLinesNeverTrainAndTheSplitIsByTime() {
    Trained t = good.trained();
    long closed = lines.filter(col("is_censored").equalTo(false)).count();
    assertEquals(closed, t.trainRows() + t.validRows() + t.testRows(), "exactly the closed lines are split");
    assertEquals(SyntheticLines.START, t.split().trainFrom());
    assertEquals(SyntheticLines.START.plusDays(91), t.split().testTo(), "the last closed day ends the test period");
  }

  @Test
  void registryKeepsBothAndScoringUsesTheNewestThatPassesTheGate() {
    List<ModelRegistry.Entry> entries = ModelRegistry.entries(spark, lake, ModelRegistry.RETURN_LIKELIHOOD);
    assertEquals(2, entries.size(), "both models are registered, the failing one too");
    var json = ModelRegistry.metadata(spark, good.entry());
    assertEquals(good.entry().version(), json.get("version").asText());
    assertEquals(0, json.path("training_tables").path(Tables.GOLD_ORDER_LINE_TRAINING).asLong(),
        "metadata records the training table's Delta version");
    assertEquals("run-good", json.path("trained_at").path("run_id").asText());
    assertEquals(SyntheticLines.SPEC.numeric().size(), json.path("features").path("numeric").size());
    assertTrue(good.entry().version().startsWith("20260415-"), good.entry().version());

    ReturnRiskScoring.Outcome o = ReturnRiskScoring.run(spark, lake, SyntheticLines.SPEC, PERMUTED_AS_OF, null);
    assertEquals(good.entry().version(), o.modelVersion(), "score skips the newer model that failed the gate");
    long open = lines.filter(col("is_censored")).count();
    assertEquals(open, o.linesScored(), "every open line is scored");

    ReturnRiskScoring.Outcome forced = ReturnRiskScoring.run(spark, lake, SyntheticLines.SPEC, LocalDate.of(2026, 4, 21),
        permuted.entry().version());
    assertEquals(permuted.entry().version(), forced.modelVersion(), "--model-version overrides the gate");
    assertFalse(forced.passedGate());
    Dataset<Row> scores = lake.read(spark, Tables.GOLD_RETURN_RISK_SCORES);
    assertEquals(2 * open, scores.count(), "one row per open line per as_of_date");
  }

  @Test
  void saveLoadScoreRoundTripGivesIdenticalScores() {
    Dataset<Row> open = ReturnRiskScoring.openLines(lines, SyntheticLines.SPEC, GOOD_AS_OF);
    ReturnLikelihoodModel loaded = ModelRegistry.load(spark, good.entry());
    assertEquals(good.trained().calibrated(), loaded.calibrator() != null, "the calibrator is served iff applied");
    Map<String, Double> inMemory = byOrder(good.trained().served().score(open, "p"));
    Map<String, Double> fromDisk = byOrder(loaded.score(open, "p"));
    assertEquals(open.count(), inMemory.size());
    assertEquals(inMemory, fromDisk, "a saved and reloaded model scores every line exactly the same");
  }

  @Test
  void evaluateReproducesTheTestMetricsFromTheRegistry() {
    write(lines); // the real labels again (the last training left permuted ones in the table)
    var o = ReturnLikelihoodEvaluation.run(spark, lake, SyntheticLines.SPEC, PERMUTED_AS_OF, good.entry().version());
    Trained t = good.trained();
    assertEquals(t.split().testFrom(), o.from(), "evaluation starts after the validation period");
    assertEquals(t.testRows(), o.lines(), "as of a date past the data, that is exactly the test period");
    for (String v : ReturnLikelihoodEvaluation.VARIANTS) {
      assertEquals(t.overall(v).rocAuc(), o.metrics().get(v).get(0).rocAuc(), 1e-12,
          v + ": the reloaded model and baselines score the test period as in training");
      assertEquals(t.overall(v).calibrationError(), o.metrics().get(v).get(0).calibrationError(), 1e-12, v);
    }
  }

  @Test
  void evaluateSplitsBySegmentExpression() {
    write(lines);
    String v = good.entry().version();
    var byCategory = ReturnLikelihoodEvaluation.run(spark, lake, SyntheticLines.SPEC, PERMUTED_AS_OF, v);
    var byExpr = ReturnLikelihoodEvaluation.run(spark, lake, SyntheticLines.SPEC, PERMUTED_AS_OF, v, "upper(category)");
    for (String variant : ReturnLikelihoodEvaluation.VARIANTS) {
      List<BinaryMetrics.Result> a = byCategory.metrics().get(variant);
      List<BinaryMetrics.Result> b = byExpr.metrics().get(variant);
      assertEquals(a.size(), b.size(), variant + ": one row per category either way");
      for (int i = 0; i < a.size(); i++) {
        String expected = a.get(i).segment().equals(BinaryMetrics.ALL) ? BinaryMetrics.ALL : a.get(i).segment().toUpperCase();
        assertEquals(expected, b.get(i).segment(), "the expression's value names the segment");
        assertEquals(a.get(i).n(), b.get(i).n(), variant + " " + expected);
        assertEquals(a.get(i).rocAuc(), b.get(i).rocAuc(), 1e-12, variant + " " + expected + ": same lines, same AUC");
      }
    }
    var country = ReturnLikelihoodEvaluation.run(spark, lake, SyntheticLines.SPEC, PERMUTED_AS_OF, v,
        "coalesce(ship_country, 'none')");
    assertEquals(List.of(BinaryMetrics.ALL, "none"),
        country.metrics().get(ReturnLikelihoodTraining.SERVED).stream().map(BinaryMetrics.Result::segment).toList(),
        "ship_country is null when the lake has no silver.orders");
    var e = org.junit.jupiter.api.Assertions.assertThrows(dev.boomerang.common.UserError.class,
        () -> ReturnLikelihoodEvaluation.run(spark, lake, SyntheticLines.SPEC, PERMUTED_AS_OF, v, "no_such_column + 1"));
    assertTrue(e.getMessage().startsWith("--segment 'no_such_column + 1' is not a Spark SQL expression over"), e.getMessage());
  }

  @Test
  void aFeatureWithNoValueInTrainingIsFittedAsConstant() {
    // UCI has no tracking: s_lost_in_transit_rate_365d is null on every line, and the imputer cannot fit it.
    Dataset<Row> noCustomerRate = SyntheticLines.generate(spark, 3_000, 11, 60, 5)
        .withColumn("customer_return_rate_90d", functions.lit(null).cast("double"))
        .withColumn("discount_pct", functions.when(col("discount_pct").lt(2), functions.lit(Double.NaN)));
    assertEquals(List.of("customer_return_rate_90d", "discount_pct"),
        ReturnLikelihoodTraining.allNull(noCustomerRate, SyntheticLines.SPEC.numeric()), "null and NaN both count as no value");
    Trained t = ReturnLikelihoodTraining.train(noCustomerRate, Params.gbt(SyntheticLines.SPEC).withTrees(5, 3), FRACTIONS);
    assertTrue(t.overall(ReturnLikelihoodTraining.SERVED).rocAuc() > 0.6,
        "the other features still rank: " + t.overall(ReturnLikelihoodTraining.SERVED).rocAuc());
  }

  @Test
  void aClosedLineWithoutALabelIsRefused() {
    Dataset<Row> unlabelled = lines.limit(50).withColumn("label_returned",
        org.apache.spark.sql.functions.when(col("order_id").equalTo("O0"), null).otherwise(col("label_returned")));
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ReturnLikelihoodTraining.train(unlabelled, PARAMS, FRACTIONS));
    assertEquals("1 closed order lines have no label_returned; a line whose return window has closed must be labelled",
        e.getMessage());
  }

  private static Map<String, Double> byOrder(Dataset<Row> scored) {
    Map<String, Double> m = new TreeMap<>();
    for (Row r : scored.select("order_id", "p").collectAsList()) {
      m.put(r.getString(0), r.getDouble(1));
    }
    return m;
  }
}
