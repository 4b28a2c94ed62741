package dev.boomerang.adapters;

import static dev.boomerang.adapters.Values.iso;
import static dev.boomerang.adapters.Values.money;

import dev.boomerang.common.UserError;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Seller Central reports → one dated landing drop (see {@link Drop}). One input record is one
 * order item, returned item or reimbursement row; see {@code docs/REAL-DATA.md} for every mapping.
 * Reads whole files into memory (reports are at most a few hundred thousand rows).
 */
public final class AmazonImport {

  /** The report types accepted, by their SP-API names. */
  public enum Report {
    ALL_ORDERS("GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL"),
    FBA_RETURNS("GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA"),
    MFN_RETURNS("GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE"),
    MFN_RETURNS_XML("GET_XML_RETURNS_DATA_BY_RETURN_DATE"),
    REIMBURSEMENTS("GET_FBA_REIMBURSEMENTS_DATA");

    public final String apiName;

    Report(String apiName) {
      this.apiName = apiName;
    }

    public static Report of(String name) {
      for (Report r : values()) {
        if (r.apiName.equalsIgnoreCase(name) || r.name().equalsIgnoreCase(name.replace('-', '_'))) {
          return r;
        }
      }
      throw new UserError("unknown report type '" + name + "'; expected one of "
          + java.util.Arrays.stream(values()).map(r -> r.apiName).toList());
    }
  }

  public record Args(Report report, List<Path> files, LocalDate date, Charset encoding, Path landing, String salt) {}

  private AmazonImport() {}

