package dev.boomerang.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

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
import org.apache.spark.sql.SparkSession;

/**
 * The silver inputs of the features, each with its contract columns plus {@code known_at}. The
 * versioned entities (customers, products, returns, claims) are their {@code _history} tables,
 * every version. {@link #asOf} turns them into what the pipeline knew at the end of a day: rows with
 * {@code known_at <= D}, and for versioned entities the latest such version per key. Pure: no I/O
 * beyond {@link #read}.
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

  /**
   * Every input computed now and kept in executor memory with its lineage cut. A snapshot feeds
   * many joins and aggregations; from a materialized one each plan starts at a scan of small
   * in-memory tables instead of re-planning (and re-running) the version reduction each time.
   */
  public SilverSnapshot materialized() {
    return new SilverSnapshot(customers.localCheckpoint(), products.localCheckpoint(), orders.localCheckpoint(),
        orderLines.localCheckpoint(), shipments.localCheckpoint(), events.localCheckpoint(),
        returns.localCheckpoint(), refunds.localCheckpoint(), claims.localCheckpoint(),
        fraudReviews.localCheckpoint());
  }

  /** Releases what {@link #cached} kept. */
  public void unpersist() {
    for (Dataset<Row> t : List.of(customers, products, orders, orderLines, shipments, events, returns, refunds,
        claims, fraudReviews)) {
      t.unpersist();
    }
  }

  /** Everything known by the end of {@code d}; versioned entities reduced to their latest known version. */
  public SilverSnapshot asOf(LocalDate d) {
    Column known = col("known_at").leq(lit(Date.valueOf(d)));
    return new SilverSnapshot(
        latest(customers.filter(known), Contract.CUSTOMERS),
        latest(products.filter(known), Contract.PRODUCTS),
        orders.filter(known), orderLines.filter(known), shipments.filter(known), events.filter(known),
        latest(returns.filter(known), Contract.RETURNS),
        refunds.filter(known),
        latest(claims.filter(known), Contract.CLAIMS),
        fraudReviews.filter(known));
  }

  private static Dataset<Row> latest(Dataset<Row> versions, Entity e) {
    return Delta.latestPerKey(versions, e.key(),
        List.of(col(e.versionColumn()).desc(), col("known_at").desc()));
  }

  /**
   * The order-scoped inputs restricted to the given orders (one column {@code order_id}): orders,
   * lines, shipments, returns, refunds, claims, and the scans of their outbound and return parcels. Customers, products and
   * reviews are kept whole. Used by the nightly increment to recompute only the orders a day touched.
   */
  public SilverSnapshot forOrders(Dataset<Row> orderIds) {
    Dataset<Row> ids = orderIds.select("order_id").distinct().localCheckpoint();
    Dataset<Row> ships = shipments.join(ids, Cols.using("order_id"), "left_semi");
    Dataset<Row> rmas = returns.join(ids, Cols.using("order_id"), "left_semi");
    // Scans of the outbound parcels and of the return parcels (label used, parcel on its way back).
    Dataset<Row> parcels = ships.select("carrier", "tracking_id")
        .union(rmas.select(col("return_carrier").as("carrier"), col("return_tracking_id").as("tracking_id")))
        .distinct();
    return new SilverSnapshot(customers, products,
        orders.join(ids, Cols.using("order_id"), "left_semi"),
        orderLines.join(ids, Cols.using("order_id"), "left_semi"),
        ships,
        events.join(parcels, Cols.using("carrier", "tracking_id"), "left_semi"),
        rmas,
        refunds.join(ids, Cols.using("order_id"), "left_semi"),
        claims.join(ids, Cols.using("order_id"), "left_semi"),
        fraudReviews);
  }

  /**
   * Orders whose order-scoped measures may have changed on day {@code d}: any row of the order, its
   * lines, shipments, returns, refunds or claims first known on d, or a scan of its parcel known on d.
   * Return-parcel scans do not change any daily measure and are left out.
   */
  public Dataset<Row> ordersTouchedOn(LocalDate d) {
    Column on = col("known_at").equalTo(lit(Date.valueOf(d)));
    Dataset<Row> scanned = events.filter(on).select("carrier", "tracking_id").distinct()
        .join(shipments, Cols.using("carrier", "tracking_id"), "inner").select("order_id");
    return orders.filter(on).select("order_id")
        .union(orderLines.filter(on).select("order_id"))
        .union(shipments.filter(on).select("order_id"))
        .union(scanned)
        .union(returns.filter(on).select("order_id"))
        .union(refunds.filter(on).select("order_id"))
        .union(claims.filter(on).select("order_id"))
        .distinct();
  }
}
