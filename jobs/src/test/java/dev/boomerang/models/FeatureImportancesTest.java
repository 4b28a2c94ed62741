package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.testing.SparkTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * {@link ReturnLikelihoodModel#featureImportances()}: names back to the spec's, and the signal on top;
 * and a numeric feature with no value in the training period does not stop training.
 */
class FeatureImportancesTest extends SparkTest {

  static final ModelSpec SPEC = new ModelSpec(List.of("category", "channel"), List.of("unit_price", "noise"),
      "label", "order_date", "is_censored", "category", "unit_price", List.of("order_id", "line_no"));

  /** 400 lines: the label is exactly "unit_price above 50"; category, channel and noise carry nothing. */
  static Dataset<Row> lines() {
    return spark.range(0, 400, 1, 1)
        .withColumn("category", when(col("id").mod(2).equalTo(0), lit("apparel")).otherwise(lit("home")))
        .withColumn("channel", when(col("id").mod(3).equalTo(0), lit("web")).otherwise(lit("app")))
        .withColumn("unit_price", col("id").mod(100).cast("double"))
        .withColumn("noise", col("id").mod(7).cast("double"))
        .withColumn("label", when(col("unit_price").gt(50), lit(1)).otherwise(lit(0)));
  }

  @Test
  void everySpecFeatureGetsItsImportanceAndTheSignalLeads() {
    PipelineModel fitted = ReturnLikelihoodPipeline.build(
        ReturnLikelihoodPipeline.Params.gbt(SPEC).withTrees(5, 2)).fit(lines());
    Map<String, Double> imp = new ReturnLikelihoodModel(fitted, null).featureImportances();
    assertEquals(Set.of("category", "channel", "unit_price", "noise"), imp.keySet(),
        "one entry per spec feature, named as the spec names it (no _idx/_imp suffix)");
    assertEquals("unit_price", imp.keySet().iterator().next(), "the only informative feature comes first: " + imp);
    assertTrue(imp.get("unit_price") > 0.9, "unit_price alone decides the label: " + imp);
    assertEquals(1.0, imp.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9,
        "MLlib's importances sum to 1");
    List<Double> values = List.copyOf(imp.values());
    for (int i = 1; i < values.size(); i++) {
      assertTrue(values.get(i - 1) >= values.get(i), "largest first: " + imp);
    }
  }

  @Test
  void theLogisticBaselineHasNoTreeImportances() {
    PipelineModel logistic = ReturnLikelihoodPipeline.build(
        ReturnLikelihoodPipeline.Params.gbt(SPEC).asLogistic()).fit(lines());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ReturnLikelihoodModel.featureImportances(logistic));
    assertTrue(e.getMessage().contains("LogisticRegressionModel"), e.getMessage());
  }

  @Test
  void aFeatureWithoutAnyValueInTrainingIsSetTo0AndGetsNoImportance() {
    ModelSpec spec = new ModelSpec(SyntheticLines.SPEC.categorical(),
        List.of("sku_return_rate_smoothed", "customer_return_rate_90d", "discount_pct", "unit_price", "trend_no_history"),
        SyntheticLines.SPEC.label(), SyntheticLines.SPEC.orderDate(), SyntheticLines.SPEC.censored(),
        SyntheticLines.SPEC.category(), SyntheticLines.SPEC.skuBaselineScore(), SyntheticLines.SPEC.keys());
    // Like the SKU trend on a young lake: null for every line before day 25, the train period included.
    Dataset<Row> lines = SyntheticLines.generate(spark, 3000, 7, 30, 2)
        .withColumn("trend_no_history", when(col("order_date").geq(lit(SyntheticLines.START.plusDays(25))), lit(0.5))
            .otherwise(lit(null).cast("double")));
    ReturnLikelihoodTraining.Trained t = ReturnLikelihoodTraining.train(lines,
        ReturnLikelihoodPipeline.Params.gbt(spec).withTrees(5, 2), TimeSplit.Fractions.DEFAULT);
    Map<String, Double> imp = t.served().featureImportances();
    assertEquals(0.0, imp.get("trend_no_history"), 1e-12, "a column constant in training is never split on: " + imp);
    assertTrue(t.overall(ReturnLikelihoodTraining.SERVED).n() > 0, "the test period was scored");
  }
}