  public static ImportResult run(Args a) {
    List<SourceRow> rows = new ArrayList<>();
    Drop drop = new Drop("amazon-" + a.report().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    Entity primary = primaryEntity(a.report());
    List<String> notes = new ArrayList<>();
    for (Path f : a.files()) {
      if (a.report() == Report.MFN_RETURNS_XML) {
        rows.addAll(ReturnsXml.read(f));
        continue;
      }
      FlatFile ff = FlatFile.read(f, a.encoding());
      notes.add(String.format("%s: %s, %s-separated, %d data lines%s", ff.name(), ff.charset(),
          ff.delimiter() == '\t' ? "tab" : "comma", ff.lines().size(),
          ff.repeatedHeaders() > 0 ? ", " + ff.repeatedHeaders() + " repeated header lines skipped" : ""));
      for (FlatFile.Line l : ff.lines()) {
        rows.add(new SourceRow(ff.name(), l.number(), l.raw(), l.cells()));
      }
      for (FlatFile.Line l : ff.malformed()) {
        drop.reject(primary, ff.name(), l.number(), "wrong_column_count",
            "more or fewer cells than the header's " + ff.header().size(), l.raw());
      }
    }
    CustomerKey key = a.report() == Report.ALL_ORDERS ? new CustomerKey(a.salt()) : null;
    LandingIndex index = LandingIndex.read(a.landing());
    OffsetDateTime latest = switch (a.report()) {
      case ALL_ORDERS -> allOrders(rows, key, index, drop);
      case FBA_RETURNS -> fbaReturns(rows, index, drop);
      case MFN_RETURNS, MFN_RETURNS_XML -> mfnReturns(rows, index, drop);
      case REIMBURSEMENTS -> reimbursements(rows, drop);
    };
    LocalDate date = a.date() != null ? a.date() : latest == null ? null
        : latest.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    if (date == null) {
      throw new UserError("no dated row in " + a.files() + ": give --date for the drop");
    }
    List<String> summary = new ArrayList<>(notes);
    summary.addAll(drop.write(a.landing(), date, dropName(a)));
    return new ImportResult(date, summary, drop);
  }

  static Entity primaryEntity(Report r) {
    return switch (r) {
      case ALL_ORDERS -> Contract.ORDER_LINES;
      case FBA_RETURNS, MFN_RETURNS, MFN_RETURNS_XML -> Contract.RETURNS;
      case REIMBURSEMENTS -> Contract.REIMBURSEMENTS;
    };
  }

  /** Same input files, same name: re-importing them replaces the earlier drop file. */
  static String dropName(Args a) {
    StringBuilder b = new StringBuilder();
    for (Path f : a.files()) {
      try {
        b.append(f.toAbsolutePath().normalize()).append('\n').append(Hashes.sha256(java.nio.file.Files.readString(f,
            java.nio.charset.StandardCharsets.ISO_8859_1))).append('\n');
      } catch (java.io.IOException e) {
        throw new UserError("cannot read " + f + ": " + e.getMessage(), e);
      }
    }
    return "amazon-" + a.report().name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + Hashes.sha256(b.toString()).substring(0, 12);
  }

  // ---- All Orders -------------------------------------------------------------------------

  private record Item(SourceRow row, String orderId, String sku, OffsetDateTime purchased,
                      OffsetDateTime updated, String customerId) {}

  static OffsetDateTime allOrders(List<SourceRow> rows, CustomerKey key, LandingIndex index, Drop drop) {
    Entity lines = Contract.ORDER_LINES;
    // order id → sku → latest version of the item (by last-updated-date, later rows win ties)
    Map<String, Map<String, Item>> orders = new LinkedHashMap<>();
    OffsetDateTime latest = null;
    for (SourceRow r : rows) {
      String orderId = r.get("amazon-order-id", "order-id");
      String sku = r.get("sku", "seller-sku", "merchant-sku");
      OffsetDateTime purchased;
      OffsetDateTime updated;
      try {
        purchased = Values.timestamp(r.get("purchase-date", "order-date"));
        updated = Values.timestamp(r.get("last-updated-date"));
      } catch (Values.BadValue e) {
        drop.reject(lines, r.file, r.number, "bad_format", e.getMessage(), r.raw);
        continue;
      }
      if (orderId == null || sku == null || purchased == null) {
        drop.reject(lines, r.file, r.number, "missing_required", "needs amazon-order-id, sku and purchase-date", r.raw);
        continue;
      }
      if ("cancelled".equalsIgnoreCase(r.get("order-status")) || "cancelled".equalsIgnoreCase(r.get("item-status"))) {
        drop.reject(lines, r.file, r.number, "cancelled_order", "order-status or item-status Cancelled: never shipped", r.raw);
        continue;
      }
      String customerId = key.key(r.get("buyer-email"), r.get("buyer-name"), r.get("ship-postal-code"),
          r.get("ship-city"), r.get("ship-country"));
      if (customerId == null) {
        drop.reject(lines, r.file, r.number, "no_buyer_fields", "no buyer e-mail, name or ship address to key the customer", r.raw);
        continue;
      }
      Item item = new Item(r, orderId, sku, purchased, updated == null ? purchased : updated, customerId);
      Item prev = orders.computeIfAbsent(orderId, k -> new LinkedHashMap<>()).get(sku);
      if (prev != null) {
        Item older = prev.updated().isAfter(item.updated()) ? item : prev;
        Item newer = older == item ? prev : item;
        drop.reject(lines, older.row().file, older.row().number, "superseded_version",
            "a later row of order " + orderId + " has this SKU with a newer last-updated-date", older.row().raw);
        item = newer;
      }
      orders.get(orderId).put(sku, item);
      latest = max(latest, item.updated());
    }
    Map<String, Map<String, String>> customers = new LinkedHashMap<>();
    Map<String, Map<String, String>> products = new LinkedHashMap<>();
    Map<String, OffsetDateTime> productTs = new LinkedHashMap<>();
    for (Map<String, Item> items : orders.values()) {
      List<Item> sorted = items.values().stream().sorted(Comparator.comparing(Item::sku)).toList();
      Item head = sorted.stream().max(Comparator.comparing(Item::updated)).orElseThrow();
      List<Map<String, String>> lineRows = new ArrayList<>();
      BigDecimal shipping = BigDecimal.ZERO;
      int lineNo = 0;
      for (Item it : sorted) {
        SourceRow r = it.row();
        try {
          Integer qty = Values.integer(r.get("quantity", "quantity-purchased"));
          BigDecimal price = Values.amount(r.get("item-price"));
          BigDecimal promo = Values.amount(r.get("item-promotion-discount"));
          BigDecimal ship = Values.amount(r.get("shipping-price"));
          BigDecimal shipPromo = Values.amount(r.get("ship-promotion-discount"));
          if (qty == null || qty <= 0) {
            drop.reject(lines, r.file, r.number, "zero_quantity", "quantity " + qty + ": item not (yet) sold", r.raw);
            continue;
          }
          if (price == null) {
            drop.reject(lines, r.file, r.number, "missing_required", "no item-price (pending order?)", r.raw);
            continue;
          }
          lineNo++;
          // item-price is the line total; the contract wants the unit price and a line discount
          BigDecimal unit = price.divide(BigDecimal.valueOf(qty), 2, RoundingMode.HALF_EVEN);
          shipping = shipping.add(ship == null ? BigDecimal.ZERO : ship)
              .subtract(shipPromo == null ? BigDecimal.ZERO : shipPromo.abs());
          Map<String, String> l = new LinkedHashMap<>();
          l.put("order_id", it.orderId());
          l.put("line_no", Integer.toString(lineNo));
          l.put("sku", it.sku());
          l.put("quantity", qty.toString());
          l.put("unit_price", money(unit));
          l.put("discount", money(promo == null ? BigDecimal.ZERO : promo.abs()));
          l.put("size", null);
          lineRows.add(withExtras(l, r));
          Map<String, String> p = new LinkedHashMap<>();
          p.put("sku", it.sku());
          p.put("title", r.get("product-name", "item-name"));
          p.put("category", "Unknown");
          p.put("list_price", money(unit));
          p.put("currency", r.get("currency"));
          p.put("is_returnable", "true");
          p.put("is_hygiene", "false");
          p.put("updated_ts", iso(it.updated()));
          if (!productTs.containsKey(it.sku()) || !productTs.get(it.sku()).isAfter(it.updated())) {
            products.put(it.sku(), p);
            productTs.put(it.sku(), it.updated());
          }
        } catch (Values.BadValue e) {
          drop.reject(lines, r.file, r.number, "bad_format", e.getMessage(), r.raw);
        }
      }
      if (lineRows.isEmpty()) {
        continue;
      }
      lineRows.forEach(l -> drop.add(lines, l));
      SourceRow h = head.row();
      AmazonCodes.Mapped channel = AmazonCodes.channel(h.get("fulfillment-channel"));
      AmazonCodes.Mapped level = AmazonCodes.serviceLevel(h.get("ship-service-level"));
      if (!channel.known()) {
        drop.flag(Contract.ORDERS, "unknown_channel");
      }
      if (!level.known()) {
        drop.flag(Contract.ORDERS, "unknown_service_level");
      }
      Map<String, String> o = new LinkedHashMap<>();
      o.put("order_id", head.orderId());
      o.put("customer_id", head.customerId());
      o.put("order_ts", iso(head.purchased()));
      o.put("channel", channel.value());
      o.put("marketplace", Objects.requireNonNullElse(h.get("sales-channel"), "").toLowerCase(Locale.ROOT));
      o.put("ship_country", upper(h.get("ship-country")));
      o.put("ship_region", h.get("ship-state"));
      o.put("ship_postal_code", h.get("ship-postal-code"));
      o.put("ship_service_level", level.value());
      o.put("shipping_fee", money(shipping.max(BigDecimal.ZERO)));
      o.put("currency", h.get("currency"));
      o.put("promo_code", h.get("promotion-ids"));
      drop.add(Contract.ORDERS, o);
      // created_at: the earliest purchase of this key in an earlier drop or in this import
      Map<String, String> c = customers.get(head.customerId());
      OffsetDateTime created = head.purchased();
      for (String earlier : new String[] {index.createdAt(head.customerId()), c == null ? null : c.get("created_at")}) {
        if (earlier != null && Values.timestamp(earlier).isBefore(created)) {
          created = Values.timestamp(earlier);
        }
      }
      // the address of the customer's latest order in this import is the current version
      if (c == null || !Values.timestamp(c.get("updated_ts")).isAfter(head.purchased())) {
        c = new LinkedHashMap<>();
        c.put("customer_id", head.customerId());
        c.put("country", upper(h.get("ship-country")));
        c.put("region", h.get("ship-state"));
        c.put("postal_code", h.get("ship-postal-code"));
        c.put("email_hash", key.emailHash(h.get("buyer-email")));
        c.put("address_hash", key.addressHash(h.get("buyer-name"), h.get("ship-address-1"), h.get("ship-postal-code"),
            h.get("ship-city"), h.get("ship-country")));
        c.put("updated_ts", iso(head.purchased()));
        customers.put(head.customerId(), c);
      }
      c.put("created_at", iso(created));
    }
    customers.values().forEach(c -> drop.add(Contract.CUSTOMERS, c));
    products.values().forEach(p -> drop.add(Contract.PRODUCTS, p));
    return latest;
  }

  // ---- FBA customer returns ---------------------------------------------------------------

  static OffsetDateTime fbaReturns(List<SourceRow> rows, LandingIndex index, Drop drop) {
    Entity returns = Contract.RETURNS;
    OffsetDateTime latest = null;
    for (SourceRow r : rows) {
      try {
        String orderId = r.get("order-id", "amazon-order-id");
        String sku = r.get("sku", "seller-sku", "merchant-sku");
        OffsetDateTime returned = Values.timestamp(r.get("return-date"));
        Integer qty = Values.integer(r.get("quantity"));
        if (orderId == null || sku == null || returned == null || qty == null) {
          drop.reject(returns, r.file, r.number, "missing_required", "needs order-id, sku, return-date and quantity", r.raw);
          continue;
        }
        Line line = lookup(index, orderId, sku);
        if (line == null) {
          drop.reject(returns, r.file, r.number, "order_not_imported",
              "order " + orderId + " SKU " + sku + " is in no orders drop: import the All Orders report first", r.raw);
          continue;
        }
        String rawReason = r.get("reason", "return-reason");
        AmazonCodes.Mapped reason = AmazonCodes.reason(rawReason);
        if (!reason.known()) {
          drop.flag(returns, "unknown_reason");
        }
        String disposition = r.get("detailed-disposition", "disposition");
        String lpn = r.get("license-plate-number");
        Map<String, String> m = new LinkedHashMap<>();
        // FBA returns carry no RMA id; the license plate number identifies the returned unit
        m.put("rma_id", "FBA-" + (lpn != null ? lpn
            : Hashes.sha256(orderId + "|" + sku + "|" + returned.toInstant() + "|" + qty).substring(0, 16)));
        m.put("order_id", orderId);
        m.put("line_no", line.lineNo().toString());
        m.put("customer_id", line.customerId());
        m.put("requested_ts", iso(returned));
        m.put("reason_code", reason.value());
        m.put("quantity", qty.toString());
        m.put("resolution", "REFUND");
        m.put("received_ts", iso(returned));
        m.put("received_condition", AmazonCodes.condition(disposition));
        m.put("status", "RECEIVED");
        m.put("updated_ts", iso(returned));
        m.put("src_reason", rawReason);
        m.put("src_detailed_disposition", disposition);
        drop.add(returns, withExtras(m, r));
        latest = max(latest, returned);
      } catch (Values.BadValue e) {
        drop.reject(returns, r.file, r.number, "bad_format", e.getMessage(), r.raw);
      }
    }
    return latest;
  }

  // ---- Merchant-fulfilled returns (flat file and XML) -------------------------------------

  static OffsetDateTime mfnReturns(List<SourceRow> rows, LandingIndex index, Drop drop) {
    Entity returns = Contract.RETURNS;
    OffsetDateTime latest = null;
    for (SourceRow r : rows) {
      try {
        String orderId = r.get("order-id", "amazon-order-id");
        String sku = r.get("merchant-sku", "sku", "seller-sku");
        String rma = r.get("amazon-rma-id", "merchant-rma-id", "rma-id");
        OffsetDateTime requested = Values.timestamp(r.get("return-request-date"));
        OffsetDateTime delivered = Values.timestamp(r.get("return-delivery-date"));
        Integer qty = Values.integer(r.get("return-quantity", "quantity"));
        BigDecimal refunded = Values.amount(r.get("refunded-amount", "refund-amount"));
        BigDecimal orderAmount = Values.amount(r.get("order-amount"));
        Boolean aToZ = Values.flag(r.get("a-to-z-claim"));
        Boolean inPolicy = Values.flag(r.get("in-policy"));
        Boolean prime = Values.flag(r.get("is-prime"));
        if (orderId == null || sku == null || rma == null || requested == null || qty == null) {
          drop.reject(returns, r.file, r.number, "missing_required",
              "needs Order ID, Merchant SKU, Amazon RMA ID, Return request date and Return quantity", r.raw);
          continue;
        }
        Line line = lookup(index, orderId, sku);
        if (line == null) {
          drop.reject(returns, r.file, r.number, "order_not_imported",
              "order " + orderId + " SKU " + sku + " is in no orders drop: import the All Orders report first", r.raw);
          continue;
        }
        String rawReason = r.get("return-reason", "return-reason-code", "reason");
        AmazonCodes.Mapped reason = AmazonCodes.reason(rawReason);
        if (!reason.known()) {
          drop.flag(returns, "unknown_reason");
        }
        String resolutionRaw = r.get("resolution");
        String returnType = r.get("return-type");
        boolean returnless = contains(resolutionRaw, "returnless") || contains(returnType, "returnless");
        String resolution = returnless ? "RETURNLESS_REFUND" : contains(resolutionRaw, "replace") ? "REPLACEMENT" : "REFUND";
        String tracking = r.get("tracking-id");
        boolean refundedSome = refunded != null && refunded.signum() > 0;
        String status = returnStatus(r.get("return-request-status"), refundedSome, delivered != null);
        if (!Contract.RETURN_STATUSES.contains(status)) {
          drop.flag(returns, "unknown_status");
        }
        OffsetDateTime updated = max(requested, delivered);
        boolean labelled = !returnless && (r.get("label-type") != null || tracking != null);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rma_id", rma);
        m.put("order_id", orderId);
        m.put("line_no", line.lineNo().toString());
        m.put("customer_id", line.customerId());
        m.put("requested_ts", iso(requested));
        m.put("reason_code", reason.value());
        m.put("quantity", qty.toString());
        m.put("resolution", resolution);
        // the prepaid label is issued when the request is authorised; the report has no own date for it
        m.put("label_issued_ts", labelled ? iso(requested) : null);
        m.put("label_expires_ts", labelled ? iso(requested.plusDays(30)) : null);
        m.put("return_carrier", labelled ? r.get("return-carrier") : null);
        m.put("return_tracking_id", labelled ? tracking : null);
        m.put("received_ts", iso(delivered));
        m.put("status", status);
        m.put("updated_ts", iso(updated));
        m.put("src_reason", rawReason);
        m.put("src_in_policy", Values.str(inPolicy));
        m.put("src_is_prime", Values.str(prime));
        m.put("src_a_to_z_claim", Values.str(aToZ));
        drop.add(returns, withExtras(m, r));
        String currency = r.get("currency-code", "currency");
        if (refundedSome) {
          Map<String, String> f = new LinkedHashMap<>();
          f.put("refund_id", "RF-" + rma);
          f.put("order_id", orderId);
          f.put("line_no", line.lineNo().toString());
          f.put("rma_id", rma);
          f.put("refund_ts", iso(updated));
          f.put("item_amount", money(refunded));
          f.put("shipping_amount", "0.00");
          f.put("currency", currency);
          f.put("method", "ORIGINAL_PAYMENT");
          f.put("is_returnless", Boolean.toString(returnless));
          f.put("funded_by", "SELLER");
          drop.add(Contract.REFUNDS, f);
        }
        if (Boolean.TRUE.equals(aToZ)) {
          if (orderAmount == null) {
            drop.reject(Contract.CLAIMS, r.file, r.number, "missing_required", "A-to-Z Claim Y without Order Amount", r.raw);
          } else {
            Map<String, String> c = new LinkedHashMap<>();
            c.put("claim_id", "AZ-" + orderId);
            c.put("order_id", orderId);
            c.put("customer_id", line.customerId());
            c.put("claim_ts", iso(requested));
            c.put("claim_type", "A_TO_Z");
            c.put("status", "OPEN");
            c.put("amount", money(orderAmount));
            c.put("currency", currency);
            c.put("updated_ts", iso(updated));
            drop.add(Contract.CLAIMS, c);
          }
        }
        latest = max(latest, updated);
      } catch (Values.BadValue e) {
        drop.reject(returns, r.file, r.number, "bad_format", e.getMessage(), r.raw);
      }
    }
    return latest;
  }

  /** Return request status plus what the row shows happened; unknown statuses pass on raw. */
  static String returnStatus(String raw, boolean refunded, boolean delivered) {
    String s = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    if (s.contains("reject") || s.contains("declin") || s.contains("denied")) {
      return "REJECTED";
    }
    if (refunded) {
      return "REFUNDED";
    }
    if (delivered) {
      return "RECEIVED";
    }
    return switch (s) {
      case "approved", "authorized", "authorised" -> "AUTHORIZED";
      case "pending", "requested", "pendinglabel" -> "REQUESTED";
      // closed with neither a delivery nor a refund: the label was never used
      case "closed" -> "EXPIRED";
      default -> raw == null ? null : raw.trim().toUpperCase(Locale.ROOT);
    };
  }

  // ---- FBA reimbursements -----------------------------------------------------------------

  static OffsetDateTime reimbursements(List<SourceRow> rows, Drop drop) {
    Entity e = Contract.REIMBURSEMENTS;
    OffsetDateTime latest = null;
    for (SourceRow r : rows) {
      try {
        String id = r.get("reimbursement-id");
        String sku = r.get("sku", "seller-sku");
        String reason = r.get("reason");
        OffsetDateTime approved = Values.timestamp(r.get("approval-date"));
        BigDecimal total = Values.amount(r.get("amount-total"));
        if (id == null || sku == null || reason == null || approved == null || total == null) {
          drop.reject(e, r.file, r.number, "missing_required",
              "needs reimbursement-id, sku, reason, approval-date and amount-total", r.raw);
          continue;
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("reimbursement_id", id);
        m.put("sku", sku);
        m.put("reason", reason);
        m.put("approval_ts", iso(approved));
        m.put("case_id", r.get("case-id"));
        m.put("order_id", r.get("amazon-order-id", "order-id"));
        m.put("condition", r.get("condition"));
        m.put("currency", r.get("currency-unit", "currency"));
        m.put("amount_per_unit", money(Values.amount(r.get("amount-per-unit"))));
        m.put("amount_total", money(total));
        m.put("quantity_cash", Values.str(Values.integer(r.get("quantity-reimbursed-cash"))));
        m.put("quantity_inventory", Values.str(Values.integer(r.get("quantity-reimbursed-inventory"))));
        m.put("original_reimbursement_id", r.get("original-reimbursement-id"));
        m.put("original_reimbursement_type", r.get("original-reimbursement-type"));
        drop.add(e, withExtras(m, r));
        latest = max(latest, approved);
      } catch (Values.BadValue ex) {
        drop.reject(e, r.file, r.number, "bad_format", ex.getMessage(), r.raw);
      }
    }
    return latest;
  }

  // ---- helpers ----------------------------------------------------------------------------

  private record Line(Integer lineNo, String customerId) {}

  private static Line lookup(LandingIndex index, String orderId, String sku) {
    Integer lineNo = index.lineNo(orderId, sku);
    String customer = index.customerOfOrder(orderId);
    return lineNo == null || customer == null ? null : new Line(lineNo, customer);
  }

  private static Map<String, String> withExtras(Map<String, String> row, SourceRow r) {
    r.extras().forEach(row::putIfAbsent);
    return row;
  }

  private static boolean contains(String s, String part) {
    return s != null && s.toLowerCase(Locale.ROOT).contains(part);
  }

  private static String upper(String s) {
    return s == null ? null : s.trim().toUpperCase(Locale.ROOT);
  }

  static OffsetDateTime max(OffsetDateTime a, OffsetDateTime b) {
    return a == null ? b : b == null ? a : b.isAfter(a) ? b : a;
  }
}
