package dev.boomerang.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.boomerang.common.AsOfScope;
import dev.boomerang.common.Cols;
import dev.boomerang.common.Delta;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.common.UserError;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The silver inputs of the features, each with its contract columns plus {@code known_at}. The
 * versioned entities (customers, products, returns, claims) are their {@code _history} tables,
 * every version. {@link #asOf} turns them into what the pipeline knew at the end of a day: rows with
 * {@code known_at <= D}, and for versioned entities the latest such version per key.
 * {@link #asOfEach} does so for several dates at once: each row is then repeated for every date
 * that knows it and carries that date in {@code as_of_date} ({@link AsOfScope}), so one plan
 * computes what a run per date would. Pure: no I/O beyond {@link #read}.
 */
public record SilverSnapshot(Dataset<Row> customers, Dataset<Row> products, Dataset<Row> orders,
    Dataset<Row> orderLines, Dataset<Row> shipments, Dataset<Row> events, Dataset<Row> returns,
    Dataset<Row> refunds, Dataset<Row> claims, Dataset<Row> fraudReviews) {

  /** Reads the silver tables (history tables for the versioned entities), contract columns and known_at. */
  public static SilverSnapshot read(SparkSession spark, Lake lake) {
    return new SilverSnapshot(
        typed(lake, spark, Tables.silver("customers_history"), Contract.CUSTOMERS),
        typed(lake, spark, Tables.silver("products_history"), Contract.PRODUCTS),
        typed(lake, spark, Tables.silver("orders"), Contract.ORDERS),
        typed(lake, spark, Tables.silver("order_lines"), Contract.ORDER_LINES),
        typed(lake, spark, Tables.silver("shipments"), Contract.SHIPMENTS),
        typed(lake, spark, Tables.silver("tracking_events"), Contract.TRACKING_EVENTS),
        typed(lake, spark, Tables.silver("returns_history"), Contract.RETURNS),
        typed(lake, spark, Tables.silver("refunds"), Contract.REFUNDS),
        typed(lake, spark, Tables.silver("claims_history"), Contract.CLAIMS),
        typed(lake, spark, Tables.silver("fraud_reviews"), Contract.FRAUD_REVIEWS));
  }

  private static Dataset<Row> typed(Lake lake, SparkSession spark, String table, Entity e) {
    List<Column> cols = new java.util.ArrayList<>(e.columnNames().stream().map(c -> col(c)).toList());
    cols.add(col("known_at"));
    if (!lake.exists(spark, table)) {
      throw new UserError("table " + table + " does not exist in lake " + lake.root()
          + "; features need silver: run the ingestion first");
    }
    return lake.read(spark, table).select(cols.toArray(Column[]::new));
  }

  /** Every input cached: for loops that take many snapshots of the same tables. */
  public SilverSnapshot cached() {
    return new SilverSnapshot(customers.cache(), products.cache(), orders.cache(), orderLines.cache(),
        shipments.cache(), events.cache(), returns.cache(), refunds.cache(), claims.cache(), fraudReviews.cache());
  }

  /** Releases what {@link #cached} kept. */
  public void unpersist() {
    for (Dataset<Row> t : List.of(customers, products, orders, orderLines, shipments, events, returns, refunds,
        claims, fraudReviews)) {
      t.unpersist();
    }
  }

  /** One row per date, in column {@code as_of_date}: the dates {@link #asOfEach} and the features take. */
  public static Dataset<Row> dates(SparkSession spark, List<LocalDate> dates) {
    return spark.createDataFrame(dates.stream().map(d -> RowFactory.create(Date.valueOf(d))).toList(),
        new StructType().add(AsOfScope.AS_OF, DataTypes.DateType, false));
  }

  /**
   * {@code rows} repeated for each of {@code dates} (one column, as_of_date) that the condition,
   * over the rows' columns and as_of_date, selects; the dates are broadcast.
   */
  public static Dataset<Row> perDate(Dataset<Row> rows, Dataset<Row> dates, Column condition) {
    return rows.join(broadcast(dates), condition, "inner");
  }

  /** {@link #asOf} for every date of {@code dates} at once, each row tagged with its as_of_date. */
  public SilverSnapshot asOfEach(Dataset<Row> dates) {
    return knownBy(t -> perDate(t, dates, col("known_at").leq(col(AsOfScope.AS_OF))));
  }

  /**
   * The given orders, each as of its own dates: {@code orderDates} holds order_id and the scope
   * columns ({@link AsOfScope}) that say as of when, and every row of the order known by that
   * as_of_date is repeated for each. Customers, products and reviews are taken as of each distinct
   * scope. The cost follows the orders listed, not the lake: the nightly measures of the orders a
   * day touched.
   */
  public SilverSnapshot asOfFor(Dataset<Row> orderDates) {
    List<String> scope = AsOfScope.of(orderDates);
    Dataset<Row> ids = orderDates.select(AsOfScope.cols(null, scope, "order_id")).distinct().localCheckpoint();
    Column known = col("known_at").leq(col(AsOfScope.AS_OF));
    java.util.function.Function<Dataset<Row>, Dataset<Row>> ofOrders =
        t -> t.join(ids, Cols.using("order_id")).filter(known);
    Dataset<Row> ships = ofOrders.apply(shipments);
    Dataset<Row> rmas = latest(ofOrders.apply(returns), Contract.RETURNS);
    // Scans of the outbound parcels and of the return parcels (label used, parcel on its way back).
    Dataset<Row> parcels = ships.select(AsOfScope.cols(null, scope, "carrier", "tracking_id"))
        .union(rmas.select(AsOfScope.with(null, scope, col("return_carrier").as("carrier"),
            col("return_tracking_id").as("tracking_id"))))
        .distinct();
    Dataset<Row> scopes = ids.select(AsOfScope.cols(null, scope)).distinct();
    java.util.function.Function<Dataset<Row>, Dataset<Row>> ofScopes = t -> perDate(t, scopes, known);
    return new SilverSnapshot(
        latest(ofScopes.apply(customers), Contract.CUSTOMERS),
        latest(ofScopes.apply(products), Contract.PRODUCTS),
        ofOrders.apply(orders), ofOrders.apply(orderLines), ships,
        events.join(parcels, Cols.using("carrier", "tracking_id")).filter(known),
        rmas, ofOrders.apply(refunds),
        latest(ofOrders.apply(claims), Contract.CLAIMS),
        ofScopes.apply(fraudReviews));
  }

  /** The scope columns of the snapshot's rows ({@link AsOfScope}); empty for one of {@link #asOf}. */
  public List<String> scope() {
    return AsOfScope.of(orders);
  }

  /** Everything known by the end of {@code d}; versioned entities reduced to their latest known version. */
  public SilverSnapshot asOf(LocalDate d) {
    return knownBy(t -> t.filter(col("known_at").leq(lit(Date.valueOf(d)))));
  }

  /** Every input through {@code known}; the versioned ones then reduced to their latest version per key. */
  private SilverSnapshot knownBy(java.util.function.UnaryOperator<Dataset<Row>> known) {
    return new SilverSnapshot(
        latest(known.apply(customers), Contract.CUSTOMERS),
        latest(known.apply(products), Contract.PRODUCTS),
        known.apply(orders), known.apply(orderLines), known.apply(shipments), known.apply(events),
        latest(known.apply(returns), Contract.RETURNS),
        known.apply(refunds),
        latest(known.apply(claims), Contract.CLAIMS),
        known.apply(fraudReviews));
  }

  private static Dataset<Row> latest(Dataset<Row> versions, Entity e) {
    List<String> keys = new java.util.ArrayList<>(AsOfScope.of(versions));
    keys.addAll(e.key());
    return Delta.latestPerKey(versions, keys,
        List.of(col(e.versionColumn()).desc(), col("known_at").desc()));
  }

  /**
   * Orders whose order-scoped measures may have changed on a day from {@code from} to {@code to},
   * with that day as {@code for_date}: any row of the order, its lines, shipments, returns, refunds
   * or claims first known then, or a scan of its parcel known then. Return-parcel scans do not
   * change any daily measure and are left out. Read from every version ({@link #read}).
   */
  public Dataset<Row> ordersTouchedIn(LocalDate from, LocalDate to) {
    Column on = col("known_at").between(lit(Date.valueOf(from)), lit(Date.valueOf(to)));
    Column day = col("known_at").as(AsOfScope.FOR_DATE);
    Dataset<Row> scanned = events.filter(on).select(col("carrier"), col("tracking_id"), day).distinct()
        .join(shipments.select("carrier", "tracking_id", "order_id"), Cols.using("carrier", "tracking_id"), "inner")
        .select(AsOfScope.FOR_DATE, "order_id");
    return orders.filter(on).select(day, col("order_id"))
        .union(orderLines.filter(on).select(day, col("order_id")))
        .union(shipments.filter(on).select(day, col("order_id")))
        .union(scanned)
        .union(returns.filter(on).select(day, col("order_id")))
        .union(refunds.filter(on).select(day, col("order_id")))
        .union(claims.filter(on).select(day, col("order_id")))
        .distinct();
  }
}
