package dev.boomerang.policy;

import static dev.boomerang.policy.FeatureRows.row;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.features.FeatureCatalog;
import dev.boomerang.policy.AbuseSignals.Signal;
import dev.boomerang.testing.SparkTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class AbuseSignalsTest extends SparkTest {

  static Signal signal(String name) {
    return AbuseSignals.signals().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** customer_id -> whether the signal fires. */
  static Map<String, Boolean> fires(String signal, List<Map<String, Object>> rows) {
    Map<String, Boolean> out = new TreeMap<>();
    for (Row r : FeatureRows.frame(spark, rows).select(col("customer_id"), signal(signal).fires()).collectAsList()) {
      out.put(r.getString(0), r.getBoolean(1));
    }
    return out;
  }

  static Dataset<Row> scores(List<Map<String, Object>> rows) {
    return AbuseScore.score(PeerOutlier.withOutlierScore(FeatureRows.frame(spark, rows))
        .withColumn("model_probability", lit(null).cast("double")), AbuseScore.SIGNALS_VERSION);
  }

  static Map<String, Row> byCustomer(Dataset<Row> scores) {
    Map<String, Row> out = new HashMap<>();
    for (Row r : scores.collectAsList()) {
      out.put(r.getString(0), r);
    }
    return out;
  }

  static Map<String, Row> scored(List<Map<String, Object>> rows) {
    return byCustomer(scores(rows));
  }

  @Test
  void everyColumnTheCatalogueReadsIsAFeature() {
    for (String c : AbuseSignals.columnsRead()) {
      assertTrue(FeatureRows.COLUMNS.contains(c), c + " should be a column of gold.customer_features");
    }
    for (String c : AbusePipeline.FEATURES) {
      assertTrue(FeatureCatalog.modelFeatures(FeatureCatalog.Grain.CUSTOMER).contains(c), c + " should be a model feature");
    }
  }

  @Test
  void serialReturningNeedsVolumeAndTwiceThePeerRate() {
    Map<String, Boolean> f = fires("serial_returning", List.of(
        row("at", "units_365d", 6, "return_units_365d", 4, "return_rate_units_vs_category_365d", 2.0),
        row("below_ratio", "units_365d", 6, "return_units_365d", 4, "return_rate_units_vs_category_365d", 1.99),
        row("few_units", "units_365d", 5, "return_units_365d", 4, "return_rate_units_vs_category_365d", 3.0),
        row("few_returns", "units_365d", 9, "return_units_365d", 3, "return_rate_units_vs_category_365d", 3.0)));
    assertEquals(Map.of("at", true, "below_ratio", false, "few_units", false, "few_returns", false), f,
        "serial returning fires at >= 6 units, >= 4 returned units and ratio >= 2.0 only");
  }

  @Test
  void wardrobingNeedsQuickReturnsAndAHighRate() {
    Map<String, Boolean> f = fires("wardrobing", List.of(
        row("at", "returns_365d", 3, "quick_return_share_365d", 0.6, "return_rate_units_vs_category_365d", 1.5),
        row("slow", "returns_365d", 3, "quick_return_share_365d", 0.59, "return_rate_units_vs_category_365d", 3.0),
        row("few", "returns_365d", 2, "quick_return_share_365d", 1.0, "return_rate_units_vs_category_365d", 3.0),
        row("normal_rate", "returns_365d", 5, "quick_return_share_365d", 1.0, "return_rate_units_vs_category_365d", 1.4)));
    assertEquals(Map.of("at", true, "slow", false, "few", false, "normal_rate", false), f);
  }

  @Test
  void inrClaimsOnDeliveredParcels() {
    Map<String, Boolean> f = fires("inr_on_delivered", List.of(
        row("at", "inr_claims_delivered_365d", 2, "orders_365d", 10),
        row("thin", "inr_claims_delivered_365d", 2, "orders_365d", 11),
        row("one", "inr_claims_delivered_365d", 1, "orders_365d", 1)));
    assertEquals(Map.of("at", true, "thin", false, "one", false), f,
        "INR fires at >= 2 claims on delivered parcels and >= 0.2 per order");
    Map<String, Boolean> s = fires("inr_on_signed", List.of(
        row("signed", "inr_claims_delivered_signed_365d", 1), row("none", "inr_claims_delivered_signed_365d", 0)));
    assertEquals(Map.of("signed", true, "none", false), s);
  }

  @Test
  void returnlessEmptyBoxExpiredAndLinks() {
    assertEquals(Map.of("at", true, "low_share", false, "two", false), fires("returnless_exploitation", List.of(
        row("at", "returnless_refunds_365d", 3, "orders_365d", 10, "returnless_refund_share_365d", 0.6),
        row("low_share", "returnless_refunds_365d", 3, "orders_365d", 10, "returnless_refund_share_365d", 0.59),
        row("two", "returnless_refunds_365d", 2, "orders_365d", 2, "returnless_refund_share_365d", 1.0))));
    assertEquals(Map.of("empty", true, "wrong", true, "none", false), fires("empty_box_or_wrong_item", List.of(
        row("empty", "received_empty_box_365d", 1), row("wrong", "received_wrong_item_365d", 1), row("none"))));
    assertEquals(Map.of("at", true, "half_missing", false), fires("expired_labels", List.of(
        row("at", "labels_expired_unused_365d", 3, "returns_365d", 6),
        row("half_missing", "labels_expired_unused_365d", 3, "returns_365d", 7))));
    assertEquals(Map.of("ring", true, "household", false), fires("linked_to_confirmed", List.of(
        row("ring", "linked_accounts", 3, "linked_accounts_confirmed", 1),
        row("household", "linked_accounts", 2, "linked_accounts_address", 2))));
  }

  @Test
  void serialReasonStatesTheCountsAndThePeerNorm() {
    double r = FeatureRows.ratio(14, 17, 0.2); // expected 0.2 x 17 = 3.4 units
    Row s = scored(List.of(row("c1", "units_365d", 17, "return_units_365d", 14, "orders_365d", 9,
        "returns_365d", 14, "return_rate_units_vs_category_365d", r))).get("c1");
    assertEquals(List.of("Returned 14 of 17 units ordered in the last 365 days (peer norm for this category mix: 3)"),
        s.getList(s.fieldIndex("reasons")), "the reason fills in the customer's own numbers");
    assertEquals(AbuseScore.REVIEW, s.getString(s.fieldIndex("tier")),
        "a return rate " + r + " times the norm sustained over 14 returned units is reviewed: " + s);
  }

  @Test
  void aHighReturnRateOnFewReturnsIsWatchedNotReviewed() {
    double r = FeatureRows.ratio(4, 6, 0.1); // 4 of 6 units back where peers return 0.6
    Map<String, Row> s = scored(List.of(
        row("few", "units_365d", 6, "return_units_365d", 4, "orders_365d", 4, "returns_365d", 4,
            "return_rate_units_vs_category_365d", r),
        row("many", "units_365d", 12, "return_units_365d", 8, "orders_365d", 8, "returns_365d", 8,
            "return_rate_units_vs_category_365d", r)));
    Row few = s.get("few");
    Row many = s.get("many");
    assertEquals(AbuseSignals.SERIAL_MIN_VOLUME * AbuseSignals.Severity.ELEVATED.weight,
        few.getDouble(few.fieldIndex("rule_score")), 1e-4,
        "at the minimum of " + AbuseSignals.MIN_RETURN_UNITS + " returned units serial returning is at 3/4 strength");
    assertEquals(AbuseScore.WATCH, few.getString(few.fieldIndex("tier")),
        "a return rate " + r + " times the norm on 4 returned units is watched: honest high returners share it");
    assertEquals(AbuseSignals.Severity.ELEVATED.weight, many.getDouble(many.fieldIndex("rule_score")), 1e-4,
        "full strength from " + AbuseSignals.SERIAL_FULL_RETURN_UNITS + " returned units");
    assertEquals(AbuseScore.REVIEW, many.getString(many.fieldIndex("tier")), "the same rate on 8 returned units: " + many);
  }

  @Test
  void dampenersKeepBracketersAndDefectVictimsOutOfReview() {
    Map<String, Row> s = scored(List.of(
        // same returns as the abuser, but 5 of the 6 returns are the spare size of bracketed orders
        row("bracketer", "units_365d", 12, "return_units_365d", 6, "returns_365d", 6, "orders_365d", 6,
            "return_rate_units_vs_category_365d", 2.6, "bracketing_orders_365d", 5),
        // returns of products from a defective batch, as seller faults
        row("victim", "units_365d", 8, "return_units_365d", 5, "returns_365d", 5, "orders_365d", 6,
            "return_rate_units_vs_category_365d", 2.6, "defect_sku_refunds_365d", 4, "seller_fault_share_365d", 1.0),
        row("abuser", "units_365d", 12, "return_units_365d", 6, "returns_365d", 6, "orders_365d", 6,
            "return_rate_units_vs_category_365d", 2.6),
        row("plain1"), row("plain2"), row("plain3")));
    Row abuser = s.get("abuser");
    assertEquals(AbuseScore.WATCH, abuser.getString(abuser.fieldIndex("tier")),
        "the undampened serial returner is watched: " + abuser);
    for (String honest : List.of("bracketer", "victim")) {
      Row r = s.get(honest);
      assertEquals(AbuseScore.LOW, r.getString(r.fieldIndex("tier")), honest + " stays low: " + r);
      assertTrue(r.getDouble(r.fieldIndex("rule_score")) * 5 < abuser.getDouble(abuser.fieldIndex("rule_score")),
          honest + "'s rule score is dampened to under a fifth of the same returns without the honest pattern");
      assertFalse(r.getList(r.fieldIndex("mitigations")).isEmpty(), honest + " should carry a mitigation note");
    }
    assertEquals(AbuseScore.LOW, s.get("plain1").getString(s.get("plain1").fieldIndex("tier")));
  }

  /** An independent recomputation of each signal's reason from the raw feature values. */
  static String expectedReason(String signal, Map<String, Object> f) {
    java.util.function.ToLongFunction<String> n = c -> f.get(c) == null ? 0 : Math.round((Double) f.get(c));
    java.util.function.ToDoubleFunction<String> d = c -> f.get(c) == null ? 0 : (Double) f.get(c);
    return switch (signal) {
      case "serial_returning" -> {
        double r = d.applyAsDouble("return_rate_units_vs_category_365d");
        double u = d.applyAsDouble("units_365d");
        double e = n.applyAsLong("return_units_365d") / (r * (u + 10) - 10);
        yield String.format(Locale.ROOT, "Returned %d of %d units ordered in the last 365 days (peer norm for this category mix: %d)",
            n.applyAsLong("return_units_365d"), (long) u, Math.round(e * u));
      }
      case "wardrobing" -> String.format(Locale.ROOT, "%d%% of apparel and electronics returns requested within 3 days of "
          + "delivery, at %.1f times the return rate of peers buying the same categories",
          Math.round(d.applyAsDouble("quick_return_share_365d") * 100), d.applyAsDouble("return_rate_units_vs_category_365d"));
      case "inr_on_delivered" -> String.format(Locale.ROOT, "%d item-not-received claim(s) across %d orders, on parcels "
          + "the carrier recorded as delivered", n.applyAsLong("inr_claims_delivered_365d"), n.applyAsLong("orders_365d"));
      case "inr_on_signed" -> String.format(Locale.ROOT, "%d item-not-received claim(s) on parcels the carrier recorded "
          + "as delivered with a signature", n.applyAsLong("inr_claims_delivered_signed_365d"));
      case "returnless_exploitation" -> String.format(Locale.ROOT, "%d keep-it (returnless) refunds on %d orders in the "
          + "last 365 days, %d%% of the customer's refunds", n.applyAsLong("returnless_refunds_365d"),
          n.applyAsLong("orders_365d"), Math.round(d.applyAsDouble("returnless_refund_share_365d") * 100));
      case "empty_box_or_wrong_item" -> String.format(Locale.ROOT, "%d returned parcel(s) arrived empty or held a "
          + "different item than the one sold (%d empty, %d wrong item)",
          n.applyAsLong("received_empty_box_365d") + n.applyAsLong("received_wrong_item_365d"),
          n.applyAsLong("received_empty_box_365d"), n.applyAsLong("received_wrong_item_365d"));
      case "expired_labels" -> String.format(Locale.ROOT, "%d of %d return labels expired unused",
          n.applyAsLong("labels_expired_unused_365d"), n.applyAsLong("returns_365d"));
      case "linked_to_confirmed" -> String.format(Locale.ROOT, "Shares an address, payment method or e-mail with %d "
          + "other accounts, %d of them confirmed abusers", n.applyAsLong("linked_accounts"),
          n.applyAsLong("linked_accounts_confirmed"));
      case "linked_to_flagged" -> String.format(Locale.ROOT, "Shares an address, payment method or e-mail with %d other "
          + "accounts, %d of them on the fraud team's watch list", n.applyAsLong("linked_accounts"),
          n.applyAsLong("linked_accounts_flagged") - n.applyAsLong("linked_accounts_confirmed"));
      case "shared_payment" -> String.format(Locale.ROOT, "Pays with the same payment instrument as %d other accounts",
          n.applyAsLong("linked_accounts_payment"));
      default -> throw new AssertionError("no recomputation for signal " + signal);
    };
  }

  @Test
  void everyReasonIsTrueOfTheFeatures() {
    List<Map<String, Object>> rows = new ArrayList<>(List.of(
        row("serial", "units_365d", 20, "return_units_365d", 15, "orders_365d", 9, "returns_365d", 15,
            "return_rate_units_vs_category_365d", FeatureRows.ratio(15, 20, 0.25), "labels_expired_unused_365d", 8),
        row("wardrober", "units_365d", 10, "return_units_365d", 7, "orders_365d", 8, "returns_365d", 7,
            "quick_return_share_365d", 0.857, "return_rate_units_vs_category_365d", 2.35),
        row("inr", "orders_365d", 7, "inr_claims_delivered_365d", 4, "inr_claims_delivered_signed_365d", 2),
        row("keepit", "orders_365d", 9, "refunds_365d", 7, "returnless_refunds_365d", 6,
            "returnless_refund_share_365d", 6.0 / 7),
        row("emptybox", "returns_365d", 3, "received_empty_box_365d", 2, "received_wrong_item_365d", 1),
        row("ring", "linked_accounts", 4, "linked_accounts_payment", 3, "linked_accounts_flagged", 3,
            "linked_accounts_confirmed", 1, "received_empty_box_365d", 1),
        row("plain")));
    Map<String, Map<String, Object>> byId = new HashMap<>();
    rows.forEach(r -> byId.put((String) r.get("customer_id"), r));
    Dataset<Row> scores = spark.createDataFrame(scores(rows).collectAsList(), AbuseScore.SCHEMA);
    Map<String, Row> s = byCustomer(scores);
    Dataset<Row> list = ReviewList.select(scores,
        spark.createDataFrame(List.of(), new org.apache.spark.sql.types.StructType()
            .add("customer_id", "string").add("exclusion", "string")), 50);
    List<String> listed = list.collectAsList().stream().map(r -> r.getString(r.fieldIndex("customer_id"))).toList();
    assertTrue(listed.containsAll(List.of("inr", "keepit", "emptybox", "ring")) && !listed.contains("plain")
        && !listed.contains("wardrober"), "hard evidence is listed, a high return rate alone is not: " + listed);
    int checked = 0;
    for (Row l : s.values()) {
      String id = l.getString(l.fieldIndex("customer_id"));
      List<String> reasons = l.getList(l.fieldIndex("reasons"));
      List<String> signals = l.getList(l.fieldIndex("reason_signals"));
      assertTrue(reasons.size() <= 3 && (reasons.size() >= 1 || !listed.contains(id)),
          id + " has at most 3 reasons, and a listed customer at least one: " + reasons);
      for (int i = 0; i < reasons.size(); i++) {
        assertEquals(expectedReason(signals.get(i), byId.get(id)), reasons.get(i),
            "reason " + signals.get(i) + " of " + id + " must match its features");
        checked++;
      }
    }
    assertTrue(checked >= 10, "every reason of every customer was checked: " + checked);
    assertEquals(List.of("inr_on_signed", "inr_on_delivered"), s.get("inr").getList(s.get("inr").fieldIndex("reason_signals")),
        "reasons are ordered by contribution");
  }
}
