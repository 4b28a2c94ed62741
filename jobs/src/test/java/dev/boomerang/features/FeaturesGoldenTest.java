package dev.boomerang.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.features.FeatureCatalog.Grain;
import dev.boomerang.testing.SparkTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hand-computed features of {@link TinySilver} as of 2025-03-31 (see its Javadoc for the story). */
class FeaturesGoldenTest extends SparkTest {

  static final LocalDate D = LocalDate.parse("2025-03-31");
  static Map<String, Row> customers;
  static Map<String, Row> skus;
  static List<String> customerColumns;
  static List<String> skuColumns;

  @BeforeAll
  static void compute() {
    SilverSnapshot raw = new TinySilver(spark).snapshot();
    Dataset<Row> dates = SilverSnapshot.dates(spark, List.of(D));
    Dataset<Row> skuDaily = DailyMeasures.skuDaily(raw, List.of(D), true).cache();
    Dataset<Row> sku = SkuFeatures.compute(skuDaily, raw.asOfEach(dates).products(), dates).cache();
    Dataset<Row> customer = CustomerFeatures.compute(DailyMeasures.customerDaily(raw, List.of(D), true), skuDaily, raw,
        sku, dates);
    customerColumns = Arrays.asList(customer.columns());
    skuColumns = Arrays.asList(sku.columns());
    customers = customer.collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
    skus = sku.collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
  }

  static void check(Row row, String id, Object... nameValue) {
    for (int i = 0; i < nameValue.length; i += 2) {
      String name = (String) nameValue[i];
      Object want = nameValue[i + 1];
      Object got = row.get(row.fieldIndex(name));
      String what = id + "." + name;
      if (want == null) {
        assertNull(got, what + " should be NULL");
      } else if (want instanceof Double w) {
        assertTrue(got != null && Math.abs(((Number) got).doubleValue() - w) < 1e-9, what + ": want " + w + ", got " + got);
      } else if (want instanceof String s && s.matches("-?\\d+\\.\\d\\d")) {
        assertEquals(0, new BigDecimal(s).compareTo((BigDecimal) got), what + ": want " + s + ", got " + got);
      } else if (want instanceof Integer n) {
        assertEquals(n.longValue(), ((Number) got).longValue(), what);
      } else {
        assertEquals(want, got, what);
      }
    }
  }

  @Test
  void columnsAreTheCatalogue() {
    assertEquals(FeatureCatalog.columns(Grain.CUSTOMER), customerColumns, "customer_features columns = catalogue");
    assertEquals(FeatureCatalog.columns(Grain.SKU), skuColumns, "sku_features columns = catalogue");
    assertEquals(List.of("C1", "C2", "C4"), customers.keySet().stream().sorted().toList(),
        "customers with an order in the last 365 days; C3 has none");
    assertEquals(List.of("SKU-A", "SKU-B", "SKU-C", "SKU-D"), skus.keySet().stream().sorted().toList(),
        "SKU-C is sold within 365 days only through O8");
  }

  @Test
  void customerWindowsAtTheirEdges() {
    Row c1 = customers.get("C1");
    // O1 29 days back is in 30d; O2 30 days back is not; O3 364 days back is in 365d; O4 365 back is lifetime only.
    check(c1, "C1", "orders_30d", 1, "orders_90d", 2, "orders_365d", 3, "orders_lifetime", 4,
        "units_30d", 2, "units_90d", 4, "units_365d", 5, "units_lifetime", 6,
        "spend_30d", "80.00", "spend_90d", "260.00", "spend_365d", "360.00", "spend_lifetime", "370.00",
        "returns_30d", 1, "returns_90d", 2, "returns_365d", 2, "returns_lifetime", 3,
        "return_units_90d", 2, "return_value_30d", "40.00", "return_value_90d", "140.00", "return_value_lifetime", "150.00",
        "refunds_30d", 1, "refunds_lifetime", 3, "refund_value_90d", "140.00",
        "returnless_refunds_365d", 0, "returnless_refunds_lifetime", 1, "returnless_refund_value_lifetime", "10.00",
        "shipping_fee_refunds_30d", 0, "shipping_fee_refunds_90d", 1, "shipping_fee_refund_value_90d", "4.99",
        "claims_item_not_received_30d", 0, "claims_item_not_received_90d", 1, "claims_a_to_z_lifetime", 0,
        "inr_claims_delivered_90d", 1, "inr_claims_delivered_signed_90d", 1,
        "return_rate_units_30d", 0.5, "return_rate_units_365d", 0.4, "return_rate_units_lifetime", 0.5,
        "return_rate_value_90d", 140.0 / 260, "return_rate_value_lifetime", 150.0 / 370,
        "returnless_refund_share_365d", 0.0, "returnless_refund_share_lifetime", 1.0 / 3);
    Row c2 = customers.get("C2");
    // O5 89 days back is in 90d; O8 90 days back is not.
    check(c2, "C2", "orders_30d", 0, "orders_90d", 1, "orders_365d", 3, "units_90d", 2, "spend_365d", "210.00",
        "returns_90d", 1, "returns_365d", 2, "return_value_365d", "150.00",
        "return_rate_units_30d", null, "return_rate_units_365d", 0.5, "returnless_refund_share_30d", null);
  }

