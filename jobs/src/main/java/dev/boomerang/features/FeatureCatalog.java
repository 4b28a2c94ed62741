package dev.boomerang.features;

import dev.boomerang.common.Tables;
import dev.boomerang.contract.ReasonCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Every gold feature, written once: name, family, window, definition and source tables. The
 * transforms end with {@code select(columns(grain))}, {@code docs/FEATURES.md} is
 * {@link #markdown()} ({@code ./boomerang features --docs} prints it; a test fails when the file
 * differs), and the models take {@link #modelFeatures} as their feature list.
 */
public final class FeatureCatalog {

  private FeatureCatalog() {}

  /** A window over event dates: the {@code days} days ending on as_of_date, or the whole history. */
  public enum Window {
    D30(30), D90(90), D365(365), LIFETIME(0);

    public final int days;

    Window(int days) {
      this.days = days;
    }

    public String suffix() {
      return this == LIFETIME ? "lifetime" : days + "d";
    }

    public String describe() {
      return this == LIFETIME ? "lifetime" : days + " days";
    }
  }

  public static final List<Window> WINDOWS = List.of(Window.D30, Window.D90, Window.D365, Window.LIFETIME);

  /** A table the catalog describes, with its key columns and grain. */
  public enum Grain {
    CUSTOMER(Tables.GOLD_CUSTOMER_FEATURES, List.of("customer_id", "as_of_date"),
        "one row per customer_id per as_of_date, for every customer with an order placed in the 365 days ending on as_of_date"),
    SKU(Tables.GOLD_SKU_FEATURES, List.of("sku", "as_of_date"),
        "one row per sku per as_of_date, for every SKU sold in the 365 days ending on as_of_date"),
    ORDER_LINE(Tables.GOLD_ORDER_LINE_TRAINING, List.of("order_id", "line_no"),
        "one row per order line placed in the 365 days ending on label_as_of_date (older rows keep their last version)"),
    CUSTOMER_TRAINING(Tables.GOLD_CUSTOMER_TRAINING, List.of("review_id"),
        "one row per fraud review known by label_as_of_date");

    public final String table;
    public final List<String> keys;
    public final String grain;

    Grain(String table, List<String> keys, String grain) {
      this.table = table;
      this.keys = keys;
      this.grain = grain;
    }
  }

  /**
   * One output column.
   *
   * @param model true when a model may take it as a numeric input
   */
  public record Feature(String name, String family, String window, String definition, String sources,
                        boolean model) {}

  static final String ORDERS_SRC = "silver.orders, silver.order_lines";
  static final String DAILY_C = Tables.GOLD_CUSTOMER_DAILY + " (from silver.orders, order_lines, returns_history, refunds, claims_history, shipments, tracking_events)";
  static final String DAILY_S = Tables.GOLD_SKU_DAILY + " (from silver.orders, order_lines, returns_history, shipments, tracking_events)";
  static final String RETURNS_SRC = "silver.returns_history, order_lines, orders, products_history, shipments, tracking_events, refunds (via ReturnLifecycle)";

  /** Smoothing pseudo-count of the SKU return rates: the category prior counts as this many lines. */
  public static final int SKU_PRIOR_LINES = 20;
  /** Smoothing pseudo-count of the customer-vs-category ratios, in units. */
  public static final int CUSTOMER_PRIOR_UNITS = 10;
  /** A SKU's defect rate is elevated when at least this many of its returns are defects and ... */
  public static final int ELEVATED_DEFECT_MIN_RETURNS = 2;
  /** ... its defect rate per line sold is above this multiple of its category's. */
  public static final double ELEVATED_DEFECT_FACTOR = 2.0;

  public static String windowed(String measure, Window w) {
    return measure + "_" + w.suffix();
  }

  /** The rates each window carries: name, numerator measure, denominator measure, definition. */
  static final List<String[]> CUSTOMER_RATES = List.of(
      new String[] {"return_rate_units", "return_units", "units", "return_units / units (NULL without units)"},
      new String[] {"return_rate_value", "return_value", "spend", "return_value / spend (NULL without spend)"},
      new String[] {"returnless_refund_share", "returnless_refunds", "refunds",
          "returnless_refunds / refunds (NULL without refunds)"});

  public static List<Feature> customer() {
    List<Feature> f = new ArrayList<>();
    for (DailyMeasures.Measure m : DailyMeasures.CUSTOMER) {
      for (Window w : WINDOWS) {
        f.add(new Feature(windowed(m.name(), w), "windows", w.describe(),
            m.definition() + ", over orders placed in the window, as known by as_of_date", DAILY_C, true));
      }
    }
    for (String[] r : CUSTOMER_RATES) {
      for (Window w : WINDOWS) {
        f.add(new Feature(windowed(r[0], w), "windows", w.describe(), r[3], DAILY_C, true));
      }
    }
    String b = "behaviour";
    String returns365 = "over returns of orders placed in the 365 days ending on as_of_date";
    f.add(new Feature("delivery_to_request_days_median_365d", b, "365 days",
        "median days from the order's first delivery scan to the return request, " + returns365, RETURNS_SRC, true));
    f.add(new Feature("delivery_to_request_days_iqr_365d", b, "365 days",
        "spread of those days: 75th minus 25th percentile", RETURNS_SRC, true));
    f.add(new Feature("quick_return_share_365d", b, "365 days",
        "share of Apparel and Electronics returns requested within 3 days (72 h) of delivery, among those with a known delivery (wardrobing)",
        RETURNS_SRC, true));
    f.add(new Feature("weekend_delivery_early_week_request_share_365d", b, "365 days",
        "share of returns with a known delivery that were delivered on a Saturday or Sunday and requested on the following Monday or Tuesday",
        RETURNS_SRC, true));
    f.add(new Feature("reason_entropy_365d", b, "365 days",
        "Shannon entropy (bits) of the return reason codes, " + returns365, RETURNS_SRC, true));
    f.add(new Feature("seller_fault_share_365d", b, "365 days",
        "share of returns with a seller-fault reason (the rest are buyer remorse)", RETURNS_SRC, true));
    for (String c : List.of("EMPTY_BOX", "WRONG_ITEM", "DAMAGED")) {
      f.add(new Feature("received_" + c.toLowerCase() + "_365d", b, "365 days",
          "returns received in condition " + c, RETURNS_SRC, true));
    }
    f.add(new Feature("labels_expired_unused_365d", b, "365 days",
        "returns whose label expired by the end of as_of_date with no scan and no receipt", RETURNS_SRC, true));
    f.add(new Feature("holiday_item_returns_365d", b, "365 days",
        "returns of items bought in November or December", RETURNS_SRC, true));
    f.add(new Feature("bracketing_orders_365d", b, "365 days",
        "orders with one SKU bought in two or more sizes where all but one of those lines were returned",
        ORDERS_SRC + ", silver.returns_history", true));
    f.add(new Feature("defect_sku_refunds_365d", b, "365 days",
        "refunded returns of SKUs whose defect rate is elevated (is_elevated_defect_rate in gold.sku_features as of the same date)",
        RETURNS_SRC + ", " + Tables.GOLD_SKU_FEATURES, true));
    String p = "peers";
    f.add(new Feature("return_rate_units_vs_category_365d", p, "365 days",
        "smoothed return rate by units divided by the expected rate for the customer's category mix: "
            + "((return_units + k*e) / (units + k)) / e with e = sum over categories of units * category rate / units and k = "
            + CUSTOMER_PRIOR_UNITS + " units; category rates from gold.sku_daily", DAILY_C + ", " + DAILY_S, true));
    f.add(new Feature("return_rate_value_vs_category_365d", p, "365 days",
        "the same by value: ((return_value + k'*e) / (spend + k')) / e with e the spend-weighted category value rate and k' = k * spend / units",
        DAILY_C + ", " + DAILY_S, true));
    String l = "links";
    String customersAsOf = "silver.customers_history (version known by as_of_date)";
    f.add(new Feature("linked_accounts_address", l, "as of date",
        "other customers with the same address_hash", customersAsOf, true));
    f.add(new Feature("linked_accounts_payment", l, "as of date",
        "other customers with the same payment_fingerprint", customersAsOf, true));
    f.add(new Feature("linked_accounts_email", l, "as of date",
        "other customers with the same email_hash", customersAsOf, true));
    f.add(new Feature("linked_accounts", l, "as of date",
        "distinct other customers sharing any of the three", customersAsOf, true));
    f.add(new Feature("linked_accounts_flagged", l, "as of date",
        "of those, customers whose latest fraud review known by as_of_date is WATCH or CONFIRMED_ABUSE",
        customersAsOf + ", silver.fraud_reviews", true));
    f.add(new Feature("linked_accounts_confirmed", l, "as of date",
        "of those, customers whose latest review is CONFIRMED_ABUSE", customersAsOf + ", silver.fraud_reviews", true));
    f.add(new Feature("account_age_days", l, "as of date",
        "days from account creation to as_of_date (NULL when the account is unknown)", customersAsOf, true));
    return f;
  }

  public static List<Feature> sku() {
    List<Feature> f = new ArrayList<>();
    String w = "windows";
    String s = "365 days";
    f.add(new Feature("category", "catalogue", "as of date", "category of the version known by as_of_date",
        "silver.products_history", false));
    f.add(new Feature("lines_sold_365d", w, s, "order lines placed in the window", DAILY_S, true));
    f.add(new Feature("units_sold_365d", w, s, "units ordered", DAILY_S, true));
    f.add(new Feature("returns_365d", w, s, "returns of those lines, as known by as_of_date", DAILY_S, true));
    f.add(new Feature("return_rate_365d", w, s, "returns / lines sold (unsmoothed)", DAILY_S, true));
    f.add(new Feature("category_return_rate_365d", "rates", s,
        "the category prior p: returns / lines sold over every SKU of the category", DAILY_S, true));
    f.add(new Feature("return_rate_smoothed_365d", "rates", s,
        "(returns + k*p) / (lines sold + k) with k = " + SKU_PRIOR_LINES
            + " lines: a SKU with few sales stays near its category's rate", DAILY_S, true));
    f.add(new Feature("return_value_rate_smoothed_365d", "rates", s,
        "(return value + k*v*q) / (sales value + k*v) with q the category's return value / sales value and v its mean line value",
        DAILY_S, true));
    for (ReasonCode r : ReasonCode.values()) {
      f.add(new Feature("reason_share_" + r.name().toLowerCase() + "_365d", "reasons", s,
          "share of returns with reason " + r.name() + " (NULL without returns)", DAILY_S, true));
    }
    f.add(new Feature("defect_share_365d", "reasons", s,
        "share of returns that are defects (reason DEFECTIVE, QUALITY_UNACCEPTABLE, MISSING_PARTS or received DEFECTIVE)", DAILY_S, true));
    f.add(new Feature("damaged_share_365d", "reasons", s,
        "share of returns that are damage (reason DAMAGED_BY_CARRIER or received DAMAGED)", DAILY_S, true));
    f.add(new Feature("size_related_share_365d", "reasons", s, "share of returns with a size-related reason", DAILY_S, true));
    f.add(new Feature("returnless_share_365d", "reasons", s, "share of returns resolved as RETURNLESS_REFUND", DAILY_S, true));
    f.add(new Feature("defect_rate_365d", "reasons", s, "defect returns / lines sold", DAILY_S, true));
    f.add(new Feature("is_elevated_defect_rate", "reasons", s,
        "at least " + ELEVATED_DEFECT_MIN_RETURNS + " defect returns and defect_rate_365d above "
            + ELEVATED_DEFECT_FACTOR + " times the category's", DAILY_S, false));
    f.add(new Feature("days_to_return_mean_365d", "timing", s,
        "mean days from delivery to return request, over returns with a known delivery", DAILY_S, true));
    f.add(new Feature("holiday_return_rate_365d", "timing", s,
        "returns / lines sold for lines ordered in November or December", DAILY_S, true));
    f.add(new Feature("other_return_rate_365d", "timing", s,
        "returns / lines sold for lines ordered in other months", DAILY_S, true));
    f.add(new Feature("lost_in_transit_rate_365d", "logistics", s,
        "lines whose order has a parcel tracked LOST and never delivered / lines with a known shipment", DAILY_S, true));
    f.add(new Feature("return_rate_30d", "trend", "30 days", "returns / lines sold over the last 30 days", DAILY_S, true));
    f.add(new Feature("return_rate_prev_90d", "trend", "days 31-120 back",
        "returns / lines sold over the 90 days before the last 30", DAILY_S, true));
    f.add(new Feature("return_rate_trend", "trend", "30 vs 90 days",
        "return_rate_30d - return_rate_prev_90d (recent cohorts are younger, so expect it to read low)", DAILY_S, true));
    return f;
  }

  public static List<Feature> orderLine() {
    String src = "silver.orders, order_lines, products_history, shipments";
    String line = "line";
    List<Feature> f = new ArrayList<>(List.of(
        new Feature("customer_id", line, "-", "buyer", src, false),
        new Feature("sku", line, "-", "product", src, false),
        new Feature("order_ts", line, "-", "purchase time", src, false),
        new Feature("order_date", line, "-", "purchase date: the label time of the as-of joins", src, false),
        new Feature("unit_price", line, "-", "price per unit", src, true),
        new Feature("quantity", line, "-", "units", src, true),
        new Feature("discount", line, "-", "discount on the line", src, true),
        new Feature("discount_share", line, "-", "discount / (quantity * unit_price)", src, true),
        new Feature("category", line, "-", "product category, version known by the end of the order date", src, false),
        new Feature("size", line, "-", "size as ordered", src, false),
        new Feature("channel", line, "-", "FBA, FBM or WEB", src, false),
        new Feature("carrier", line, "-",
            "carrier of the order's first shipment if known by the end of the order date, else UNKNOWN", src, false),
        new Feature("service_level", line, "-", "requested ship service level", src, false),
        new Feature("has_promo", line, "-", "a promo code was applied", src, true),
        new Feature("is_holiday_purchase", line, "-", "ordered in November or December", src, true),
        new Feature("order_lines", line, "-", "lines in the order", src, true),
        new Feature("order_distinct_sizes", line, "-", "distinct sizes in the order", src, true),
        new Feature("sku_lines_in_order", line, "-",
            "lines of the same SKU in the order; two or more is bracketing (several sizes, one kept)", src, true),
        new Feature("return_window_end", "label", "-",
            "last day a return counts: 30 days after delivery (after the order date without a known delivery), "
                + "for November/December purchases at least 31 January", RETURNS_SRC, false),
        new Feature("is_returned", "label", "-",
            "label: a return of the line was requested on or before return_window_end, as known by label_as_of_date", RETURNS_SRC, false),
        new Feature("is_censored", "label", "-",
            "return_window_end is on or after label_as_of_date: excluded from training, to be scored", RETURNS_SRC, false),
        new Feature("label_as_of_date", "label", "-", "the run date whose knowledge the label uses", "-", false),
        new Feature("customer_as_of_date", "as-of join", "-",
            "as_of_date of the customer features used: the latest strictly before order_date", Tables.GOLD_CUSTOMER_FEATURES, false),
        new Feature("sku_as_of_date", "as-of join", "-",
            "as_of_date of the SKU features used: the latest strictly before order_date", Tables.GOLD_SKU_FEATURES, false)));
    for (Feature c : customer()) {
      f.add(new Feature("c_" + c.name(), "customer", c.window(), c.definition(), Tables.GOLD_CUSTOMER_FEATURES, c.model()));
    }
    for (Feature s : sku()) {
      f.add(new Feature("s_" + s.name(), "sku", s.window(), s.definition(), Tables.GOLD_SKU_FEATURES, s.model()));
    }
    return f;
  }

  public static List<Feature> customerTraining() {
    String src = "silver.fraud_reviews";
    List<Feature> f = new ArrayList<>(List.of(
        new Feature("customer_id", "review", "-", "customer reviewed", src, false),
        new Feature("reviewed_ts", "review", "-", "decision time", src, false),
        new Feature("review_date", "review", "-", "decision date: the label time of the as-of join", src, false),
        new Feature("decision", "label", "-", "CONFIRMED_ABUSE, CLEARED or WATCH, as recorded", src, false),
        new Feature("abuse_type", "label", "-", "pattern named by the reviewer", src, false),
        new Feature("is_abuse", "label", "-", "label: decision is CONFIRMED_ABUSE", src, false),
        new Feature("label_as_of_date", "label", "-", "the run date whose knowledge the reviews use", "-", false),
        new Feature("customer_as_of_date", "as-of join", "-",
            "as_of_date of the customer features: the latest strictly before review_date (the day before when runs are nightly)",
            Tables.GOLD_CUSTOMER_FEATURES, false)));
    for (Feature c : customer()) {
      f.add(new Feature("c_" + c.name(), "customer", c.window(), c.definition(), Tables.GOLD_CUSTOMER_FEATURES, c.model()));
    }
    return f;
  }

  public static List<Feature> features(Grain g) {
    return switch (g) {
      case CUSTOMER -> customer();
      case SKU -> sku();
      case ORDER_LINE -> orderLine();
      case CUSTOMER_TRAINING -> customerTraining();
    };
  }

  /** The table's columns in order: keys, then every feature. The transforms end with this select. */
  public static List<String> columns(Grain g) {
    List<String> c = new ArrayList<>(g.keys);
    features(g).forEach(f -> c.add(f.name()));
    return c;
  }

  /** The numeric columns a model may take from the table (categorical columns are listed with model=false). */
  public static List<String> modelFeatures(Grain g) {
    return features(g).stream().filter(Feature::model).map(Feature::name).toList();
  }

  /** docs/FEATURES.md. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Gold features\n\n<!-- generated from dev.boomerang.features.FeatureCatalog: "
        + "run `./boomerang features --docs > docs/FEATURES.md` -->\n\n");
    md.append("\"As of D\" uses only rows with `known_at <= D`. Windows cover the N days ending on "
        + "as_of_date by *event date*: an event exactly N-1 days before is inside, N days before is "
        + "outside. The event date of an order, and of every return, refund and claim on it, is the "
        + "order date, so a window is a cohort of orders. Windowed counts and sums come from "
        + "`gold.customer_daily` / `gold.sku_daily` (additive, keyed by event_date and known_date); "
        + "see docs/FEATURES-DESIGN.md. Column `model` says whether `FeatureCatalog.modelFeatures` "
        + "lists it.\n");
    for (Grain g : Grain.values()) {
      md.append("\n## `").append(g.table).append("`\n\nGrain: ").append(g.grain).append(". Key: `")
          .append(String.join("`, `", g.keys)).append("`.\n\n");
      md.append("| name | family | window | definition | sources | model |\n|---|---|---|---|---|---|\n");
      for (Feature f : features(g)) {
        if ((g == Grain.ORDER_LINE || g == Grain.CUSTOMER_TRAINING)
            && (f.name().startsWith("c_") || f.name().startsWith("s_"))) {
          continue;
        }
        md.append("| `").append(f.name()).append("` | ").append(f.family()).append(" | ").append(f.window())
            .append(" | ").append(f.definition()).append(" | ").append(f.sources()).append(" | ")
            .append(f.model() ? "yes" : "no").append(" |\n");
      }
      if (g == Grain.ORDER_LINE) {
        md.append("| `c_<feature>` | customer | | every column of gold.customer_features, as of customer_as_of_date | gold.customer_features | as there |\n");
        md.append("| `s_<feature>` | sku | | every column of gold.sku_features, as of sku_as_of_date | gold.sku_features | as there |\n");
      } else if (g == Grain.CUSTOMER_TRAINING) {
        md.append("| `c_<feature>` | customer | | every column of gold.customer_features, as of customer_as_of_date | gold.customer_features | as there |\n");
      }
    }
    return md.toString();
  }
}
