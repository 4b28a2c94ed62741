package dev.boomerang.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.contract.Contract;
import dev.boomerang.contract.ReasonCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance checks of issue 3 on one generated data set (4,000 customers x 50 days, plain Java). */
class SimulatorTest {

  static final LocalDate START = LocalDate.of(2025, 10, 1);
  static final int DAYS = 50;
  static final double ABUSER_SHARE = 0.015;

  @TempDir static Path dir;
  static GeneratedData data;
  static Map<String, Map<String, String>> orders;

  static SimConfig config(Path root, int customers, int days, long seed, double dirtyRate) {
    return new SimConfig(START, days, customers, customers * 0.06, seed, dirtyRate, root.resolve("landing"),
        root.resolve("truth"), 0.03, 0.01, ABUSER_SHARE, 1500, 1000, START.plusDays(30), 600);
  }

  @BeforeAll
  static void generate() throws IOException {
    Simulator.run(config(dir.resolve("main"), 4000, DAYS, 7, 0.01));
    data = new GeneratedData(dir.resolve("main/landing"), dir.resolve("main/truth"));
    orders = new HashMap<>();
    for (Map<String, String> o : data.rows("orders")) {
      orders.put(o.get("order_id"), o);
    }
  }

  static OffsetDateTime ts(String s) {
    return OffsetDateTime.parse(s);
  }

  @Test
  void everyEntityHasDropsWithTheContractHeader() throws IOException {
    for (var e : Simulator.ENTITIES) {
      List<Path> files = data.files(e.name());
      assertFalse(files.isEmpty(), e.name() + " has drops");
      for (Path f : files) {
        assertEquals(String.join(",", e.columnNames()), Files.readAllLines(f, StandardCharsets.ISO_8859_1).get(0),
            "header of " + f);
        assertTrue(f.getParent().getFileName().toString().matches("date=\\d{4}-\\d{2}-\\d{2}"), "drop folder " + f);
      }
    }
  }

