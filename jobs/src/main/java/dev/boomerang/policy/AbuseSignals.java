package dev.boomerang.policy;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import dev.boomerang.features.FeatureCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;

/**
 * The catalogue of transparent abuse signals and honest-pattern dampeners, read from one row of
 * {@code gold.customer_features} (grain: one row per customer_id per as_of_date). Each signal
 * names its abuse type (the {@code fraud_reviews.abuse_type} vocabulary), the feature columns it
 * reads, when it fires, how strong it is (0-1) once fired, its severity and the plain-language
 * reason filled with the customer's own numbers. Every expression is a Spark column over the
 * feature row; nothing here does I/O. {@code docs/ABUSE.md} renders this table.
 *
 * <p>Peer comparison: the return-rate signals read {@code return_rate_units_vs_category_365d},
 * the customer's smoothed unit return rate over the rate expected from the categories they buy
 * (FeatureCatalog, k = {@link FeatureCatalog#CUSTOMER_PRIOR_UNITS} units), so a shoe buyer is
 * compared with shoe buyers. The expected number of returned units follows from that ratio r:
 * e = return_units / (r (units + k) - k), expected units = e * units.
 */
public final class AbuseSignals {

  private AbuseSignals() {}

  /** Minimum volume before a rate signal can fire: units ordered and units returned (365 days). */
  public static final int MIN_UNITS = 6;
  public static final int MIN_RETURN_UNITS = 4;
  /** Serial returning: smoothed return rate at least this multiple of the category-mix norm. */
  public static final double SERIAL_RATIO = 2.0;
  /**
   * Serial returning reaches full strength only on this many returned units (365 days): a high
   * rate on a handful of returns is what honest customers show too, a high rate sustained over
   * many returns is not.
   */
  public static final int SERIAL_FULL_RETURN_UNITS = 8;
  /** Serial returning's volume factor at {@link #MIN_RETURN_UNITS}; it rises linearly to 1 at full. */
  public static final double SERIAL_MIN_VOLUME = 0.75;
  /** Wardrobing: returns, share requested within 72 h of delivery, and rate multiple. */
  public static final int WARDROBE_MIN_RETURNS = 3;
  public static final double WARDROBE_QUICK_SHARE = 0.6;
  public static final double WARDROBE_RATIO = 1.5;
  /** INR on delivered parcels: claims and claims per order. */
  public static final int INR_MIN_CLAIMS = 2;
  public static final double INR_MIN_PER_ORDER = 0.2;
  /** Returnless exploitation: keep-it refunds, per order, and share of the customer's refunds. */
  public static final int RETURNLESS_MIN = 3;
  public static final double RETURNLESS_PER_ORDER = 0.3;
  public static final double RETURNLESS_SHARE = 0.6;
  /** Expired-label games: unused labels and their share of returns. */
  public static final int EXPIRED_MIN = 3;
  public static final double EXPIRED_SHARE = 0.5;

  /**
   * Severity weights: a fully strong HIGH signal alone takes the rule score to 0.9; ELEVATED, just
   * over the review floor ({@link AbuseScore#REVIEW_MIN_RULE}), ranks below hard evidence.
   */
  public enum Severity {
    HIGH(0.9), ELEVATED(0.78), MEDIUM(0.6), LOW(0.3);

    public final double weight;

    Severity(double weight) {
      this.weight = weight;
    }
  }

  /**
   * One signal.
   *
   * @param name snake_case id, stored with the reason
   * @param abuseType fraud_reviews.abuse_type vocabulary
   * @param columns feature columns it reads
   * @param condition human-readable firing condition (docs)
   * @param fires boolean column: the signal applies
   * @param strength 0-1 column, read only when it fires
   * @param severity weight of the signal
   * @param template {@code String.format} template of the reason ({@link Locale#ROOT})
   * @param args the template's arguments, in order (LONG for %d, DOUBLE for %.Nf)
   * @param dampened whether the honest-pattern dampener scales it
   */
  public record Signal(String name, String abuseType, List<String> columns, String condition, Column fires,
      Column strength, Severity severity, String template, List<Column> args, boolean dampened) {

    /** The reason text of this signal for the row, or null when it does not fire. */
    public Column reason() {
      return when(fires, format_string(template, args.toArray(Column[]::new)));
    }

    /** severity x strength (x dampener when dampened); meaningful only where it fires. */
    public Column contribution(Column dampener) {
      Column c = strength.multiply(severity.weight);
      return dampened ? c.multiply(dampener) : c;
    }
  }

