package dev.boomerang.adapters;

import static dev.boomerang.adapters.Drops.fixture;
import static dev.boomerang.adapters.Drops.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.adapters.AmazonImport.Args;
import dev.boomerang.adapters.AmazonImport.Report;
import dev.boomerang.common.UserError;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each Seller Central report type, end to end from a fixture file to contract drops. */
class AmazonImportTest {

  static final String SALT = "test-salt-0123456789";

  @TempDir Path landing;

  ImportResult run(Report r, LocalDate date, String... files) {
    return AmazonImport.run(new Args(r, java.util.Arrays.stream(files).map(Drops::fixture).toList(),
        date, null, landing, SALT));
  }

  static Map<String, String> one(List<Map<String, String>> rows, String column, String value) {
    List<Map<String, String>> m = rows.stream().filter(r -> value.equals(r.get(column))).toList();
    assertEquals(1, m.size(), "exactly one row with " + column + "=" + value + " in " + rows);
    return m.get(0);
  }

  @Test
  void allOrdersTabFileBecomesOrdersLinesCustomersAndProducts() {
    ImportResult res = run(Report.ALL_ORDERS, null, "all-orders.tsv");
    assertEquals(LocalDate.of(2025, 7, 5), res.date(), "default drop date: UTC date of the latest last-updated-date");
    assertTrue(res.summary().get(0).contains("tab-separated") && res.summary().get(0).contains("1 repeated header"),
        "the concatenated header is detected: " + res.summary());

    List<Map<String, String>> orders = rows(landing, "orders");
    assertEquals(2, orders.size(), "the cancelled order is left out: " + orders);
    Map<String, String> fba = one(orders, "order_id", "302-1111111-1111111");
    assertEquals("FBA", fba.get("channel"));
    assertEquals("amazon.de", fba.get("marketplace"));
    assertEquals("2025-07-01T10:15:00+02:00", fba.get("order_ts"), "offset kept");
    assertEquals("STANDARD", fba.get("ship_service_level"));
    assertEquals("4.99", fba.get("shipping_fee"), "shipping-price summed over the items");
    assertEquals("SUMMER5", fba.get("promo_code"));
    Map<String, String> fbm = one(orders, "order_id", "302-2222222-2222222");
    assertEquals("FBM", fbm.get("channel"));
    assertEquals("EXPEDITED", fbm.get("ship_service_level"));
    assertEquals("DE", fbm.get("ship_country"), "country upper-cased");
    assertEquals("5.00", fbm.get("shipping_fee"), "6.90 shipping less the 1.90 shipping promotion");

    List<Map<String, String>> lines = rows(landing, "order_lines");
    assertEquals(4, lines.size());
    Map<String, String> jacket = one(lines, "sku", "JKT-128");
    assertEquals("2", jacket.get("line_no"), "lines numbered by SKU within the order: BOOT-38 is 1, JKT-128 is 2");
    assertEquals("29.99", jacket.get("unit_price"), "item-price 59.98 is the line total for 2 units");
    assertEquals("5.00", jacket.get("discount"), "a negative promotion discount is a positive discount");
    assertEquals("BusinessPrice", jacket.get("src_price_designation"), "an unknown column is kept as src_*");
    assertEquals("false", jacket.get("src_is_business_order"));
    assertNull(one(lines, "sku", "BOOT-38").get("src_price_designation"), "a single-space cell is empty");

    Map<String, String> product = one(rows(landing, "products"), "sku", "JKT-128");
    assertEquals("Kids' \"Rain\" Jacket, navy, 128", product.get("title"), "unquoted quotes and commas survive");

    List<Map<String, String>> customers = rows(landing, "customers");
    assertEquals(2, customers.size(), "one customer per distinct buyer address");
    assertEquals(fba.get("customer_id"), one(customers, "postal_code", "10115").get("customer_id"));
    assertNotEquals(fba.get("customer_id"), fbm.get("customer_id"));
    assertTrue(fba.get("customer_id").matches("ck_[0-9a-f]{24}"), fba.get("customer_id"));

    Map<String, Long> rules = rows(landing.resolve("_rejected")).stream()
        .collect(Collectors.groupingBy(r -> r.get("rule"), Collectors.counting()));
    assertEquals(Map.of("cancelled_order", 1L, "superseded_version", 1L), rules,
        "the cancelled line and the older version of JKT-128 are in the rejected file");
    assertEquals(List.of(), Drops.violations(landing), "every row meets the contract");
  }

