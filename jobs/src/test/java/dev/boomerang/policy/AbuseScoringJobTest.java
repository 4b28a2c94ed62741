package dev.boomerang.policy;

import static dev.boomerang.policy.FeatureRows.row;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.common.Tables;
import dev.boomerang.models.ModelRegistry;
import dev.boomerang.testing.SparkTest;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The scoring job on a lake: cold start, keyed re-runs, too few labels, then a trained and blended classifier. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbuseScoringJobTest extends SparkTest {

  static final LocalDate D = FeatureRows.AS_OF;

  static void writeFeatures() {
    List<Map<String, Object>> rows = List.of(
        row("abuser", "returns_365d", 3, "received_empty_box_365d", 2, "inr_claims_delivered_365d", 3,
            "orders_365d", 6),
        row("plain1"), row("plain2"), row("plain3"));
    FeatureRows.frame(spark, rows).write().format("delta").mode("overwrite").save(lake.path(Tables.GOLD_CUSTOMER_FEATURES));
  }

  /** Reviews with features: abusers show empty boxes and INR claims; 10% of decisions are wrong. */
  static void writeTraining(int perClass) {
    StructType schema = new StructType().add("review_id", "string").add("customer_id", "string")
        .add("review_date", "date").add("decision", "string").add("customer_as_of_date", "date");
    for (String f : AbusePipeline.FEATURES) {
      schema = schema.add("c_" + f, DataTypes.DoubleType);
    }
    SplittableRandom rnd = new SplittableRandom(11);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2 * perClass; i++) {
      boolean abuser = i % 2 == 0;
      boolean recorded = rnd.nextDouble() < 0.1 ? !abuser : abuser;
      LocalDate day = D.minusDays(60).plusDays(i * 60L / (2 * perClass));
      List<Object> v = new ArrayList<>(List.of("R" + i, "C" + i, Date.valueOf(day),
          recorded ? "CONFIRMED_ABUSE" : "CLEARED", Date.valueOf(day.minusDays(1))));
      for (String f : AbusePipeline.FEATURES) {
        double x = switch (f) {
          case "orders_365d" -> 3 + rnd.nextInt(8);
          case "received_empty_box_365d", "inr_claims_delivered_365d" -> abuser ? 1 + rnd.nextInt(3) : rnd.nextInt(10) == 0 ? 1 : 0;
          default -> rnd.nextDouble();
        };
        v.add(x);
      }
      rows.add(RowFactory.create(v.toArray()));
    }
    spark.createDataFrame(rows, schema).write().format("delta").mode("overwrite")
        .save(lake.path(Tables.GOLD_CUSTOMER_TRAINING));
  }

  static Dataset<Row> scoresOfD() {
    return lake.read(spark, Tables.GOLD_ABUSE_SCORES).filter(col("as_of_date").equalTo(Date.valueOf(D)));
  }

  @Test
  @Order(1)
  void coldStartScoresEveryCustomerWithoutAModelAndReRunsAreKeyed() {
    writeFeatures();
    AbuseScoringJob.Outcome o = AbuseScoringJob.run(spark, lake, D, null);
    assertEquals(AbuseScore.SIGNALS_VERSION, o.modelVersion(), "no abuse model registered: signals only");
    assertEquals(4, o.customers());
    AbuseScoringJob.run(spark, lake, D, null);
    assertEquals(4, scoresOfD().count(), "a re-run for the same date replaces its rows");
    Row a = scoresOfD().filter(col("customer_id").equalTo("abuser")).head();
    assertEquals(AbuseScore.REVIEW, a.getString(a.fieldIndex("tier")));
    assertEquals(List.of("empty_box_or_wrong_item", "inr_on_delivered"), a.getList(a.fieldIndex("reason_signals")));
    assertTrue(a.isNullAt(a.fieldIndex("model_probability")));
  }

  @Test
  @Order(2)
  void tooFewLabelsTrainsNothing() {
    writeTraining(10);
    AbuseTraining.Outcome o = AbuseTraining.run(spark, lake, D, "run-few");
    assertFalse(o.trained(), o.report());
    assertTrue(o.report().contains("it needs at least 30 and 30"), o.report());
  }

  @Test
  @Order(3)
  void aGatedClassifierIsRegisteredAndBlendedIn() {
    writeTraining(40);
    AbuseTraining.Outcome o = AbuseTraining.run(spark, lake, D, "run-1");
    assertTrue(o.trained(), o.report());
    assertTrue(o.entry().passedGate(), "the planted pattern is learnable despite 10% label noise: " + o.report());
    assertEquals(1, ModelRegistry.entries(spark, lake, AbuseTraining.NAME).size(), "listed in ops.model_runs");
    AbuseScoringJob.Outcome s = AbuseScoringJob.run(spark, lake, D, null);
    assertEquals(AbuseScore.SIGNALS_VERSION + "+abuse:" + o.entry().version(), s.modelVersion());
    Row a = scoresOfD().filter(col("customer_id").equalTo("abuser")).head();
    Row p = scoresOfD().filter(col("customer_id").equalTo("plain1")).head();
    assertNotNull(a.get(a.fieldIndex("model_probability")));
    assertTrue(a.getDouble(a.fieldIndex("model_probability")) > p.getDouble(p.fieldIndex("model_probability")),
        "the classifier ranks the planted abuser above a plain customer");
    double rule = a.getDouble(a.fieldIndex("rule_score"));
    double outlier = a.getDouble(a.fieldIndex("outlier_score"));
    double prob = a.getDouble(a.fieldIndex("model_probability"));
    assertEquals(Math.round(100 * (0.65 * rule + 0.15 * outlier + 0.2 * prob) * 100) / 100.0,
        a.getDouble(a.fieldIndex("risk_score")), 0.02, "the documented blend");
    assertEquals(Math.round(100 * (0.8 * rule + 0.2 * outlier) * 100) / 100.0,
        a.getDouble(a.fieldIndex("risk_score_unsupervised")), 0.02);
  }
}