  /** One honest-pattern dampener: a factor in [floor, 1] and the mitigating fact it states. */
  public record Dampener(String name, List<String> columns, String condition, Column applies, Column factor,
      String template, List<Column> args) {

    public Column note() {
      return when(applies, format_string(template, args.toArray(Column[]::new)));
    }
  }

  static Column n(String c) {
    return coalesce(col(c).cast("long"), lit(0L));
  }

  static Column d(String c) {
    return coalesce(col(c).cast("double"), lit(0.0));
  }

  static Column clamp01(Column c) {
    return least(lit(1.0), greatest(lit(0.0), c));
  }

  /** {@code floor} plus the rest of the way to 1 in proportion to {@code share} (clipped to [0, 1]). */
  static Column floored(double floor, Column share) {
    return lit(floor).plus(clamp01(share).multiply(1 - floor));
  }

  static Column pct(Column share) {
    return round(share.multiply(100), 0).cast("long");
  }

  /** Returned units expected for the customer's category mix (see class doc), rounded; null if unknown. */
  public static Column expectedReturnUnits() {
    Column r = col("return_rate_units_vs_category_365d").cast("double");
    Column u = d("units_365d");
    double k = FeatureCatalog.CUSTOMER_PRIOR_UNITS;
    Column denom = r.multiply(u.plus(k)).minus(k);
    return when(denom.gt(0).and(n("return_units_365d").gt(0)),
        round(d("return_units_365d").divide(denom).multiply(u), 0).cast("long"));
  }

  static final Column RATIO = d("return_rate_units_vs_category_365d");
  static final Column RETURNS = n("returns_365d");
  static final Column ORDERS = n("orders_365d");
  static final Column PER_ORDER_DENOM = greatest(ORDERS, lit(1L)).cast("double");