  @Test
  void customerBehaviour() {
    // C1's last-year returns: R1 2 days after a Saturday delivery, on a Monday (Apparel, size, SELLABLE);
    // R2 16 days after delivery (Electronics, DEFECTIVE, received EMPTY_BOX, SKU-B with an elevated defect rate).
    check(customers.get("C1"), "C1", "delivery_to_request_days_median_365d", 9.0,
        "delivery_to_request_days_iqr_365d", 7.0, "quick_return_share_365d", 0.5,
        "weekend_delivery_early_week_request_share_365d", 0.5, "reason_entropy_365d", 1.0,
        "seller_fault_share_365d", 0.5, "received_empty_box_365d", 1, "received_wrong_item_365d", 0,
        "received_damaged_365d", 0, "labels_expired_unused_365d", 0, "holiday_item_returns_365d", 0,
        "bracketing_orders_365d", 1, "defect_sku_refunds_365d", 1);
    // C2: no delivery scans, R6's label expired unused, O6 is a holiday purchase.
    check(customers.get("C2"), "C2", "delivery_to_request_days_median_365d", null, "quick_return_share_365d", null,
        "weekend_delivery_early_week_request_share_365d", null, "reason_entropy_365d", 1.0,
        "seller_fault_share_365d", 0.5, "labels_expired_unused_365d", 1, "holiday_item_returns_365d", 1,
        "bracketing_orders_365d", 0, "defect_sku_refunds_365d", 1);
    check(customers.get("C4"), "C4", "reason_entropy_365d", null, "received_empty_box_365d", 0);
  }

  @Test
  void customerPeersAndLinks() {
    // Category unit rates: Apparel 1/2; Electronics 3 returned of 9 units. C1 buys 2 Apparel + 3 Electronics
    // units: e = (2*0.5 + 3/3)/5 = 0.4; ((2 + 10*0.4)/(5 + 10))/0.4 = 1.0.
    double eValue = (80 * 0.5 + 280 * (250.0 / 630)) / 360;
    double kValue = 10 * 360.0 / 5;
    check(customers.get("C1"), "C1", "return_rate_units_vs_category_365d", 1.0,
        "return_rate_value_vs_category_365d", ((140 + eValue * kValue) / (360 + kValue)) / eValue,
        "linked_accounts_payment", 1, "linked_accounts_address", 0, "linked_accounts_email", 0,
        "linked_accounts", 1, "linked_accounts_flagged", 0, "linked_accounts_confirmed", 0, "account_age_days", 365);
    check(customers.get("C2"), "C2", "linked_accounts_payment", 1, "linked_accounts_address", 1,
        "linked_accounts", 2, "linked_accounts_flagged", 1, "linked_accounts_confirmed", 1, "account_age_days", 89);
  }

  @Test
  void skuFeatures() {
    // SKU-B: lines O2 (30 days back), O3 (364), O5 (89); returns R2 and R5, both defects.
    // Electronics prior: 3 returns of 8 lines; value 250 of 630, mean line value 630/8.
    Row b = skus.get("SKU-B");
    double v = 630.0 / 8 * 20;
    check(b, "SKU-B", "category", "Electronics", "lines_sold_365d", 3, "units_sold_365d", 4, "returns_365d", 2,
        "return_rate_365d", 2.0 / 3, "category_return_rate_365d", 3.0 / 8,
        "return_rate_smoothed_365d", (2 + 20 * 3.0 / 8) / 23,
        "return_value_rate_smoothed_365d", (200 + v * 250 / 630) / (380 + v),
        "reason_share_defective_365d", 1.0, "reason_share_unwanted_item_365d", 0.0,
        "defect_share_365d", 1.0, "damaged_share_365d", 0.0, "size_related_share_365d", 0.0,
        "returnless_share_365d", 0.0, "defect_rate_365d", 2.0 / 3, "is_elevated_defect_rate", true,
        "days_to_return_mean_365d", 16.0, "holiday_return_rate_365d", null, "other_return_rate_365d", 2.0 / 3,
        "lost_in_transit_rate_365d", 0.0, "return_rate_30d", null, "return_rate_prev_90d", 1.0,
        "return_rate_trend", null);
    // SKU-D: 5 lines (O5, O6 in December, three in O7 whose parcel was lost), one return R6.
    check(skus.get("SKU-D"), "SKU-D", "returns_365d", 1, "is_elevated_defect_rate", false,
        "holiday_return_rate_365d", 1.0, "other_return_rate_365d", 0.0, "lost_in_transit_rate_365d", 1.0,
        "reason_share_unwanted_item_365d", 1.0, "days_to_return_mean_365d", null);
    check(skus.get("SKU-A"), "SKU-A", "size_related_share_365d", 1.0, "return_rate_30d", 0.5,
        "return_rate_prev_90d", null, "category_return_rate_365d", 0.5, "return_rate_smoothed_365d", 0.5);
    check(skus.get("SKU-C"), "SKU-C", "lines_sold_365d", 1, "returns_365d", 0, "holiday_return_rate_365d", 0.0,
        "reason_share_unwanted_item_365d", null);
  }

  @Test
  void docsAreTheRenderedCatalogue() throws Exception {
    String want = FeatureCatalog.markdown();
    String got = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "FEATURES.md"));
    assertEquals(want, got, "docs/FEATURES.md differs from FeatureCatalog.markdown(): regenerate it with "
        + "./boomerang features --docs > docs/FEATURES.md");
    assertTrue(FeatureCatalog.modelFeatures(Grain.CUSTOMER).contains("return_rate_90d".replace("rate", "rate_units")),
        "model features list windowed rates");
    Map<String, Integer> seen = new HashMap<>();
    for (Grain g : Grain.values()) {
      for (String c : FeatureCatalog.columns(g)) {
        assertEquals(null, seen.put(g + c, 1), "column " + c + " appears twice in " + g);
      }
    }
  }
}