  @Test
  void windows1252CommaFileWithAliasesAndUnquotedCommas() {
    ImportResult res = run(Report.ALL_ORDERS, LocalDate.of(2025, 7, 8), "all-orders-windows1252.csv");
    assertTrue(res.summary().get(0).contains("windows-1252") && res.summary().get(0).contains("comma-separated"),
        "encoding and delimiter detected: " + res.summary());
    assertEquals(LocalDate.of(2025, 7, 8), res.date(), "--date wins");
    List<Map<String, String>> orders = rows(landing, "orders");
    assertEquals(2, orders.size(), "'Order-ID' is the alias of amazon-order-id, matched case-insensitively");
    Map<String, String> first = one(orders, "order_id", "302-4444444-4444444");
    assertEquals("2025-07-06T08:00:00Z", first.get("order_ts"), "'yyyy-MM-dd HH:mm:ss UTC' read as UTC");
    assertEquals("PRIORITY", first.get("ship_service_level"), "NextDay");
    assertEquals(first.get("customer_id"), one(orders, "order_id", "302-5555555-5555555").get("customer_id"),
        "the same e-mail in other case and spacing at another address is the same customer");
    assertEquals("Kaffeebecher \"Groß\", für Mütter – 0,3 l", one(rows(landing, "products"), "sku", "MUG-3").get("title"),
        "windows-1252 text decoded and the comma-split name joined back");
    assertEquals("Alles Gute", one(rows(landing, "order_lines"), "sku", "MUG-3").get("src_gift_message"));
    assertNotEquals(null, one(rows(landing, "customers"), "postal_code", "50667").get("email_hash"));
    assertEquals(List.of(), Drops.violations(landing));

    Path again = landing.resolve("forced");
    ImportResult forced = AmazonImport.run(new Args(Report.ALL_ORDERS, List.of(fixture("all-orders-windows1252.csv")),
        LocalDate.of(2025, 7, 8), Charset.forName("windows-1252"), again, SALT));
    assertTrue(forced.summary().get(0).contains("windows-1252"));
    assertEquals(rows(landing, "products"), rows(again, "products"), "--encoding gives the same result as detection");
  }

  @Test
  void fbaReturnsMapReasonsAndDispositionsAndNeedTheOrders() {
    run(Report.ALL_ORDERS, null, "all-orders.tsv");
    ImportResult res = run(Report.FBA_RETURNS, null, "fba-returns.tsv");
    assertEquals(LocalDate.of(2025, 7, 12), res.date());
    List<Map<String, String>> returns = rows(landing, "returns");
    assertEquals(3, returns.size(), "the return of an order never imported is rejected: " + returns);
    Map<String, String> small = one(returns, "rma_id", "FBA-LPNRR000001");
    assertEquals("APPAREL_TOO_SMALL", small.get("reason_code"));
    assertEquals("SELLABLE", small.get("received_condition"));
    assertEquals("2", small.get("line_no"));
    assertEquals(one(rows(landing, "orders"), "order_id", "302-1111111-1111111").get("customer_id"), small.get("customer_id"),
        "customer taken from the imported order");
    assertEquals("RECEIVED", small.get("status"));
    assertEquals("zu klein", small.get("src_customer_comments"));
    Map<String, String> boots = one(returns, "rma_id", "FBA-LPNRR000002");
    assertEquals("DEFECTIVE", boots.get("reason_code"), "CR- prefix stripped");
    assertEquals("DAMAGED", boots.get("received_condition"), "CUSTOMER_DAMAGED is DAMAGED");
    assertEquals("CUSTOMER_DAMAGED", boots.get("src_detailed_disposition"), "the raw disposition is kept");
    assertEquals("2025-07-11T14:00:00Z", boots.get("requested_ts"));
    Map<String, String> unknown = one(returns, "rma_id", "FBA-LPNRR000003");
    assertEquals("NO_REASON_GIVEN", unknown.get("reason_code"), "an unknown reason is passed on for quarantine, not guessed");
    assertNull(unknown.get("received_condition"), "EXPIRED has no contract condition");
    assertEquals(List.of("returns.reason_code=NO_REASON_GIVEN: not allowed"), Drops.violations(landing),
        "the only contract violation is the unknown reason, which ingestion quarantines");
    assertTrue(res.summary().stream().anyMatch(l -> l.startsWith("returns: 3 rows written") && l.contains("order_not_imported=1")
        && l.contains("unknown_reason=1")), res.summary().toString());
  }

