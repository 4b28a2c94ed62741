package dev.boomerang.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boomerang.policy.AbuseEvaluation.Case;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AbuseEvaluationTest {

  static Case c(String id, boolean abuser, String persona, String group, Double score, String tier) {
    return new Case(id, abuser, persona, group, score, tier);
  }

  @Test
  @SuppressWarnings("unchecked")
  void metricsOnAHandComputedRanking() {
    // Ranking by score: a1(90, review) h1(80, review) a2(70, review) b1(60, watch) a3(50, watch) h2(40, low);
    // a4 is an abuser without a score (no orders): counted in recall's denominator only.
    List<Case> cases = List.of(
        c("a1", true, "serial_returner", null, 90.0, "review"),
        c("h1", false, "normal", "bracketer", 80.0, "review"),
        c("a2", true, "wardrober", null, 70.0, "review"),
        c("b1", false, "normal", "bracketer", 60.0, "watch"),
        c("a3", true, "serial_returner", null, 50.0, "watch"),
        c("h2", false, "normal", "household", 40.0, "low"),
        c("a4", true, "inr_fraudster", null, null, null));
    Map<String, Object> m = AbuseEvaluation.metrics(cases, 2);
    Map<String, Object> list = (Map<String, Object>) m.get("review_list");
    assertEquals(2, list.get("listed"), "capacity 2 lists a1 and h1");
    assertEquals(0.5, (Double) list.get("precision"), 1e-12);
    assertEquals(0.25, (Double) list.get("recall"), 1e-12, "1 of 4 abusers");
    Map<String, Object> k100 = ((List<Map<String, Object>>) m.get("top_k")).get(0);
    assertEquals(3L, k100.get("abusers"));
    assertEquals(0.03, (Double) k100.get("precision"), 1e-12, "precision at K divides by K");
    assertEquals(0.75, (Double) k100.get("recall"), 1e-12);
    // PR curve over the 6 scored (3 positives), MLlib-style trapezoids:
    // points (r, p): start (0, 1), (1/3, 1), (1/3, 1/2), (2/3, 2/3), (2/3, 1/2), (1, 3/5), (1, 1/2)
    double pr = (1.0 / 3) * (1 + 1) / 2 + (1.0 / 3) * (0.5 + 2.0 / 3) / 2 + (1.0 / 3) * (0.5 + 0.6) / 2;
    assertEquals(pr, (Double) m.get("pr_auc"), 1e-12);
    Map<String, Object> personas = (Map<String, Object>) m.get("recall_per_persona");
    Map<String, Object> serial = (Map<String, Object>) personas.get("serial_returner");
    assertEquals(2L, serial.get("n"));
    assertEquals(0.5, (Double) serial.get("recall_review_list"), 1e-12);
    assertEquals(0.0, (Double) ((Map<String, Object>) personas.get("wardrober")).get("recall_review_list"), 1e-12,
        "a2 is in tier review but beyond capacity 2");
    assertEquals(1.0, (Double) ((Map<String, Object>) personas.get("wardrober")).get("recall_review_tier"), 1e-12);
    Map<String, Object> groups = (Map<String, Object>) m.get("fp_rate_per_hard_negative_group");
    Map<String, Object> br = (Map<String, Object>) groups.get("bracketer");
    assertEquals(0.5, (Double) br.get("fp_rate_review_list"), 1e-12);
    assertEquals(0.5, (Double) br.get("fp_rate_review_tier"), 1e-12);
    assertEquals(0.0, (Double) ((Map<String, Object>) groups.get("household")).get("fp_rate_review_tier"), 1e-12);
  }

  @Test
  void truthFlagsAcceptCommonSpellings() {
    assertEquals(List.of(true, true, true, false, false),
        List.of("true", "1", "TRUE", "false", "").stream().map(AbuseEvaluation::truthy).toList());
  }
}
