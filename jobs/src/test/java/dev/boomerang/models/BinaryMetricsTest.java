package dev.boomerang.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.testing.SparkTest;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest extends SparkTest {

  // Ten lines, scores descending; 4 returned. Hand-computed below.
  static final double[] P = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05};
  static final double[] Y = {1, 1, 0, 1, 0, 0, 1, 0, 0, 0};

  @Test
  void handComputedTenLines() {
    BinaryMetrics.Result r = BinaryMetrics.compute("ALL", Y, P);
    assertEquals(10, r.n());
    assertEquals(4, r.positives());
    // Pairs (positive, negative) ranked right: 0.9 and 0.8 beat all 6, 0.6 beats 5, 0.3 beats 3.
    assertEquals(20.0 / 24, r.rocAuc(), 1e-12, "ROC AUC = 20 of 24 pairs");
    // PR points (recall, precision): start (0, 1), (.25, 1), (.5, 1), (.5, 2/3), (.75, .75),
    // (.75, .6), (.75, .5), (1, 4/7), ...: trapezoids .25 + .25 + .25 * (2/3 + .75) / 2 + .25 * (.5 + 4/7) / 2.
    assertEquals(0.25 + 0.25 + 0.25 * (2.0 / 3 + 0.75) / 2 + 0.25 * (0.5 + 4.0 / 7) / 2, r.prAuc(), 1e-12);
    // One line per decile: the top decile is the 0.9 line, returned; base rate 0.4.
    assertEquals(2.5, r.liftTop10(), 1e-12, "lift = 1.0 / 0.4");
    assertEquals(10, r.deciles().size());
    assertEquals(new BinaryMetrics.Decile(1, 1, 0.9, 1.0), r.deciles().get(0));
    assertEquals(new BinaryMetrics.Decile(3, 1, 0.7, 0.0), r.deciles().get(2));
    // |p - y| summed: .1 + .2 + .7 + .4 + .5 + .4 + .7 + .2 + .1 + .05 = 3.35.
    assertEquals(0.335, r.calibrationError(), 1e-12);
    double loss = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.3) + Math.log(0.6) + Math.log(0.5)
        + Math.log(0.6) + Math.log(0.3) + Math.log(0.8) + Math.log(0.9) + Math.log(0.95)) / 10;
    assertEquals(loss, r.logLoss(), 1e-12);
  }

  @Test
  void tiedScoresCountHalfAndShareTheirLabelMean() {
    // Two lines tied at 0.5 (one returned), one kept line at 0.1: AUC = (1 + 0.5) / 2.
    BinaryMetrics.Result r = BinaryMetrics.compute("ALL", new double[] {1, 0, 0}, new double[] {0.5, 0.5, 0.1});
    assertEquals(0.75, r.rocAuc(), 1e-12);
    // Deciles at positions floor(k * 3 / 10): 0.5-lines land in deciles 4 and 7, each observing 0.5.
    assertEquals(List.of(new BinaryMetrics.Decile(4, 1, 0.5, 0.5), new BinaryMetrics.Decile(7, 1, 0.5, 0.5),
        new BinaryMetrics.Decile(10, 1, 0.1, 0.0)), r.deciles());
    assertEquals(0.1 / 3, r.calibrationError(), 1e-12, "the tied lines are perfectly calibrated on average");
  }

  @Test
  void oneClassHasNoAuc() {
    BinaryMetrics.Result r = BinaryMetrics.compute("x", new double[] {0, 0}, new double[] {0.2, 0.3});
    assertTrue(Double.isNaN(r.rocAuc()) && Double.isNaN(r.prAuc()), "AUC is undefined without positives");
  }

  @Test
  void aucsEqualMllibsEvaluatorAndSegmentsComeAfterTheOverallRow() {
    Dataset<Row> lines = SyntheticLines.generate(spark, 3000, 3, 30, 0).cache();
    Map<String, List<BinaryMetrics.Result>> m = BinaryMetrics.evaluate(
        lines, "label_returned", List.of("sku_return_rate_smoothed"), "category");
    List<BinaryMetrics.Result> results = m.get("sku_return_rate_smoothed");
    assertEquals(List.of("ALL", "apparel", "electronics", "home"),
        results.stream().map(BinaryMetrics.Result::segment).toList());
    assertEquals(3000, results.get(0).n());
    assertEquals(3000, results.stream().skip(1).mapToLong(BinaryMetrics.Result::n).sum());
    BinaryClassificationEvaluator ev = new BinaryClassificationEvaluator()
        .setLabelCol("y").setRawPredictionCol("p").setNumBins(0);
    Dataset<Row> yp = lines.selectExpr("cast(label_returned as double) y", "sku_return_rate_smoothed p");
    assertEquals(ev.setMetricName("areaUnderROC").evaluate(yp), results.get(0).rocAuc(), 1e-9,
        "ROC AUC agrees with MLlib's");
    assertEquals(ev.setMetricName("areaUnderPR").evaluate(yp), results.get(0).prAuc(), 1e-9,
        "PR AUC agrees with MLlib's");
    lines.unpersist();
  }
}