  @Test
  void merchantReturnsFlatFileGiveReturnsRefundsAndClaims() {
    run(Report.ALL_ORDERS, null, "all-orders.tsv");
    ImportResult res = run(Report.MFN_RETURNS, null, "mfn-returns.tsv");
    List<Map<String, String>> returns = rows(landing, "returns");
    assertEquals(2, returns.size(), "the row with the impossible date 31-Jun-2025 is rejected");
    Map<String, String> mug = one(returns, "rma_id", "DrWbR8XNRRMA");
    assertEquals("NOT_AS_DESCRIBED", mug.get("reason_code"), "AMZ-PG-BAD-DESC");
    assertEquals("REFUNDED", mug.get("status"));
    assertEquals("2025-07-08T00:00:00Z", mug.get("requested_ts"), "dd-MMM-yyyy is a day: midnight UTC");
    assertEquals("2025-07-15T00:00:00Z", mug.get("received_ts"), "month names in any case");
    assertEquals("JJD000390007", mug.get("return_tracking_id"));
    assertEquals("2025-08-07T00:00:00Z", mug.get("label_expires_ts"));
    assertEquals("61234567890123", mug.get("src_order_item_id"), "the optional Order Item ID column is kept");
    assertEquals("true", mug.get("src_in_policy"), "flag Y read as true and kept");
    Map<String, String> lamp = one(returns, "rma_id", "DrWbR8XNRRMB");
    assertEquals("UNWANTED_ITEM", lamp.get("reason_code"));
    assertEquals("RETURNLESS_REFUND", lamp.get("resolution"), "Return type C-Returnless");
    assertNull(lamp.get("label_issued_ts"), "returnless: no label");
    assertEquals("AUTHORIZED", lamp.get("status"));
    assertEquals("SAFET-77", lamp.get("src_safet_claim_id"));

    Map<String, String> refund = one(rows(landing, "refunds"), "rma_id", "DrWbR8XNRRMA");
    assertEquals("19.99", refund.get("item_amount"));
    assertEquals("SELLER", refund.get("funded_by"));
    assertEquals("2", refund.get("line_no"), "MUG-1 is line 2 of its order");
    Map<String, String> claim = one(rows(landing, "claims"), "order_id", "302-2222222-2222222");
    assertEquals("A_TO_Z", claim.get("claim_type"));
    assertEquals("54.99", claim.get("amount"));
    assertEquals(List.of(), Drops.violations(landing));
    assertEquals(List.of("bad_format"), rows(landing.resolve("_rejected/amazon-mfn-returns")).stream().map(r -> r.get("rule")).toList());
    assertTrue(res.summary().stream().anyMatch(l -> l.startsWith("returns: 2 rows written") && l.contains("bad_format=1")));
  }

  @Test
  void merchantReturnsXmlReadsLikeTheFlatFile() {
    run(Report.ALL_ORDERS, null, "all-orders.tsv");
    run(Report.MFN_RETURNS_XML, null, "mfn-returns.xml");
    Map<String, String> lamp = one(rows(landing, "returns"), "rma_id", "DrWbR8XNRRMX");
    assertEquals("DEFECTIVE", lamp.get("reason_code"), "return_reason_code CR-DEFECTIVE");
    assertEquals("1", lamp.get("line_no"), "LAMP-2 sorts before MUG-1 in its order");
    assertEquals("REFUNDED", lamp.get("status"));
    assertEquals("DHL", lamp.get("return_carrier"), "nested label_details read");
    assertEquals("2025-07-14T12:00:00Z", lamp.get("received_ts"));
    assertEquals("54.99", one(rows(landing, "refunds"), "rma_id", "DrWbR8XNRRMX").get("item_amount"));
    assertEquals(List.of(), rows(landing, "claims"), "a_to_z_claim false");
    assertEquals(List.of(), Drops.violations(landing));
  }

  @Test
  void reimbursementsKeepReversalsNegative() {
    ImportResult res = run(Report.REIMBURSEMENTS, null, "fba-reimbursements.tsv");
    assertEquals(LocalDate.of(2025, 7, 25), res.date());
    List<Map<String, String>> rows = rows(landing, "reimbursements");
    assertEquals(2, rows.size());
    Map<String, String> reversal = one(rows, "reimbursement_id", "2971239999");
    assertEquals("-29.99", reversal.get("amount_total"));
    assertEquals("-1", reversal.get("quantity_cash"));
    assertEquals("2971234561", reversal.get("original_reimbursement_id"));
    assertEquals("Reimbursement_Reversal", reversal.get("reason"));
    assertEquals("29.99", one(rows, "reimbursement_id", "2971234561").get("amount_total"));
    assertEquals(List.of(), Drops.violations(landing));
  }

  @Test
  void sameFilesGiveTheSameDropFile() {
    run(Report.REIMBURSEMENTS, null, "fba-reimbursements.tsv");
    run(Report.REIMBURSEMENTS, null, "fba-reimbursements.tsv");
    assertEquals(2, rows(landing, "reimbursements").size(), "a re-import replaces its own drop file");
  }

  @Test
  void theCustomerKeyNeedsASecretSalt() {
    UserError e = assertThrows(UserError.class, () -> AmazonImport.run(new Args(Report.ALL_ORDERS,
        List.of(fixture("all-orders.tsv")), null, null, landing, null)));
    assertTrue(e.getMessage().contains("BOOMERANG_CUSTOMER_KEY_SALT"), e.getMessage());
    assertThrows(UserError.class, () -> new CustomerKey("short"));
    CustomerKey a = new CustomerKey(SALT);
    assertEquals(a.key(null, null, "10115", "Berlin", "DE"), a.key(null, null, "10 115", "BERLIN", "de"),
        "address fields are normalised");
    assertNotEquals(a.key(null, null, "10115", "Berlin", "DE"), new CustomerKey(SALT + "x").key(null, null, "10115", "Berlin", "DE"),
        "another salt, another key");
    assertNull(a.key(null, null, null, null, null));
  }
}