  /** The signals, in catalogue order. */
  public static List<Signal> signals() {
    List<Signal> s = new ArrayList<>();
    Column volume = n("units_365d").geq(MIN_UNITS).and(n("return_units_365d").geq(MIN_RETURN_UNITS));
    s.add(new Signal("serial_returning", "SERIAL_RETURNER",
        List.of("units_365d", "return_units_365d", "return_rate_units_vs_category_365d"),
        "units_365d >= " + MIN_UNITS + ", return_units_365d >= " + MIN_RETURN_UNITS
            + ", return_rate_units_vs_category_365d >= " + SERIAL_RATIO,
        volume.and(RATIO.geq(SERIAL_RATIO)),
        clamp01(RATIO.minus(1.5)).multiply(floored(SERIAL_MIN_VOLUME,
            d("return_units_365d").minus(MIN_RETURN_UNITS).divide(SERIAL_FULL_RETURN_UNITS - MIN_RETURN_UNITS))),
        Severity.ELEVATED,
        "Returned %d of %d units ordered in the last 365 days (peer norm for this category mix: %d)",
        List.of(n("return_units_365d"), n("units_365d"), expectedReturnUnits()), true));

    Column quick = d("quick_return_share_365d");
    s.add(new Signal("wardrobing", "WARDROBING",
        List.of("returns_365d", "quick_return_share_365d", "return_rate_units_vs_category_365d"),
        "returns_365d >= " + WARDROBE_MIN_RETURNS + ", quick_return_share_365d >= " + WARDROBE_QUICK_SHARE
            + ", return_rate_units_vs_category_365d >= " + WARDROBE_RATIO,
        RETURNS.geq(WARDROBE_MIN_RETURNS).and(quick.geq(WARDROBE_QUICK_SHARE)).and(RATIO.geq(WARDROBE_RATIO)),
        floored(0.5, clamp01(quick.minus(0.5).multiply(2)).multiply(clamp01(RATIO.minus(1.0)))),
        Severity.MEDIUM,
        "%d%% of apparel and electronics returns requested within 3 days of delivery, "
            + "at %.1f times the return rate of peers buying the same categories",
        List.of(pct(quick), round(RATIO, 1)), true));

    Column inr = n("inr_claims_delivered_365d");
    s.add(new Signal("inr_on_delivered", "INR_FRAUD",
        List.of("inr_claims_delivered_365d", "orders_365d"),
        "inr_claims_delivered_365d >= " + INR_MIN_CLAIMS + " and >= " + INR_MIN_PER_ORDER + " per order",
        inr.geq(INR_MIN_CLAIMS).and(inr.divide(PER_ORDER_DENOM).geq(INR_MIN_PER_ORDER)),
        clamp01(inr.divide(PER_ORDER_DENOM).multiply(2)).multiply(clamp01(inr.divide(4.0))),
        Severity.HIGH,
        "%d item-not-received claim(s) across %d orders, on parcels the carrier recorded as delivered",
        List.of(inr, ORDERS), false));

    Column signed = n("inr_claims_delivered_signed_365d");
    s.add(new Signal("inr_on_signed", "INR_FRAUD",
        List.of("inr_claims_delivered_signed_365d"),
        "inr_claims_delivered_signed_365d >= 1",
        signed.geq(1),
        clamp01(signed.divide(2.0)),
        Severity.HIGH,
        "%d item-not-received claim(s) on parcels the carrier recorded as delivered with a signature",
        List.of(signed), false));

    Column keepIt = n("returnless_refunds_365d");
    Column keepShare = d("returnless_refund_share_365d");
    s.add(new Signal("returnless_exploitation", "RETURNLESS_EXPLOIT",
        List.of("returnless_refunds_365d", "orders_365d", "returnless_refund_share_365d"),
        "returnless_refunds_365d >= " + RETURNLESS_MIN + ", >= " + RETURNLESS_PER_ORDER
            + " per order, returnless_refund_share_365d >= " + RETURNLESS_SHARE,
        keepIt.geq(RETURNLESS_MIN).and(keepIt.divide(PER_ORDER_DENOM).geq(RETURNLESS_PER_ORDER))
            .and(keepShare.geq(RETURNLESS_SHARE)),
        floored(0.5, clamp01(keepIt.divide(PER_ORDER_DENOM)).multiply(clamp01(keepIt.divide(6.0)))),
        Severity.HIGH,
        "%d keep-it (returnless) refunds on %d orders in the last 365 days, %d%% of the customer's refunds",
        List.of(keepIt, ORDERS, pct(keepShare)), false));

    Column empty = n("received_empty_box_365d");
    Column wrong = n("received_wrong_item_365d");
    s.add(new Signal("empty_box_or_wrong_item", "EMPTY_BOX",
        List.of("received_empty_box_365d", "received_wrong_item_365d"),
        "received_empty_box_365d + received_wrong_item_365d >= 1",
        empty.plus(wrong).geq(1),
        clamp01(empty.plus(wrong).divide(2.0)),
        Severity.HIGH,
        "%d returned parcel(s) arrived empty or held a different item than the one sold (%d empty, %d wrong item)",
        List.of(empty.plus(wrong), empty, wrong), false));

    Column expired = n("labels_expired_unused_365d");
    s.add(new Signal("expired_labels", "SERIAL_RETURNER",
        List.of("labels_expired_unused_365d", "returns_365d"),
        "labels_expired_unused_365d >= " + EXPIRED_MIN + " and >= " + EXPIRED_SHARE + " of returns",
        expired.geq(EXPIRED_MIN).and(expired.divide(greatest(RETURNS, lit(1L)).cast("double")).geq(EXPIRED_SHARE)),
        lit(1.0),
        Severity.LOW,
        "%d of %d return labels expired unused",
        List.of(expired, RETURNS), false));

    Column confirmed = n("linked_accounts_confirmed");
    s.add(new Signal("linked_to_confirmed", "LINKED_ACCOUNTS",
        List.of("linked_accounts", "linked_accounts_confirmed"),
        "linked_accounts_confirmed >= 1",
        confirmed.geq(1),
        floored(0.5, confirmed.divide(2.0)),
        Severity.HIGH,
        "Shares an address, payment method or e-mail with %d other accounts, %d of them confirmed abusers",
        List.of(n("linked_accounts"), confirmed), false));

    Column flagged = n("linked_accounts_flagged").minus(confirmed);
    s.add(new Signal("linked_to_flagged", "LINKED_ACCOUNTS",
        List.of("linked_accounts", "linked_accounts_flagged", "linked_accounts_confirmed"),
        "linked_accounts_flagged - linked_accounts_confirmed >= 1 (accounts under WATCH)",
        flagged.geq(1),
        lit(1.0),
        Severity.LOW,
        "Shares an address, payment method or e-mail with %d other accounts, %d of them on the fraud team's watch list",
        List.of(n("linked_accounts"), flagged), false));

    Column payment = n("linked_accounts_payment");
    s.add(new Signal("shared_payment", "LINKED_ACCOUNTS",
        List.of("linked_accounts_payment"),
        "linked_accounts_payment >= 1",
        payment.geq(1),
        clamp01(payment.divide(3.0)),
        Severity.MEDIUM,
        "Pays with the same payment instrument as %d other accounts",
        List.of(payment), false));
    return s;
  }

