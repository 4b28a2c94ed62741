package dev.boomerang.policy;

import static dev.boomerang.policy.FeatureRows.row;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boomerang.testing.SparkTest;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** {@link AbuseScore#contributions}: the fired signals behind a rule score, with the numbers score uses. */
class AbuseContributionsTest extends SparkTest {

  @Test
  void oneRowPerFiredSignalAndTheyMakeTheRuleScore() {
    double ratio = FeatureRows.ratio(14, 17, 0.2); // 14 of 17 units back where peers return 3.4
    List<Map<String, Object>> rows = List.of(
        row("abuser", "units_365d", 17, "return_units_365d", 14, "orders_365d", 9, "returns_365d", 14,
            "return_rate_units_vs_category_365d", ratio, "received_empty_box_365d", 2),
        row("honest"));
    Dataset<Row> features = FeatureRows.frame(spark, rows);
    List<Row> c = AbuseScore.contributions(features).collectAsList();

    assertEquals(2, c.size(), "only the abuser's two fired signals give rows: " + c);
    Row box = c.get(0);
    assertEquals("empty_box_or_wrong_item", box.getAs("signal"), "the larger contribution comes first");
    assertEquals(0.9, box.<Double>getAs("severity"), 1e-9, "empty box is HIGH");
    assertEquals(1.0, box.<Double>getAs("strength"), 1e-9, "two empty boxes are full strength");
    assertEquals(1.0, box.<Double>getAs("dampener"), 1e-9, "hard evidence is never dampened");
    assertEquals(0.9, box.<Double>getAs("contribution"), 1e-9);
    assertEquals("returned parcel(s) arrived empty", ((String) box.getAs("reason")).substring(2, 34),
        "the reason text of the signal: " + box.getAs("reason"));
    Row serial = c.get(1);
    assertEquals("serial_returning", serial.getAs("signal"));
    assertEquals(Math.min(1.0, ratio - 1.5) * AbuseSignals.Severity.ELEVATED.weight, serial.<Double>getAs("contribution"), 1e-4,
        "ELEVATED severity x (ratio - 1.5); 14 returned units are full volume, no dampener applies");

    Row scored = AbuseScore.score(PeerOutlier.withOutlierScore(features)
        .withColumn("model_probability", lit(null).cast("double")), AbuseScore.SIGNALS_VERSION)
        .filter("customer_id = 'abuser'").head();
    double rule = 1 - (1 - box.<Double>getAs("contribution")) * (1 - serial.<Double>getAs("contribution"));
    assertEquals(scored.<Double>getAs("rule_score"), rule, 1e-4,
        "the rule score is the noisy-OR of the listed contributions");
  }
}
