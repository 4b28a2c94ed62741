package dev.boomerang.report;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.contract.Contract;
import dev.boomerang.features.SilverSnapshot;
import dev.boomerang.testing.Fixtures;
import dev.boomerang.testing.SparkTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ReviewReportTest extends SparkTest {

  static final LocalDate D = LocalDate.of(2025, 11, 30);

  static String[] r(String... v) {
    return v;
  }

  SilverSnapshot snapshot() {
    return new SilverSnapshot(
        Fixtures.empty(spark, Contract.CUSTOMERS),
        Fixtures.empty(spark, Contract.PRODUCTS),
        Fixtures.silver(spark, Contract.ORDERS,
            r("O1", "C1", "2025-11-20T10:00:00Z", "FBM", "amazon.de", "DE", "", "", "STANDARD", "3.99", "EUR", "", "2025-11-20"),
            r("O0", "C1", "2025-07-01T10:00:00Z", "FBA", "amazon.de", "DE", "", "", "STANDARD", "0", "EUR", "", "2025-07-01"),
            r("O9", "C9", "2025-11-21T10:00:00Z", "FBA", "amazon.de", "DE", "", "", "STANDARD", "0", "EUR", "", "2025-11-21")),
        Fixtures.silver(spark, Contract.ORDER_LINES,
            r("O1", "1", "SKU-A", "2", "150.00", "10.00", "", "2025-11-20"),
            r("O0", "1", "SKU-A", "1", "150.00", "0", "", "2025-07-01"),
            r("O9", "1", "SKU-A", "1", "150.00", "0", "", "2025-11-21")),
        Fixtures.silver(spark, Contract.SHIPMENTS,
            r("S1", "O1", "DHL", "T1", "STANDARD", "true", "2025-11-20T18:00:00Z", "2025-11-22", "2025-11-20")),
        Fixtures.silver(spark, Contract.TRACKING_EVENTS,
            r("DHL", "T1", "2025-11-22T09:30:00Z", "DELIVERED", "Berlin", "<b>Mallory</b>", "E1", "2025-11-22"),
            r("DHL", "T1", "2025-11-21T07:00:00Z", "IN_TRANSIT", "Hub", "", "E0", "2025-11-21")),
        Fixtures.silver(spark, Contract.RETURNS,
            r("RMA1", "O1", "1", "C1", "2025-11-23T08:00:00Z", "DEFECTIVE", "1", "REFUND", "", "", "", "", "",
                "EMPTY_BOX", "RECEIVED", "2025-11-26T08:00:00Z", "2025-11-26")),
        Fixtures.silver(spark, Contract.REFUNDS,
            r("F1", "O1", "1", "RMA1", "", "2025-11-27T08:00:00Z", "140.00", "3.99", "EUR", "ORIGINAL_PAYMENT", "false",
                "SELLER", "2025-11-27")),
        Fixtures.silver(spark, Contract.CLAIMS,
            r("K1", "O1", "C1", "2025-11-24T12:00:00Z", "ITEM_NOT_RECEIVED", "DECIDED", "DENIED", "290.00", "EUR",
                "2025-11-25T12:00:00Z", "2025-11-25T12:00:00Z", "2025-11-25")),
        Fixtures.empty(spark, Contract.FRAUD_REVIEWS));
  }

  @Test
  void timelineHoldsTheCustomersRecentOrdersReturnsRefundsClaimsAndScans() {
    var customers = spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("C1")),
        new org.apache.spark.sql.types.StructType().add("customer_id", "string"));
    List<String> got = new ArrayList<>();
    for (Row e : ReviewReport.timeline(snapshot(), customers, D, 90).orderBy(col("ts")).collectAsList()) {
      got.add(e.getString(0) + " " + e.getString(2) + ": " + e.getString(3));
    }
    assertEquals(List.of(
        "C1 order: order O1 via FBM: 1 line(s), 290.00 EUR",
        "C1 tracking: parcel of order O1 (DHL T1): IN_TRANSIT",
        "C1 tracking: parcel of order O1 (DHL T1): DELIVERED signed by <b>Mallory</b>",
        "C1 return: return RMA1 of order O1 line 1: DEFECTIVE, REFUND, status RECEIVED (received EMPTY_BOX)",
        "C1 claim: claim K1 on order O1: ITEM_NOT_RECEIVED, DECIDED (DENIED), 290.00",
        "C1 refund: refund F1 on order O1: 140.00 item + 3.99 shipping EUR"), got,
        "one entry per event in the last 90 days, only for the listed customer (O0 is older, O9 is C9's)");
  }

  static ReviewReport.Listed listed(int rank, String id, String reason) {
    Map<String, String> figures = new LinkedHashMap<>();
    ReviewReport.KEY_FIGURES.keySet().forEach(k -> figures.put(k, "1.0"));
    return new ReviewReport.Listed(rank, id, 91.5 - rank, "review", List.of(reason, "second, with a comma"),
        List.of("EMPTY_BOX"), List.of(), "signals-1", figures);
  }

  @Test
  void htmlIsSelfContainedAndListsEveryCustomer() {
    List<ReviewReport.Listed> rows = List.of(listed(1, "C1", "2 returned parcels arrived empty"),
        listed(2, "C<7>", "3 item-not-received claims"));
    Map<String, List<ReviewReport.Event>> tl = Map.of("C1", List.of(new ReviewReport.Event("C1",
        java.sql.Timestamp.valueOf("2025-11-22 09:30:00"), "tracking", "DELIVERED signed by <b>Mallory</b>")));
    String html = ReviewReport.html(D, rows, tl, "rules");
    String lower = html.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("http"), "no link or external resource");
    assertFalse(lower.contains("<script"), "no script");
    assertFalse(lower.contains("<link") || lower.contains("<img") || lower.contains("<a ") || lower.contains("src="),
        "no linked resource at all");
    assertTrue(lower.contains("<style>"), "CSS is inline");
    assertTrue(html.contains("#1 C1") && html.contains("#2 C&lt;7&gt;"), "every listed customer is on the page, escaped");
    assertTrue(html.contains("2 returned parcels arrived empty") && html.contains("3 item-not-received claims"));
    assertTrue(html.contains("DELIVERED signed by &lt;b&gt;Mallory&lt;/b&gt;"), "timeline text is escaped");
    assertTrue(html.contains("no events in the last 90 days"), "a customer without events says so");
  }

  @Test
  void csvHasOneQuotedRowPerListedCustomer() {
    String csv = ReviewReport.csv(D, List.of(listed(1, "C1", "a \"quoted\" reason")));
    String[] lines = csv.split("\n");
    assertEquals(2, lines.length);
    assertTrue(lines[0].startsWith("rank,customer_id,risk_score,tier,reason_1,reason_2,reason_3,abuse_types,mitigations,"
        + "orders_365d,"), lines[0]);
    assertTrue(lines[0].endsWith(",model_version,as_of_date"), lines[0]);
    assertTrue(lines[1].startsWith("1,C1,90.50,review,\"a \"\"quoted\"\" reason\",\"second, with a comma\",,EMPTY_BOX,,"),
        lines[1]);
    assertTrue(lines[1].endsWith(",signals-1,2025-11-30"), lines[1]);
  }
}