  @Test
  void everyCleanValueConformsToTheContract() {
    for (var e : Simulator.ENTITIES) {
      List<Map<String, String>> rows = data.rows(e.name());
      assertFalse(rows.isEmpty(), e.name() + " has rows");
      for (Map<String, String> row : rows) {
        for (var f : e.fields()) {
          String v = row.get(f.name());
          String where = e.name() + "." + f.name() + " = '" + v + "' in " + row;
          if (v.isEmpty()) {
            assertFalse(f.required(), "required " + where);
            continue;
          }
          assertTrue(switch (f.type()) {
            case STRING -> true;
            case INT -> v.matches("-?\\d+");
            case DECIMAL -> v.matches("\\d+\\.\\d{2}") && !v.startsWith("-");
            case BOOLEAN -> v.equals("true") || v.equals("false");
            case DATE -> v.matches("\\d{4}-\\d{2}-\\d{2}") && LocalDate.parse(v) != null;
            case TIMESTAMP -> v.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2}") && ts(v) != null;
          }, "type " + f.type() + ": " + where);
          assertTrue(f.allowed().isEmpty() || f.allowed().contains(v), "allowed value: " + where);
          assertTrue(f.pattern() == null || v.matches(f.pattern()), "pattern " + f.pattern() + ": " + where);
        }
      }
    }
  }

  @Test
  void categoryReturnRatesFallInTheDocumentedRanges() {
    Map<String, String> category = new HashMap<>();
    data.rows("products").forEach(p -> category.put(p.get("sku"), p.get("category")));
    Set<String> returned = data.rows("returns").stream()
        .map(r -> r.get("order_id") + "#" + r.get("line_no")).collect(Collectors.toSet());
    // only orders whose 30-day return window has closed before the last drop
    LocalDate closed = START.plusDays(DAYS - 37);
    Map<String, int[]> byCategory = new TreeMap<>();
    for (Map<String, String> l : data.rows("order_lines")) {
      Map<String, String> o = orders.get(l.get("order_id"));
      if (ts(o.get("order_ts")).toLocalDate().isBefore(closed)) {
        int[] c = byCategory.computeIfAbsent(category.get(l.get("sku")), k -> new int[2]);
        c[0]++;
        c[1] += returned.contains(l.get("order_id") + "#" + l.get("line_no")) ? 1 : 0;
      }
    }
    Map<String, double[]> ranges = Map.of("Apparel", new double[] {0.20, 0.40}, "Shoes", new double[] {0.25, 0.35},
        "Electronics", new double[] {0.08, 0.15}, "Home", new double[] {0.05, 0.15}, "Beauty", new double[] {0.05, 0.12});
    assertEquals(ranges.keySet(), byCategory.keySet(), "all five categories sold");
    for (var e : byCategory.entrySet()) {
      double rate = (double) e.getValue()[1] / e.getValue()[0];
      double[] range = ranges.get(e.getKey());
      assertTrue(rate >= range[0] && rate <= range[1],
          e.getKey() + " return rate " + rate + " over " + e.getValue()[0] + " lines should lie in " + range[0] + ".." + range[1]);
    }
  }

  @Test
  void shippingFeeIsRefundedOnlyForSellerFaultAndLostParcels() {
    Map<String, String> reasonByRma = new HashMap<>();
    data.rows("returns").forEach(r -> reasonByRma.put(r.get("rma_id"), r.get("reason_code")));
    Map<String, Map<String, String>> refunds = new HashMap<>();
    data.rows("refunds").forEach(r -> refunds.put(r.get("refund_id"), r));
    Map<String, Long> shippingByOrder = new HashMap<>();
    int sellerFaultWithFee = 0;
    int buyerRemorse = 0;
    for (Map<String, String> f : refunds.values()) {
      long fee = cents(orders.get(f.get("order_id")).get("shipping_fee"));
      long shipping = cents(f.get("shipping_amount"));
      shippingByOrder.merge(f.get("order_id"), shipping, Long::sum);
      if (!f.get("rma_id").isEmpty()) {
        ReasonCode reason = ReasonCode.valueOf(reasonByRma.get(f.get("rma_id")));
        if (reason.isSellerFault()) {
          assertTrue(shipping == 0 || shipping == fee, "seller-fault refund " + f + " refunds the whole fee or none");
          sellerFaultWithFee += shipping > 0 ? 1 : 0;
        } else {
          assertEquals(0, shipping, "buyer-remorse refund " + f + " never refunds shipping");
          buyerRemorse++;
        }
      } else {
        assertTrue(shipping == 0 || shipping == fee, "order-level refund " + f + " refunds the whole fee or none");
      }
    }
    shippingByOrder.forEach((order, total) -> assertTrue(total <= cents(orders.get(order).get("shipping_fee")),
        "order " + order + " gets at most its shipping fee back"));
    Map<String, Long> paid = new HashMap<>();
    data.rows("order_lines").forEach(l -> paid.merge(l.get("order_id"),
        Integer.parseInt(l.get("quantity")) * cents(l.get("unit_price")) - cents(l.get("discount")), Long::sum));
    Map<String, Long> refunded = new HashMap<>();
    refunds.values().forEach(f -> refunded.merge(f.get("order_id"),
        cents(f.get("item_amount")) + cents(f.get("shipping_amount")), Long::sum));
    refunded.forEach((order, total) -> assertTrue(
        total <= paid.get(order) + cents(orders.get(order).get("shipping_fee")),
        "clean refunds of " + order + " (" + total + ") never exceed what was paid"));
    assertTrue(sellerFaultWithFee > 20 && buyerRemorse > 200, "both kinds of refunds occur: " + sellerFaultWithFee
        + " seller-fault refunds with shipping, " + buyerRemorse + " buyer-remorse refunds");
  }

  @Test
  void lostParcelsAreRefundedInFullByTheChannelsFunder() {
    Set<String> lost = new HashSet<>();
    data.rows("tracking_events").stream().filter(e -> e.get("status").equals("LOST"))
        .forEach(e -> lost.add(e.get("carrier") + "/" + e.get("tracking_id")));
    Map<String, String> lostOrders = new HashMap<>();
    for (Map<String, String> s : data.rows("shipments")) {
      if (lost.contains(s.get("carrier") + "/" + s.get("tracking_id"))) {
        lostOrders.put(s.get("order_id"), orders.get(s.get("order_id")).get("channel"));
      }
    }
    int checked = 0;
    for (Map<String, String> f : data.rows("refunds")) {
      String channel = lostOrders.get(f.get("order_id"));
      if (channel != null && f.get("rma_id").isEmpty()) {
        assertEquals(orders.get(f.get("order_id")).get("shipping_fee"), f.get("shipping_amount"), "lost parcel refund " + f);
        assertEquals(channel.equals("FBA"), f.get("funded_by").equals("MARKETPLACE"),
            "FBA losses are funded by the marketplace, FBM/WEB ones by the seller or carrier: " + f);
        checked++;
      }
    }
    assertTrue(checked > 5, "lost-parcel refunds checked: " + checked);
  }

  @Test
  void noEventPrecedesItsOrder() {
    Map<String, String> orderOfParcel = new HashMap<>();
    List<String[]> checks = new ArrayList<>(); // order_id, event ts, what
    for (Map<String, String> s : data.rows("shipments")) {
      orderOfParcel.put(s.get("carrier") + "/" + s.get("tracking_id"), s.get("order_id"));
      checks.add(new String[] {s.get("order_id"), s.get("shipped_ts"), "shipment " + s.get("shipment_id")});
    }
    for (Map<String, String> r : data.rows("returns")) {
      if (!r.get("return_tracking_id").isEmpty()) {
        orderOfParcel.put(r.get("return_carrier") + "/" + r.get("return_tracking_id"), r.get("order_id"));
      }
      checks.add(new String[] {r.get("order_id"), r.get("requested_ts"), "return " + r.get("rma_id")});
      checks.add(new String[] {r.get("order_id"), r.get("updated_ts"), "return version " + r.get("rma_id")});
    }
    List<Map<String, String>> scans = data.rows("tracking_events");
    int orphans = 0; // a return label's first scans can arrive before the late return version naming it
    for (Map<String, String> e : scans) {
      String order = orderOfParcel.get(e.get("carrier") + "/" + e.get("tracking_id"));
      if (order == null) {
        orphans++;
        continue;
      }
      checks.add(new String[] {order, e.get("event_ts"), "scan " + e.get("tracking_id") + "/" + e.get("event_id")});
    }
    data.rows("refunds").forEach(f -> checks.add(new String[] {f.get("order_id"), f.get("refund_ts"), "refund " + f.get("refund_id")}));
    data.rows("claims").forEach(c -> checks.add(new String[] {c.get("order_id"), c.get("claim_ts"), "claim " + c.get("claim_id")}));
    for (String[] c : checks) {
      Map<String, String> o = orders.get(c[0]);
      assertTrue(o != null, c[2] + " refers to a known order " + c[0]);
      assertFalse(ts(c[1]).isBefore(ts(o.get("order_ts"))), c[2] + " at " + c[1] + " precedes order " + c[0]);
    }
    assertTrue(checks.size() > 50_000, "events checked: " + checks.size());
    assertTrue(orphans < scans.size() / 500, "scans of parcels no shipment or return names: " + orphans);
  }

  @Test
  void everyPersonaIsPresentWithTheConfiguredPrevalence() {
    List<Map<String, String>> customers = data.truth("customers.csv");
    assertEquals(4000, customers.size(), "one truth row per customer");
    Map<String, Long> byPersona = customers.stream().collect(Collectors.groupingBy(c -> c.get("persona"), Collectors.counting()));
    long abusers = customers.stream().filter(c -> c.get("is_abuser").equals("true")).count();
    assertEquals(ABUSER_SHARE * 4000, abusers, 3, "abusers: " + byPersona);
    for (Persona p : Persona.values()) {
      if (p.isAbuser()) {
        double expected = ABUSER_SHARE * 4000 * p.shareOfAbusers();
        long got = byPersona.getOrDefault(p.truthName(), 0L);
        assertTrue(got >= 1 && Math.abs(got - expected) <= 2.5, p + ": " + got + " accounts, expected about " + expected);
      }
    }
    Map<String, Long> hardNegatives = customers.stream().collect(Collectors.groupingBy(c -> c.get("hard_negative_group"), Collectors.counting()));
    for (String g : List.of("bracketer", "household", "big_spender", "defect_victim")) {
      assertTrue(hardNegatives.getOrDefault(g, 0L) > 10, "hard negatives " + g + ": " + hardNegatives);
    }
    // ring members share an address or a payment instrument with another member of their ring
    Map<String, Map<String, String>> accounts = data.latest("customers", "customer_id", "updated_ts");
    Map<String, List<Map<String, String>>> rings = customers.stream().filter(c -> !c.get("ring_id").isEmpty())
        .collect(Collectors.groupingBy(c -> c.get("ring_id")));
    assertFalse(rings.isEmpty(), "rings planted");
    for (var ring : rings.entrySet()) {
      assertTrue(ring.getValue().size() >= 2, "ring " + ring.getKey() + " has several accounts");
      for (Map<String, String> m : ring.getValue()) {
        Map<String, String> acc = accounts.get(m.get("customer_id"));
        boolean linked = ring.getValue().stream().filter(o -> o != m).map(o -> accounts.get(o.get("customer_id")))
            .anyMatch(o -> o.get("address_hash").equals(acc.get("address_hash"))
                || o.get("payment_fingerprint").equals(acc.get("payment_fingerprint")));
        assertTrue(linked, m.get("customer_id") + " shares a hash with its ring " + ring.getKey());
      }
    }
    // each return-abuse persona leaves abusive returns in the truth, INR fraudsters leave claims
    Set<String> abuseTypes = data.truth("returns.csv").stream().filter(r -> r.get("is_abusive").equals("true"))
        .map(r -> r.get("abuse_type")).collect(Collectors.toSet());
    assertTrue(abuseTypes.containsAll(List.of("SERIAL_RETURNER", "WARDROBING", "RETURNLESS_EXPLOIT", "EMPTY_BOX")),
        "abusive returns by type: " + abuseTypes);
    Set<String> inr = customers.stream().filter(c -> c.get("persona").equals("inr_fraudster"))
        .map(c -> c.get("customer_id")).collect(Collectors.toSet());
    assertTrue(data.rows("claims").stream().anyMatch(c -> inr.contains(c.get("customer_id"))
        && c.get("claim_type").equals("ITEM_NOT_RECEIVED")), "INR fraudsters file item-not-received claims");
    List<Map<String, String>> reviews = data.rows("fraud_reviews");
    Set<String> abuserIds = customers.stream().filter(c -> c.get("is_abuser").equals("true"))
        .map(c -> c.get("customer_id")).collect(Collectors.toSet());
    assertTrue(reviews.stream().anyMatch(r -> abuserIds.contains(r.get("customer_id")) && r.get("decision").equals("CONFIRMED_ABUSE")),
        "some abusers confirmed");
    assertTrue(reviews.size() < customers.size() / 10, "a minority reviewed: " + reviews.size());
  }

  @Test
  void dirtyRowsAreExactlyWhereTheTruthSaysAndEachHasOneProblem() {
    Map<String, Long> byKind = data.dirtyTruth.stream().collect(Collectors.groupingBy(d -> d.get("kind"), Collectors.counting()));
    for (Landing.Dirty k : Landing.Dirty.values()) {
      assertTrue(byKind.getOrDefault(k.name().toLowerCase(Locale.ROOT), 0L) > 3, "dirty kind " + k + " present: " + byKind);
    }
    Map<String, Map<String, String>> dirtyByLine = new HashMap<>();
    data.dirtyTruth.forEach(d -> dirtyByLine.put(d.get("file") + ":" + d.get("line_number"), d));
    Set<String> skus = data.rows("products").stream().map(p -> p.get("sku")).collect(Collectors.toSet());
    Map<String, Long> paid = new HashMap<>();
    data.rows("order_lines").forEach(l -> paid.merge(l.get("order_id"),
        Integer.parseInt(l.get("quantity")) * cents(l.get("unit_price")) - cents(l.get("discount")), Long::sum));
    orders.values().forEach(o -> paid.merge(o.get("order_id"), cents(o.get("shipping_fee")), Long::sum));
    int seen = 0;
    for (var e : Simulator.ENTITIES) {
      for (Path f : data.files(e.name())) {
        List<byte[]> lines = GeneratedData.rawLines(f);
        String rel = data.landing.relativize(f).toString();
        for (int i = 1; i < lines.size(); i++) {
          Map<String, String> d = dirtyByLine.get(rel + ":" + (i + 1));
          boolean utf8 = GeneratedData.validUtf8(lines.get(i));
          List<String> v = GeneratedData.split(new String(lines.get(i), StandardCharsets.UTF_8));
          int width = e.fields().size();
          if (d == null) {
            assertTrue(utf8 && v.size() == width, "clean line " + rel + ":" + (i + 1) + " is UTF-8 with " + width + " fields");
            continue;
          }
          seen++;
          assertEquals(e.name(), d.get("entity"));
          String kind = d.get("kind");
          assertEquals(kind.equals("non_utf8"), !utf8, rel + ":" + (i + 1) + " " + kind);
          assertEquals(kind.equals("wrong_column_count"), v.size() != width, rel + ":" + (i + 1) + " " + kind);
          if (kind.equals("non_positive_quantity")) {
            assertTrue(Integer.parseInt(v.get(3)) <= 0, "quantity " + v);
          }
          if (kind.equals("unknown_sku")) {
            assertFalse(skus.contains(v.get(2)), "sku unknown " + v);
          }
          if (kind.equals("missing_key")) {
            assertEquals("", v.get(e.columnNames().indexOf(e.key().get(0))), "key empty " + v);
          }
          if (kind.equals("refund_exceeds_paid")) {
            assertTrue(cents(v.get(6)) > paid.get(v.get(1)), "refund " + v + " exceeds paid " + paid.get(v.get(1)));
          }
        }
      }
    }
    assertEquals(data.dirtyTruth.size(), seen, "every truth row points at a line");
  }

  @Test
  void holidayOrdersMayBeReturnedUntilTheEndOfJanuary() throws IOException {
    Path root = dir.resolve("holiday");
    Simulator.run(new SimConfig(LocalDate.of(2025, 11, 20), 80, 1500, 90, 3, 0, root.resolve("landing"),
        root.resolve("truth"), 0, 0, ABUSER_SHARE, 1500, 1000, null, 300));
    GeneratedData holiday = new GeneratedData(root.resolve("landing"), root.resolve("truth"));
    Map<String, OffsetDateTime> orderTs = new HashMap<>();
    holiday.rows("orders").forEach(o -> orderTs.put(o.get("order_id"), ts(o.get("order_ts"))));
    OffsetDateTime endOfJanuary = OffsetDateTime.parse("2026-02-01T00:00:00+01:00");
    int extended = 0;
    for (Map<String, String> r : holiday.rows("returns")) {
      OffsetDateTime ordered = orderTs.get(r.get("order_id"));
      OffsetDateTime requested = ts(r.get("requested_ts"));
      if (ordered.getMonthValue() >= 11) {
        assertTrue(requested.isBefore(endOfJanuary), "Nov-Dec order return requested by 31 Jan: " + r);
        extended += requested.isAfter(ordered.plusDays(45)) ? 1 : 0;
      }
    }
    assertTrue(extended > 20, "returns beyond 30 days after delivery thanks to the holiday window: " + extended);
  }

  @Test
  void theSameSeedGivesIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
    Simulator.run(config(dir.resolve("a"), 300, 12, 11, 0.02));
    Simulator.run(config(dir.resolve("b"), 300, 12, 11, 0.02));
    Simulator.run(config(dir.resolve("c"), 300, 12, 12, 0.02));
    Simulator.run(config(dir.resolve("d"), 300, 12, 11, 0.02), 7); // closes and reopens drop files all the time
    Map<String, byte[]> a = contents(dir.resolve("a"));
    Map<String, byte[]> b = contents(dir.resolve("b"));
    assertEquals(a.keySet(), b.keySet(), "same files");
    a.forEach((name, bytes) -> assertArrayEquals(bytes, b.get(name), name + " is byte-identical"));
    Map<String, byte[]> d = contents(dir.resolve("d"));
    assertEquals(a.keySet(), d.keySet(), "same files with 7 open at a time");
    a.forEach((name, bytes) -> assertArrayEquals(bytes, d.get(name), name + " is identical with 7 files open at a time"));
    Map<String, byte[]> c = contents(dir.resolve("c"));
    assertNotEquals(new String(a.get("landing/orders/date=2025-10-02/orders-2025-10-02.csv"), StandardCharsets.UTF_8),
        new String(c.get("landing/orders/date=2025-10-02/orders-2025-10-02.csv"), StandardCharsets.UTF_8),
        "another seed gives other orders");
  }

  static Map<String, byte[]> contents(Path root) throws IOException {
    Map<String, byte[]> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return m;
  }

  static long cents(String amount) {
    return new java.math.BigDecimal(amount).movePointRight(2).longValueExact();
  }
}
