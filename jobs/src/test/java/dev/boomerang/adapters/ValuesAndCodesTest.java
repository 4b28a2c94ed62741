package dev.boomerang.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.boomerang.contract.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The value formats, code mappings and flat-file rules the adapters share. */
class ValuesAndCodesTest {

  @Test
  void timestampsInTheThreeReportFormats() {
    assertEquals(OffsetDateTime.parse("2025-07-10T09:12:00+02:00"), Values.timestamp("2025-07-10T09:12:00+02:00"));
    assertEquals(OffsetDateTime.parse("2025-07-10T09:12:00Z"), Values.timestamp("2025-07-10 09:12:00 UTC"));
    assertEquals(OffsetDateTime.parse("2025-07-10T00:00:00Z"), Values.timestamp("10-Jul-2025"));
    assertEquals(OffsetDateTime.parse("2025-07-10T00:00:00Z"), Values.timestamp("10-JUL-2025"));
    assertEquals("2025-07-10T09:12:00+02:00", Values.iso(Values.timestamp("2025-07-10T09:12:00+02:00")), "offset kept");
    assertThrows(Values.BadValue.class, () -> Values.timestamp("2025-07-10T09:12:00"), "no offset, no instant");
    assertThrows(Values.BadValue.class, () -> Values.timestamp("31-Jun-2025"));
    assertThrows(Values.BadValue.class, () -> Values.timestamp("10-Juli-2025"), "month names are English");
  }

  @Test
  void flags() {
    for (String t : List.of("Y", "y", "true", "TRUE", "yes")) {
      assertEquals(true, Values.flag(t), t);
    }
    for (String f : List.of("N", "n", "false", "False", "no")) {
      assertEquals(false, Values.flag(f), f);
    }
    assertNull(Values.flag(null));
    assertThrows(Values.BadValue.class, () -> Values.flag("1"));
  }

  @Test
  void reasonsWithAndWithoutPrefixes() {
    Map<String, String> expected = Map.of(
        "UNWANTED_ITEM", "UNWANTED_ITEM", "CR-UNWANTED_ITEM", "UNWANTED_ITEM", "CR-DEFECTIVE", "DEFECTIVE",
        "AMZ-PG-BAD-DESC", "NOT_AS_DESCRIBED", "AMZ-PG-APP-TOO-SMALL", "APPAREL_TOO_SMALL",
        "SWITCHEROO", "SWITCHEROO", "cr-switcheroo", "SWITCHEROO", "AMZ-PG-MISORDERED", "ORDERED_WRONG_ITEM",
        "DAMAGED_BY_FC", "DAMAGED_BY_CARRIER");
    expected.forEach((raw, code) -> {
      AmazonCodes.Mapped m = AmazonCodes.reason(raw);
      assertEquals(code, m.value(), raw);
      assertEquals(true, m.known(), raw);
    });
    assertEquals(ReasonCode.Responsibility.SELLER, ReasonCode.valueOf(AmazonCodes.reason("AMZ-PG-BAD-DESC").value()).responsibility());
    assertEquals(ReasonCode.Responsibility.BUYER, ReasonCode.valueOf(AmazonCodes.reason("CR-UNWANTED_ITEM").value()).responsibility());
    for (ReasonCode r : ReasonCode.values()) {
      assertEquals(r.name(), AmazonCodes.reason("CR-" + r.name()).value(), "every contract code maps to itself");
    }
    assertFalse(AmazonCodes.reason("NO_REASON_GIVEN").known());
    assertEquals("NO_REASON_GIVEN", AmazonCodes.reason("CR-NO_REASON_GIVEN").value());
  }

  @Test
  void dispositions() {
    Map<String, String> expected = Map.of("SELLABLE", "SELLABLE", "DAMAGED", "DAMAGED", "CUSTOMER_DAMAGED", "DAMAGED",
        "CARRIER_DAMAGED", "DAMAGED", "WAREHOUSE_DAMAGED", "DAMAGED", "DISTRIBUTOR_DAMAGED", "DAMAGED",
        "DEFECTIVE", "DEFECTIVE", "customer damaged", "DAMAGED");
    expected.forEach((raw, c) -> assertEquals(c, AmazonCodes.condition(raw), raw));
    assertNull(AmazonCodes.condition("EXPIRED"), "no contract condition for expired stock");
    assertNull(AmazonCodes.condition("UNKNOWN_NEW_DISPOSITION"));
  }

  @Test
  void flatFileQuirks() {
    String text = "Order-ID,Product-Name,SKU,Qty\n"
        + "1,Mug \"XL\", blue,M1,2\n"
        + "Order-ID,Product-Name,SKU,Qty\n"
        + "2, ,M2,1\n"
        + "3,x,M3\n";
    FlatFile f = FlatFile.parse("t.csv", StandardCharsets.UTF_8, text);
    assertEquals(',', f.delimiter());
    assertEquals(List.of("order-id", "product-name", "sku", "qty"), f.header());
    assertEquals(1, f.repeatedHeaders());
    assertEquals(2, f.lines().size());
    assertEquals("Mug \"XL\", blue", f.lines().get(0).get("product_name"));
    assertEquals("M1", f.lines().get(0).get("SKU"));
    assertNull(f.lines().get(1).get("product-name"), "a single space is empty");
    assertEquals(List.of(5L), f.malformed().stream().map(FlatFile.Line::number).toList(), "short line 5 is malformed");
    FlatFile tab = FlatFile.parse("t.tsv", StandardCharsets.UTF_8, "a\tb,c\n1\t2,3\n");
    assertEquals('\t', tab.delimiter());
    assertEquals("2,3", tab.lines().get(0).get("b,c"));
    assertEquals(StandardCharsets.UTF_8, FlatFile.detect("München".getBytes(StandardCharsets.UTF_8)));
    assertEquals("windows-1252", FlatFile.detect("München".getBytes(java.nio.charset.Charset.forName("windows-1252"))).name());
  }
}