  /**
   * Honest patterns. Each factor multiplies the dampened signals (return-rate based: serial
   * returning, wardrobing); factors multiply, with a floor of {@link #DAMPENER_FLOOR}. The
   * returnless signal is not dampened: exploiters' own seller-fault claims on cheap SKUs raise
   * those SKUs' defect rate, so the defective-goods dampener would excuse the abuse itself.
   */
  public static List<Dampener> dampeners() {
    Column brackets = n("bracketing_orders_365d");
    Column returnDenom = greatest(RETURNS, lit(1L)).cast("double");
    Column defectRefunds = n("defect_sku_refunds_365d");
    Column sellerFault = d("seller_fault_share_365d");
    return List.of(
        new Dampener("bracketing", List.of("bracketing_orders_365d", "returns_365d"),
            "bracketing_orders_365d >= 1; factor 1 - 2 x bracketing orders / returns",
            brackets.geq(1), lit(1.0).minus(brackets.divide(returnDenom).multiply(2)),
            "%d orders bought one item in several sizes and kept one (bracketing), out of %d returns",
            List.of(brackets, RETURNS)),
        new Dampener("defective_goods", List.of("defect_sku_refunds_365d", "returns_365d"),
            "defect_sku_refunds_365d >= 1; factor 1 - 2 x defect-SKU refunds / returns",
            defectRefunds.geq(1), lit(1.0).minus(defectRefunds.divide(returnDenom).multiply(2)),
            "%d refunds were for products with an elevated defect rate, out of %d returns",
            List.of(defectRefunds, RETURNS)),
        new Dampener("seller_fault_on_defective_skus",
            List.of("seller_fault_share_365d", "defect_sku_refunds_365d"),
            "seller_fault_share_365d >= 0.5 and defect_sku_refunds_365d >= 1; factor 1 - 0.5 x seller-fault share",
            sellerFault.geq(0.5).and(defectRefunds.geq(1)), lit(1.0).minus(sellerFault.multiply(0.5)),
            "%d%% of returns cite a seller fault, and products with known defects were among them",
            List.of(pct(sellerFault))));
  }

  /** Lowest combined dampener factor: honest patterns reduce, never erase, a signal. */
  public static final double DAMPENER_FLOOR = 0.15;

  /** The combined dampener factor in [DAMPENER_FLOOR, 1]. */
  public static Column dampenerFactor() {
    Column f = lit(1.0);
    for (Dampener dp : dampeners()) {
      f = f.multiply(when(dp.applies(), clamp01(dp.factor())).otherwise(lit(1.0)));
    }
    return greatest(lit(DAMPENER_FLOOR), f);
  }

  /** Every feature column the catalogue reads (for checks and docs). */
  public static List<String> columnsRead() {
    List<String> c = new ArrayList<>();
    signals().forEach(s -> s.columns().forEach(x -> { if (!c.contains(x)) c.add(x); }));
    dampeners().forEach(s -> s.columns().forEach(x -> { if (!c.contains(x)) c.add(x); }));
    return c;
  }

  /** The markdown table of docs/ABUSE.md. */
  public static String markdown() {
    StringBuilder b = new StringBuilder("| signal | abuse type | fires when | severity | dampened | reason template |\n"
        + "|---|---|---|---|---|---|\n");
    for (Signal s : signals()) {
      b.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s (%.2f) | %s | %s |%n", s.name(), s.abuseType(),
          s.condition(), s.severity(), s.severity().weight, s.dampened() ? "yes" : "no", s.template()));
    }
    b.append("\n| dampener | applies when / factor | mitigation note |\n|---|---|---|\n");
    for (Dampener dp : dampeners()) {
      b.append(String.format(Locale.ROOT, "| `%s` | %s | %s |%n", dp.name(), dp.condition(), dp.template()));
    }
    return b.toString();
  }
}
