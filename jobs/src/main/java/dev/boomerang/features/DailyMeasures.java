package dev.boomerang.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

import dev.boomerang.common.AsOfScope;
import dev.boomerang.contract.ReasonCode;
import dev.boomerang.silver.ParcelStatus;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Additive daily measures behind the windowed features ({@code gold.customer_daily},
 * {@code gold.sku_daily}): one row per customer_id (or sku) per event_date per known_date.
 *
 * <p>{@code event_date} is the date of the order a fact concerns: returns, refunds and claims count
 * against their order's date, so a window selects a cohort of orders and a return rate is the share
 * of that cohort returned as known by D. {@code known_date} is the run that learned the fact.
 * {@link #customerMeasures} and {@link #skuMeasures} give the measures of a snapshot; a nightly run
 * for D stores {@code measures(known <= D) - measures(known <= D-1)} restricted to the orders D
 * touched ({@link #daily}; a range does every date in one plan), so the rows of known_date <= D
 * always add up to the measures as of D (a telescoping sum), whatever changed state on D: a return
 * that became EMPTY_BOX, a scan that showed a parcel delivered. The first run, or the first day of
 * a rebuild, stores the whole state (the base). Money is exact DECIMAL(18,2), counts are BIGINT, durations whole seconds, so
 * increments and a rebuild agree to the last digit.
 */
public final class DailyMeasures {

  private DailyMeasures() {}

  /** A daily measure: its column, whether it is money, and what it counts. */
  public record Measure(String name, boolean money, String definition) {
    public DataType type() {
      return money ? MONEY : DataTypes.LongType;
    }
  }

  public static final DataType MONEY = DataTypes.createDecimalType(18, 2);

  public static final List<Measure> CUSTOMER = List.of(
      new Measure("orders", false, "orders placed"),
      new Measure("units", false, "units ordered"),
      new Measure("spend", true, "gross spend: quantity * unit_price - discount over the order lines"),
      new Measure("returns", false, "return requests (RMAs) on those orders"),
      new Measure("return_units", false, "units requested for return"),
      new Measure("return_value", true, "returned units * unit_price"),
      new Measure("refunds", false, "refund payments on those orders"),
      new Measure("refund_value", true, "item amount refunded"),
      new Measure("returnless_refunds", false, "refunds paid without the item coming back"),
      new Measure("returnless_refund_value", true, "item amount of returnless refunds"),
      new Measure("shipping_fee_refunds", false, "refunds that include a shipping fee"),
      new Measure("shipping_fee_refund_value", true, "shipping fee amount refunded"),
      new Measure("claims_item_not_received", false, "ITEM_NOT_RECEIVED claims"),
      new Measure("claims_a_to_z", false, "A_TO_Z claims"),
      new Measure("claims_chargeback", false, "CHARGEBACK claims"),
      new Measure("claims_damaged_in_transit", false, "DAMAGED_IN_TRANSIT claims"),
      new Measure("inr_claims_delivered", false,
          "ITEM_NOT_RECEIVED claims on orders whose tracking shows a delivery scan"),
      new Measure("inr_claims_delivered_signed", false,
          "of those, claims where the delivery scan captured a signature"));

  public static final List<Measure> SKU;

  static {
    List<Measure> m = new ArrayList<>(List.of(
        new Measure("lines_sold", false, "order lines of the SKU"),
        new Measure("units_sold", false, "units ordered"),
        new Measure("sales_value", true, "quantity * unit_price - discount"),
        new Measure("returns", false, "return requests on those lines"),
        new Measure("return_units", false, "units requested for return"),
        new Measure("return_value", true, "returned units * unit_price"),
        new Measure("returns_seller_fault", false, "returns with a seller-fault reason"),
        new Measure("returns_size_related", false, "returns with a size-related reason"),
        new Measure("returns_defective", false,
            "returns for DEFECTIVE, QUALITY_UNACCEPTABLE or MISSING_PARTS, or received DEFECTIVE"),
        new Measure("returns_damaged", false, "returns for DAMAGED_BY_CARRIER or received DAMAGED"),
        new Measure("returns_returnless", false, "returns resolved as RETURNLESS_REFUND"),
        new Measure("returns_after_delivery", false, "returns whose order has a known delivery scan"),
        new Measure("delivery_to_request_seconds", false,
            "sum over those returns of the seconds from delivery to request"),
        new Measure("lines_shipped", false, "lines whose order has a known shipment"),
        new Measure("lines_lost", false, "lines whose order has a parcel tracked as LOST and never delivered")));
    for (ReasonCode r : ReasonCode.values()) {
      m.add(new Measure(reasonMeasure(r), false, "returns with reason " + r.name()));
    }
    SKU = List.copyOf(m);
  }

  static String reasonMeasure(ReasonCode r) {
    return "returns_reason_" + r.name().toLowerCase();
  }

  static final List<String> DEFECT_REASONS = List.of("DEFECTIVE", "QUALITY_UNACCEPTABLE", "MISSING_PARTS");

  /** Per order of the snapshot: delivered (any parcel), signed delivery, lost, first delivery time. */
  static Dataset<Row> deliveryPerOrder(SilverSnapshot s) {
    Dataset<Row> status = ParcelStatus.shipmentStatus(s.shipments(), s.events());
    return status.groupBy(AsOfScope.cols(null, s.scope(), "order_id")).agg(
        max(col("is_delivered").cast("int")).as("is_delivered"),
        max(col("is_delivered").and(col("signed_by").isNotNull()).cast("int")).as("is_signed"),
        max(col("is_lost").cast("int")).as("is_lost"),
        min("delivered_ts").as("delivered_ts"));
  }

  /** Order lines of the snapshot's orders with customer, event_date, sku and line value. */
  static Dataset<Row> lines(SilverSnapshot s) {
    return s.orderLines().alias("l")
        .join(s.orders().alias("o"), col("l.order_id").equalTo(col("o.order_id"))
            .and(AsOfScope.same(s.scope(), "l", "o")), "inner")
        .select(AsOfScope.with("l", s.scope(), col("l.order_id"), col("l.line_no"), col("o.customer_id"),
            to_date(col("o.order_ts")).as("event_date"), col("l.sku"), col("l.quantity"),
            col("l.unit_price"), col("l.size"),
            col("l.quantity").multiply(col("l.unit_price")).minus(col("l.discount")).cast(MONEY).as("line_value")));
  }

  /** The returns of the snapshot joined to their lines ({@link #lines}, plus any columns {@code lines} has). */
  private static Dataset<Row> returnedLines(SilverSnapshot s, Dataset<Row> lines, Column... columns) {
    return s.returns().alias("r")
        .join(lines.alias("l"), col("r.order_id").equalTo(col("l.order_id"))
            .and(col("r.line_no").equalTo(col("l.line_no"))).and(AsOfScope.same(s.scope(), "r", "l")), "inner")
        .select(AsOfScope.with("l", s.scope(), columns));
  }

  /**
   * The customer measures of a snapshot (as of a date, or of each date of {@link SilverSnapshot#asOfEach}):
   * [as_of_date,] customer_id, event_date, measures.
   */
  public static Dataset<Row> customerMeasures(SilverSnapshot s) {
    List<String> scope = s.scope();
    Dataset<Row> orders = s.orders().select(AsOfScope.with(null, scope, col("order_id"), col("customer_id"),
        to_date(col("order_ts")).as("event_date")));
    Dataset<Row> lines = lines(s);
    Dataset<Row> returns = returnedLines(s, lines, col("l.customer_id"), col("l.event_date"), col("r.quantity"),
        col("r.quantity").multiply(col("l.unit_price")).cast(MONEY).as("value"));
    Column sameOrder = col("f.order_id").equalTo(col("o.order_id")).and(AsOfScope.same(scope, "f", "o"));
    Dataset<Row> refunds = s.refunds().alias("f")
        .join(orders.alias("o"), sameOrder, "inner")
        .select(AsOfScope.with("o", scope, col("o.customer_id"), col("o.event_date"), col("f.item_amount"),
            col("f.shipping_amount"), col("f.is_returnless")));
    Dataset<Row> claims = s.claims().alias("c")
        .join(orders.alias("o"), col("c.order_id").equalTo(col("o.order_id")).and(AsOfScope.same(scope, "c", "o")),
            "inner")
        .join(deliveryPerOrder(s).alias("d"), col("c.order_id").equalTo(col("d.order_id"))
            .and(AsOfScope.same(scope, "c", "d")), "left")
        .select(AsOfScope.with("o", scope, col("o.customer_id"), col("o.event_date"), col("c.claim_type"),
            col("d.is_delivered"), col("d.is_signed")));

    Column inr = col("claim_type").equalTo("ITEM_NOT_RECEIVED");
    Column returnless = col("is_returnless");
    Column withShipping = col("shipping_amount").gt(0);
    List<String> keys = AsOfScope.plus(scope, "customer_id", "event_date");
    Dataset<Row> all = measureRows(orders, keys, CUSTOMER, Map.of("orders", lit(1)))
        .union(measureRows(lines, keys, CUSTOMER, Map.of("units", col("quantity"), "spend", col("line_value"))))
        .union(measureRows(returns, keys, CUSTOMER, Map.of("returns", lit(1),
            "return_units", col("quantity"), "return_value", col("value"))))
        .union(measureRows(refunds, keys, CUSTOMER, Map.of(
            "refunds", lit(1), "refund_value", col("item_amount"),
            "returnless_refunds", when(returnless, 1).otherwise(0),
            "returnless_refund_value", when(returnless, col("item_amount")).otherwise(lit(0)),
            "shipping_fee_refunds", when(withShipping, 1).otherwise(0),
            "shipping_fee_refund_value", col("shipping_amount"))))
        .union(measureRows(claims, keys, CUSTOMER, Map.of(
            "claims_item_not_received", when(inr, 1).otherwise(0),
            "claims_a_to_z", when(col("claim_type").equalTo("A_TO_Z"), 1).otherwise(0),
            "claims_chargeback", when(col("claim_type").equalTo("CHARGEBACK"), 1).otherwise(0),
            "claims_damaged_in_transit", when(col("claim_type").equalTo("DAMAGED_IN_TRANSIT"), 1).otherwise(0),
            "inr_claims_delivered", when(inr.and(col("is_delivered").equalTo(1)), 1).otherwise(0),
            "inr_claims_delivered_signed", when(inr.and(col("is_signed").equalTo(1)), 1).otherwise(0))));
    return sumPerKey(all, keys, CUSTOMER);
  }

  /** The SKU measures of a snapshot, as {@link #customerMeasures}: [as_of_date,] sku, event_date, measures. */
  public static Dataset<Row> skuMeasures(SilverSnapshot s) {
    List<String> scope = s.scope();
    Dataset<Row> delivery = deliveryPerOrder(s);
    Dataset<Row> lines = lines(s).alias("l")
        .join(delivery.alias("d"), col("l.order_id").equalTo(col("d.order_id"))
            .and(AsOfScope.same(scope, "l", "d")), "left")
        .select(col("l.*"), col("d.is_lost"), col("d.delivered_ts"),
            col("d.order_id").isNotNull().as("is_shipped"));
    Dataset<Row> returns = returnedLines(s, lines, col("l.sku"), col("l.event_date"), col("r.quantity"),
        col("r.reason_code"), col("r.received_condition"), col("r.resolution"), col("r.requested_ts"),
        col("l.delivered_ts"), col("r.quantity").multiply(col("l.unit_price")).cast(MONEY).as("value"));

    Column reason = col("reason_code");
    Column delivered = col("delivered_ts").isNotNull();
    Map<String, Column> returnValues = new java.util.HashMap<>(Map.ofEntries(
        Map.entry("returns", lit(1)),
        Map.entry("return_units", col("quantity")),
        Map.entry("return_value", col("value")),
        Map.entry("returns_seller_fault", flag(reason.isin(ReasonCode.sellerFaultNames().toArray()))),
        Map.entry("returns_size_related", flag(reason.isin(ReasonCode.sizeRelatedNames().toArray()))),
        Map.entry("returns_defective", flag(reason.isin(DEFECT_REASONS.toArray())
            .or(col("received_condition").eqNullSafe("DEFECTIVE")))),
        Map.entry("returns_damaged", flag(reason.equalTo("DAMAGED_BY_CARRIER")
            .or(col("received_condition").eqNullSafe("DAMAGED")))),
        Map.entry("returns_returnless", flag(col("resolution").equalTo("RETURNLESS_REFUND"))),
        Map.entry("returns_after_delivery", flag(delivered)),
        Map.entry("delivery_to_request_seconds", when(delivered,
            unix_timestamp(col("requested_ts")).minus(unix_timestamp(col("delivered_ts")))).otherwise(0))));
    for (ReasonCode r : ReasonCode.values()) {
      returnValues.put(reasonMeasure(r), flag(reason.equalTo(r.name())));
    }
    List<String> keys = AsOfScope.plus(scope, "sku", "event_date");
    Dataset<Row> all = measureRows(lines, keys, SKU, Map.of(
            "lines_sold", lit(1), "units_sold", col("quantity"), "sales_value", col("line_value"),
            "lines_shipped", flag(col("is_shipped")),
            "lines_lost", flag(col("is_lost").eqNullSafe(1))))
        .union(measureRows(returns, keys, SKU, returnValues));
    return sumPerKey(all, keys, SKU);
  }

  private static Column flag(Column condition) {
    return when(condition, 1).otherwise(0);
  }

  /** keys plus every measure, from {@code values} or zero, cast to the measure's type. */
  private static Dataset<Row> measureRows(Dataset<Row> src, List<String> keys, List<Measure> measures,
      Map<String, Column> values) {
    List<Column> cols = new ArrayList<>();
    keys.forEach(k -> cols.add(col(k)));
    for (Measure m : measures) {
      cols.add(values.getOrDefault(m.name(), lit(0)).cast(m.type()).as(m.name()));
    }
    return src.select(cols.toArray(Column[]::new));
  }

  private static Dataset<Row> sumPerKey(Dataset<Row> rows, List<String> keys, List<Measure> measures) {
    Column[] aggs = measures.stream().map(m -> sum(col(m.name())).cast(m.type()).as(m.name()))
        .toArray(Column[]::new);
    return rows.groupBy(keys.stream().map(k -> col(k)).toArray(Column[]::new))
        .agg(aggs[0], java.util.Arrays.copyOfRange(aggs, 1, aggs.length));
  }

  /**
   * The rows of {@code gold.customer_daily} for {@code dates} (ascending and consecutive): for each
   * date D, the change D brought to the orders it touched, or for the first date under {@code base}
   * the whole state as of it. All dates in one plan.
   *
   * @param silver every version ({@link SilverSnapshot#read}), not reduced
   */
  public static Dataset<Row> customerDaily(SilverSnapshot silver, List<LocalDate> dates, boolean base) {
    return daily(silver, dates, base, CUSTOMER, "customer_id", DailyMeasures::customerMeasures);
  }

  /** The rows of {@code gold.sku_daily} for {@code dates}, as {@link #customerDaily}. */
  public static Dataset<Row> skuDaily(SilverSnapshot silver, List<LocalDate> dates, boolean base) {
    return daily(silver, dates, base, SKU, "sku", DailyMeasures::skuMeasures);
  }

  /**
   * {@code measures(as of D) - measures(as of D-1)} per key for each D of {@code dates}, over the
   * orders D touched (the others did not change), dropping keys where every measure is zero,
   * stamped with {@code known_date} D. Under {@code base} the first date's rows are the measures of
   * every order known by it. Each order is measured as of the dates it is needed for
   * ({@link SilverSnapshot#asOfFor}, scoped by as_of_date and for_date), so a range costs what its
   * nights would, in one plan.
   */
  private static Dataset<Row> daily(SilverSnapshot silver, List<LocalDate> dates, boolean base,
      List<Measure> measures, String key, java.util.function.Function<SilverSnapshot, Dataset<Row>> measure) {
    LocalDate from = dates.get(0);
    LocalDate to = dates.get(dates.size() - 1);
    Column forDate = col(AsOfScope.FOR_DATE);
    Dataset<Row> touched = silver.ordersTouchedIn(base ? from.plusDays(1) : from, to);
    Dataset<Row> wanted = touched.select(forDate.as(AsOfScope.AS_OF), forDate, col("order_id"))
        .union(touched.select(date_sub(forDate, 1).as(AsOfScope.AS_OF), forDate, col("order_id")));
    if (base) {
      Column first = lit(Date.valueOf(from));
      wanted = wanted.union(silver.orders().filter(col("known_at").leq(first))
          .select(first.as(AsOfScope.AS_OF), first.as(AsOfScope.FOR_DATE), col("order_id")));
    }
    // The measures as of the day a row is for count in, those as of the day before count out.
    Column now = col(AsOfScope.AS_OF).equalTo(forDate);
    List<Column> signed = new ArrayList<>(List.of(forDate.as("known_date"), col(key), col("event_date")));
    measures.forEach(m -> signed.add(when(now, col(m.name())).otherwise(col(m.name()).multiply(-1))
        .cast(m.type()).as(m.name())));
    Column anyNonZero = lit(false);
    for (Measure m : measures) {
      anyNonZero = anyNonZero.or(col(m.name()).notEqual(0));
    }
    List<Column> out = new ArrayList<>(List.of(col(key), col("event_date"), col("known_date")));
    measures.forEach(m -> out.add(col(m.name())));
    return sumPerKey(measure.apply(silver.asOfFor(wanted)).select(signed.toArray(Column[]::new)),
        List.of("known_date", key, "event_date"), measures)
        .filter(anyNonZero)
        .select(out.toArray(Column[]::new));
  }
}
