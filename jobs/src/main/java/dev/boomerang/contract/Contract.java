package dev.boomerang.contract;

import static dev.boomerang.contract.ColumnType.BOOLEAN;
import static dev.boomerang.contract.ColumnType.DATE;
import static dev.boomerang.contract.ColumnType.DECIMAL;
import static dev.boomerang.contract.ColumnType.INT;
import static dev.boomerang.contract.ColumnType.STRING;
import static dev.boomerang.contract.ColumnType.TIMESTAMP;
import static dev.boomerang.contract.Field.opt;
import static dev.boomerang.contract.Field.req;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The landing contract: what ingestion accepts. One place for every entity's columns, types,
 * keys and allowed values. {@code data/CONTRACT.md} embeds {@link #markdown()}; a test keeps the
 * two equal.
 *
 * <p>Format: CSV, UTF-8, header row, comma-separated, RFC 4180 quoting. Each day's drop sits under
 * {@code <landing>/<entity>/date=YYYY-MM-DD/}; the {@code date=} value is the day the rows became
 * known to the seller, which ingestion records as {@code known_at}.
 */
public final class Contract {

  private Contract() {}

  /** Bumped on any change to columns, types, keys or enums. */
  public static final String VERSION = "1.1.0";

  public static final String CURRENCY_PATTERN = "[A-Z]{3}";

  public static final List<String> CHANNELS = List.of("FBA", "FBM", "WEB");
  public static final List<String> SERVICE_LEVELS = List.of("STANDARD", "EXPEDITED", "PRIORITY");
  public static final List<String> TRACKING_STATUSES = List.of("LABEL_CREATED", "IN_TRANSIT",
      "OUT_FOR_DELIVERY", "DELIVERY_ATTEMPTED", "DELIVERED", "EXCEPTION", "RETURNED_TO_SENDER", "LOST");
  public static final List<String> RESOLUTIONS = List.of("REFUND", "RETURNLESS_REFUND", "REPLACEMENT");
  public static final List<String> RECEIVED_CONDITIONS = List.of("SELLABLE", "DAMAGED", "DEFECTIVE",
      "WRONG_ITEM", "EMPTY_BOX", "NOT_RECEIVED");
  public static final List<String> RETURN_STATUSES = List.of("REQUESTED", "AUTHORIZED", "SHIPPED",
      "RECEIVED", "REFUNDED", "REJECTED", "EXPIRED");
  public static final List<String> REFUND_METHODS = List.of("ORIGINAL_PAYMENT", "ACCOUNT_BALANCE");
  public static final List<String> FUNDED_BY = List.of("SELLER", "MARKETPLACE", "CARRIER");
  public static final List<String> CLAIM_TYPES = List.of("ITEM_NOT_RECEIVED", "A_TO_Z", "CHARGEBACK",
      "DAMAGED_IN_TRANSIT");
  public static final List<String> CLAIM_STATUSES = List.of("OPEN", "DECIDED", "WITHDRAWN");
  public static final List<String> CLAIM_DECISIONS = List.of("GRANTED", "DENIED");
  public static final List<String> REVIEW_DECISIONS = List.of("CONFIRMED_ABUSE", "CLEARED", "WATCH");
  public static final List<String> ABUSE_TYPES = List.of("SERIAL_RETURNER", "WARDROBING", "INR_FRAUD",
      "RETURNLESS_EXPLOIT", "EMPTY_BOX", "LINKED_ACCOUNTS");

  public static final Entity CUSTOMERS = new Entity("customers",
      "One row per customer account; a later drop may carry an updated version.",
      List.of(
          req("customer_id", STRING, "Seller-side customer key (pseudonymous)."),
          req("created_at", TIMESTAMP, "Account creation time."),
          req("country", STRING, "ISO 3166-1 alpha-2 country.").matching("[A-Z]{2}"),
          opt("region", STRING, "State, county or region."),
          opt("postal_code", STRING, "Postal code as written."),
          opt("email_hash", STRING, "Keyed hash of the normalised e-mail address; never the address."),
          opt("address_hash", STRING, "Keyed hash of the normalised default shipping address."),
          opt("payment_fingerprint", STRING, "Payment processor's fingerprint of the default instrument."),
          req("updated_ts", TIMESTAMP, "When this version of the account record was written.")),
      List.of("customer_id"), "updated_ts");

  public static final Entity PRODUCTS = new Entity("products",
      "One row per SKU in the catalogue; price or policy flags may change in a later version.",
      List.of(
          req("sku", STRING, "Seller SKU."),
          req("title", STRING, "Product title as listed."),
          req("category", STRING, "Top-level category, e.g. Apparel, Shoes, Electronics, Home, Beauty."),
          opt("subcategory", STRING, "Finer category."),
          opt("brand", STRING, "Brand name."),
          req("list_price", DECIMAL, "Current list price, in `currency`."),
          req("currency", STRING, "ISO 4217 code.").matching(CURRENCY_PATTERN),
          opt("weight_grams", INT, "Shipping weight."),
          req("is_returnable", BOOLEAN, "Whether the item may be returned at all."),
          req("is_hygiene", BOOLEAN, "Hygiene item: not resold once opened, candidate for returnless refunds."),
          req("updated_ts", TIMESTAMP, "When this version of the catalogue record was written.")),
      List.of("sku"), "updated_ts");

  public static final Entity ORDERS = new Entity("orders",
      "One row per order. Orders are immutable once placed; the latest drop wins on a resend.",
      List.of(
          req("order_id", STRING, "Marketplace or web-shop order id."),
          req("customer_id", STRING, "Buyer; refers to customers."),
          req("order_ts", TIMESTAMP, "Purchase time."),
          req("channel", STRING, "Fulfilment: FBA (marketplace fulfils), FBM (merchant fulfils on the marketplace), WEB (own shop).").oneOf(CHANNELS),
          req("marketplace", STRING, "Sales channel, e.g. amazon.de, amazon.co.uk, webshop."),
          req("ship_country", STRING, "ISO 3166-1 alpha-2.").matching("[A-Z]{2}"),
          opt("ship_region", STRING, "State, county or region."),
          opt("ship_postal_code", STRING, "Postal code."),
          req("ship_service_level", STRING, "Requested speed.").oneOf(SERVICE_LEVELS),
          req("shipping_fee", DECIMAL, "Outbound shipping fee paid by the buyer (>= 0)."),
          req("currency", STRING, "ISO 4217 code.").matching(CURRENCY_PATTERN),
          opt("promo_code", STRING, "Promotion applied, if any.")),
      List.of("order_id"), "order_ts");

  public static final Entity ORDER_LINES = new Entity("order_lines",
      "One row per order line; refers to orders and products.",
      List.of(
          req("order_id", STRING, "Order; refers to orders."),
          req("line_no", INT, "1-based line number within the order."),
          req("sku", STRING, "Product; refers to products."),
          req("quantity", INT, "Units ordered (> 0)."),
          req("unit_price", DECIMAL, "Price per unit before discount (>= 0)."),
          req("discount", DECIMAL, "Discount on the whole line (>= 0, <= quantity * unit_price)."),
          opt("size", STRING, "Size for apparel and shoes; empty otherwise.")),
      List.of("order_id", "line_no"), null);

  public static final Entity SHIPMENTS = new Entity("shipments",
      "One row per outbound parcel.",
      List.of(
          req("shipment_id", STRING, "Parcel id."),
          req("order_id", STRING, "Order shipped; refers to orders."),
          req("carrier", STRING, "Carrier code, e.g. DHL, UPS, DPD, ROYALMAIL."),
          req("tracking_id", STRING, "Carrier tracking code; unique only together with the carrier."),
          req("service_level", STRING, "Service booked.").oneOf(SERVICE_LEVELS),
          req("signature_required", BOOLEAN, "Signature on delivery was requested (high-value parcels)."),
          req("shipped_ts", TIMESTAMP, "Hand-over to the carrier."),
          req("promised_delivery_date", DATE, "Delivery date promised to the buyer.")),
      List.of("shipment_id"), "shipped_ts");

  public static final Entity TRACKING_EVENTS = new Entity("tracking_events",
      "One row per carrier scan, for outbound parcels and for return parcels. Scans can arrive "
          + "late, out of order or twice; (carrier, tracking_id, event_id) identifies a scan.",
      List.of(
          req("carrier", STRING, "Carrier code."),
          req("tracking_id", STRING, "Carrier tracking code."),
          req("event_ts", TIMESTAMP, "Scan time; the carrier's local time with its offset."),
          req("status", STRING, "Normalised scan status.").oneOf(TRACKING_STATUSES),
          opt("location", STRING, "Scan location as the carrier reports it."),
          opt("signed_by", STRING, "Name captured at a signed delivery."),
          req("event_id", STRING, "Carrier's scan id, unique per tracking code.")),
      List.of("carrier", "tracking_id", "event_id"), "event_ts");

  public static final Entity RETURNS = new Entity("returns",
      "One row per return authorisation (RMA) version. A return's status changes over time and "
          + "each change is sent again in a later drop with a newer `updated_ts`.",
      List.of(
          req("rma_id", STRING, "Return merchandise authorisation id."),
          req("order_id", STRING, "Order; refers to order_lines together with line_no."),
          req("line_no", INT, "Order line returned."),
          req("customer_id", STRING, "Buyer; refers to customers."),
          req("requested_ts", TIMESTAMP, "When the buyer asked to return."),
          req("reason_code", STRING, "Marketplace reason code; responsibility in the table below.").oneOf(ReasonCode.names()),
          req("quantity", INT, "Units to return (> 0, <= the line's quantity)."),
          req("resolution", STRING, "What the buyer gets.").oneOf(RESOLUTIONS),
          opt("label_issued_ts", TIMESTAMP, "Return label issued (empty for returnless refunds)."),
          opt("label_expires_ts", TIMESTAMP, "Label expiry, 30 days after issue."),
          opt("return_carrier", STRING, "Carrier of the return parcel."),
          opt("return_tracking_id", STRING, "Tracking code of the return parcel."),
          opt("received_ts", TIMESTAMP, "Parcel received at the warehouse."),
          opt("received_condition", STRING, "Graded condition on receipt.").oneOf(RECEIVED_CONDITIONS),
          req("status", STRING, "Lifecycle status of this version.").oneOf(RETURN_STATUSES),
          req("updated_ts", TIMESTAMP, "When this version was written; the latest wins.")),
      List.of("rma_id"), "updated_ts");

  public static final Entity REFUNDS = new Entity("refunds",
      "One row per refund payment. A refund follows a return, a claim or a lost parcel.",
      List.of(
          req("refund_id", STRING, "Refund id."),
          req("order_id", STRING, "Order refunded; refers to orders."),
          opt("line_no", INT, "Order line, when the refund is for one line."),
          opt("rma_id", STRING, "Return that caused it, if any."),
          opt("claim_id", STRING, "Claim that caused it, if any."),
          req("refund_ts", TIMESTAMP, "When the refund was posted."),
          req("item_amount", DECIMAL, "Item price refunded (>= 0)."),
          req("shipping_amount", DECIMAL, "Outbound shipping fee refunded (>= 0); only for seller fault or loss."),
          req("currency", STRING, "ISO 4217 code.").matching(CURRENCY_PATTERN),
          req("method", STRING, "Where the money went.").oneOf(REFUND_METHODS),
          req("is_returnless", BOOLEAN, "Refunded without the item coming back."),
          req("funded_by", STRING, "Who pays: FBA losses are funded by the marketplace, FBM by the seller.").oneOf(FUNDED_BY)),
      List.of("refund_id"), "refund_ts");

  public static final Entity CLAIMS = new Entity("claims",
      "One row per claim version (item not received, A-to-z, chargeback, damaged in transit).",
      List.of(
          req("claim_id", STRING, "Claim id."),
          req("order_id", STRING, "Order claimed against; refers to orders."),
          req("customer_id", STRING, "Claimant; refers to customers."),
          req("claim_ts", TIMESTAMP, "When the claim was filed."),
          req("claim_type", STRING, "Kind of claim.").oneOf(CLAIM_TYPES),
          req("status", STRING, "Claim status.").oneOf(CLAIM_STATUSES),
          opt("decision", STRING, "Outcome once decided.").oneOf(CLAIM_DECISIONS),
          req("amount", DECIMAL, "Amount claimed (>= 0)."),
          req("currency", STRING, "ISO 4217 code.").matching(CURRENCY_PATTERN),
          opt("decided_ts", TIMESTAMP, "When it was decided."),
          req("updated_ts", TIMESTAMP, "When this version was written; the latest wins.")),
      List.of("claim_id"), "updated_ts");

  public static final Entity FRAUD_REVIEWS = new Entity("fraud_reviews",
      "The fraud team's past decisions on customers: the label source for the abuse model. The "
          + "team makes mistakes; decisions are taken as recorded.",
      List.of(
          req("review_id", STRING, "Review id."),
          req("customer_id", STRING, "Customer reviewed; refers to customers."),
          req("reviewed_ts", TIMESTAMP, "When the decision was made."),
          req("reviewer", STRING, "Analyst who decided."),
          req("decision", STRING, "Outcome.").oneOf(REVIEW_DECISIONS),
          opt("abuse_type", STRING, "Pattern confirmed or suspected.").oneOf(ABUSE_TYPES),
          opt("note", STRING, "Free text.")),
      List.of("review_id"), "reviewed_ts");

  public static final Entity REIMBURSEMENTS = new Entity("reimbursements",
      "One row per marketplace reimbursement to the seller (lost or damaged FBA inventory, customer "
          + "returns not received, refunds the marketplace funded) and per reversal of one. A "
          + "reversal carries negative amounts and refers to the reimbursement it reverses.",
      List.of(
          req("reimbursement_id", STRING, "Marketplace reimbursement id."),
          req("sku", STRING, "Seller SKU reimbursed; refers to products."),
          req("reason", STRING, "Marketplace reason as reported, e.g. Lost_Warehouse, CustomerReturn, Reimbursement_Reversal."),
          req("approval_ts", TIMESTAMP, "When the marketplace approved it."),
          opt("case_id", STRING, "Seller support case, if any."),
          opt("order_id", STRING, "Order concerned, if any; refers to orders."),
          opt("condition", STRING, "Condition of the unit as reported."),
          req("currency", STRING, "ISO 4217 code.").matching(CURRENCY_PATTERN),
          opt("amount_per_unit", DECIMAL, "Amount per unit; negative for a reversal."),
          req("amount_total", DECIMAL, "Amount paid to the seller; negative for a reversal."),
          opt("quantity_cash", INT, "Units reimbursed in cash; negative for a reversal."),
          opt("quantity_inventory", INT, "Units reimbursed as replacement inventory."),
          opt("original_reimbursement_id", STRING, "For a reversal or follow-up: the reimbursement it refers to."),
          opt("original_reimbursement_type", STRING, "Kind of that original reimbursement.")),
      List.of("reimbursement_id", "sku", "reason"), "approval_ts");

  /** Every entity, in load order (referenced entities first). */
  public static final List<Entity> ENTITIES = List.of(CUSTOMERS, PRODUCTS, ORDERS, ORDER_LINES,
      SHIPMENTS, TRACKING_EVENTS, RETURNS, REFUNDS, CLAIMS, FRAUD_REVIEWS, REIMBURSEMENTS);

  public static Entity entity(String name) {
    return ENTITIES.stream().filter(e -> e.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown entity '" + name + "'; expected one of "
            + ENTITIES.stream().map(Entity::name).collect(Collectors.joining(", "))));
  }

  /** The generated part of {@code data/CONTRACT.md}: one table per entity plus the reason codes. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("<!-- generated from dev.boomerang.contract.Contract ").append(VERSION)
        .append(": run `./boomerang contract` to print it -->\n");
    for (Entity e : ENTITIES) {
      md.append("\n### `").append(e.name()).append("`\n\n").append(e.doc()).append("\n\n")
          .append("Key: `").append(String.join("`, `", e.key())).append("`. ")
          .append(e.versionColumn() == null
              ? "Versions of a key: the latest drop wins."
              : "Versions of a key: the latest `" + e.versionColumn() + "` wins.")
          .append("\n\n| column | type | required | allowed | meaning |\n|---|---|---|---|---|\n");
      for (Field f : e.fields()) {
        String allowed = !f.allowed().isEmpty() ? String.join(", ", f.allowed())
            : f.pattern() != null ? "`" + f.pattern() + "`" : "";
        md.append("| `").append(f.name()).append("` | ").append(f.type().name().toLowerCase())
            .append(" | ").append(f.required() ? "yes" : "no").append(" | ").append(allowed)
            .append(" | ").append(f.doc()).append(" |\n");
      }
    }
    md.append("\n### Reason codes\n\n| code | responsibility | size-related | meaning |\n|---|---|---|---|\n");
    for (ReasonCode r : ReasonCode.values()) {
      md.append("| `").append(r.name()).append("` | ").append(r.responsibility()).append(" | ")
          .append(r.isSizeRelated() ? "yes" : "no").append(" | ").append(r.description()).append(" |\n");
    }
    md.append("\n### Column types\n\n| type | text form |\n|---|---|\n");
    for (ColumnType t : ColumnType.values()) {
      md.append("| ").append(t.name().toLowerCase()).append(" | ").append(t.textForm()).append(" |\n");
    }
    return md.toString();
  }
}
