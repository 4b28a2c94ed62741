package dev.boomerang.features;

import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import dev.boomerang.testing.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A tiny silver lake for the feature tests, as of 2025-03-31 (a Monday), with rows known later
 * added by {@link #late}. Hand-computed values are in the tests.
 *
 * <pre>
 * C1 (created 2024-03-31, payment fingerprint shared with C2)
 *   O1 2025-03-02 (29 days before D)  SKU-A Apparel M 40 + SKU-A L 40; delivered Sat 03-08;
 *      R1 on the L line requested Mon 03-10 APPAREL_TOO_LARGE, received SELLABLE; F1 40 refunded
 *   O2 2025-03-01 (30 days: outside 30d) SKU-B Electronics 2 x 100 - 20; delivered Tue 03-04 signed;
 *      INR claim K1; R2 1 unit requested 03-20 DEFECTIVE, received EMPTY_BOX; F2 100 + 4.99 shipping
 *   O3 2024-04-01 (364 days: inside 365d) SKU-B 100
 *   O4 2024-03-31 (365 days: lifetime only) SKU-C Home 10; R4 returnless UNWANTED_ITEM; F4 10 returnless
 * C2 (created 2025-01-01, address shared with C3)
 *   O5 2025-01-01 (89 days) SKU-B 100 + SKU-D Electronics 50; R5 on SKU-B DEFECTIVE; F5 100
 *   O6 2024-12-15 (holiday) SKU-D 50; R6 UNWANTED_ITEM, label expired 2025-02-04 unused
 *   O8 2024-12-31 (90 days: outside 90d) SKU-C 10
 * C3 no orders; reviewed CONFIRMED_ABUSE on 2025-03-01
 * C4 O7 2025-02-10 three lines of SKU-D 50; parcel LOST
 * </pre>
 */
final class TinySilver {

  private final SparkSession spark;
  final Map<Entity, List<String[]>> rows = new LinkedHashMap<>();

  TinySilver(SparkSession spark) {
    this.spark = spark;
    for (Entity e : Contract.ENTITIES) {
      rows.put(e, new ArrayList<>());
    }
    add(Contract.CUSTOMERS,
        r("C1", "2024-03-31T08:00:00Z", "DE", null, "10115", "e1", "a1", "P12", "2024-03-31T08:00:00Z", "2024-03-31"),
        r("C2", "2025-01-01T08:00:00Z", "DE", null, "10115", "e2", "A23", "P12", "2025-01-01T08:00:00Z", "2025-01-01"),
        r("C3", "2024-06-01T08:00:00Z", "DE", null, "10115", "e3", "A23", "p3", "2024-06-01T08:00:00Z", "2024-06-01"),
        r("C4", "2024-06-01T08:00:00Z", "DE", null, "10115", "e4", "a4", "p4", "2024-06-01T08:00:00Z", "2024-06-01"));
    add(Contract.PRODUCTS,
        product("SKU-A", "Apparel", "40.00"), product("SKU-B", "Electronics", "100.00"),
        product("SKU-C", "Home", "10.00"), product("SKU-D", "Electronics", "50.00"));
    add(Contract.ORDERS,
        order("O1", "C1", "2025-03-02T10:00:00Z", "5.00"), order("O2", "C1", "2025-03-01T10:00:00Z", "4.99"),
        order("O3", "C1", "2024-04-01T10:00:00Z", "0.00"), order("O4", "C1", "2024-03-31T10:00:00Z", "0.00"),
        order("O5", "C2", "2025-01-01T10:00:00Z", "0.00"), order("O6", "C2", "2024-12-15T10:00:00Z", "0.00"),
        order("O8", "C2", "2024-12-31T10:00:00Z", "0.00"), order("O7", "C4", "2025-02-10T10:00:00Z", "0.00"));
    add(Contract.ORDER_LINES,
        r("O1", "1", "SKU-A", "1", "40.00", "0.00", "M", "2025-03-02"),
        r("O1", "2", "SKU-A", "1", "40.00", "0.00", "L", "2025-03-02"),
        r("O2", "1", "SKU-B", "2", "100.00", "20.00", null, "2025-03-01"),
        r("O3", "1", "SKU-B", "1", "100.00", "0.00", null, "2024-04-01"),
        r("O4", "1", "SKU-C", "1", "10.00", "0.00", null, "2024-03-31"),
        r("O5", "1", "SKU-B", "1", "100.00", "0.00", null, "2025-01-01"),
        r("O5", "2", "SKU-D", "1", "50.00", "0.00", null, "2025-01-01"),
        r("O6", "1", "SKU-D", "1", "50.00", "0.00", null, "2024-12-15"),
        r("O8", "1", "SKU-C", "1", "10.00", "0.00", null, "2024-12-31"),
        r("O7", "1", "SKU-D", "1", "50.00", "0.00", null, "2025-02-10"),
        r("O7", "2", "SKU-D", "1", "50.00", "0.00", null, "2025-02-10"),
        r("O7", "3", "SKU-D", "1", "50.00", "0.00", null, "2025-02-10"));
    add(Contract.SHIPMENTS,
        r("S1", "O1", "DHL", "T1", "STANDARD", "false", "2025-03-03T10:00:00Z", "2025-03-07", "2025-03-03"),
        r("S2", "O2", "UPS", "T2", "STANDARD", "true", "2025-03-01T15:00:00Z", "2025-03-04", "2025-03-01"),
        r("S7", "O7", "DPD", "T7", "STANDARD", "false", "2025-02-10T15:00:00Z", "2025-02-13", "2025-02-10"));
    add(Contract.TRACKING_EVENTS,
        r("DHL", "T1", "2025-03-03T12:00:00Z", "IN_TRANSIT", null, null, "t1a", "2025-03-03"),
        r("DHL", "T1", "2025-03-08T10:00:00Z", "DELIVERED", null, null, "t1b", "2025-03-08"),
        r("UPS", "T2", "2025-03-04T12:00:00Z", "DELIVERED", null, "J DOE", "t2a", "2025-03-04"),
        r("DPD", "T7", "2025-02-11T12:00:00Z", "LOST", null, null, "t7a", "2025-02-12"));
    add(Contract.RETURNS,
        ret("R1", "O1", "2", "C1", "2025-03-10T10:00:00Z", "APPAREL_TOO_LARGE", "1", "REFUND",
            "2025-03-10T10:00:00Z", "2025-04-09T10:00:00Z", null, null, "REQUESTED", "2025-03-10T10:00:00Z", "2025-03-10"),
        ret("R1", "O1", "2", "C1", "2025-03-10T10:00:00Z", "APPAREL_TOO_LARGE", "1", "REFUND",
            "2025-03-10T10:00:00Z", "2025-04-09T10:00:00Z", "2025-03-14T10:00:00Z", "SELLABLE", "RECEIVED",
            "2025-03-14T10:00:00Z", "2025-03-14"),
        ret("R2", "O2", "1", "C1", "2025-03-20T12:00:00Z", "DEFECTIVE", "1", "REFUND",
            "2025-03-20T12:00:00Z", "2025-04-19T12:00:00Z", null, null, "REQUESTED", "2025-03-20T12:00:00Z", "2025-03-20"),
        ret("R2", "O2", "1", "C1", "2025-03-20T12:00:00Z", "DEFECTIVE", "1", "REFUND",
            "2025-03-20T12:00:00Z", "2025-04-19T12:00:00Z", "2025-03-25T10:00:00Z", "EMPTY_BOX", "RECEIVED",
            "2025-03-25T10:00:00Z", "2025-03-25"),
        ret("R4", "O4", "1", "C1", "2024-04-05T10:00:00Z", "UNWANTED_ITEM", "1", "RETURNLESS_REFUND",
            null, null, null, null, "REFUNDED", "2024-04-05T10:00:00Z", "2024-04-05"),
        ret("R5", "O5", "1", "C2", "2025-01-10T10:00:00Z", "DEFECTIVE", "1", "REFUND",
            null, null, "2025-01-15T10:00:00Z", "DEFECTIVE", "RECEIVED", "2025-01-15T10:00:00Z", "2025-01-15"),
        ret("R6", "O6", "1", "C2", "2025-01-05T10:00:00Z", "UNWANTED_ITEM", "1", "REFUND",
            "2025-01-05T10:00:00Z", "2025-02-04T10:00:00Z", null, null, "AUTHORIZED", "2025-01-05T10:00:00Z", "2025-01-05"));
    add(Contract.REFUNDS,
        r("F1", "O1", "2", "R1", null, "2025-03-15T10:00:00Z", "40.00", "0.00", "EUR", "ORIGINAL_PAYMENT", "false", "SELLER", "2025-03-15"),
        r("F2", "O2", "1", "R2", null, "2025-03-26T10:00:00Z", "100.00", "4.99", "EUR", "ORIGINAL_PAYMENT", "false", "SELLER", "2025-03-26"),
        r("F4", "O4", "1", "R4", null, "2024-04-06T10:00:00Z", "10.00", "0.00", "EUR", "ORIGINAL_PAYMENT", "true", "SELLER", "2024-04-06"),
        r("F5", "O5", "1", "R5", null, "2025-01-16T10:00:00Z", "100.00", "0.00", "EUR", "ORIGINAL_PAYMENT", "false", "SELLER", "2025-01-16"));
    add(Contract.CLAIMS,
        r("K1", "O2", "C1", "2025-03-05T10:00:00Z", "ITEM_NOT_RECEIVED", "OPEN", null, "180.00", "EUR", null,
            "2025-03-05T10:00:00Z", "2025-03-05"));
    add(Contract.FRAUD_REVIEWS,
        r("V1", "C3", "2025-03-01T10:00:00Z", "ana", "CONFIRMED_ABUSE", "LINKED_ACCOUNTS", null, "2025-03-01"));
  }

  /** Rows that become known after 2025-03-31, several of them about earlier events. */
  TinySilver late() {
    add(Contract.ORDERS, order("O9", "C1", "2025-04-01T10:00:00Z", "0.00"));
    add(Contract.ORDER_LINES, r("O9", "1", "SKU-A", "1", "40.00", "0.00", "S", "2025-04-01"));
    // A late-arriving return for an order made a year before D, requested before D.
    add(Contract.RETURNS, ret("R7", "O3", "1", "C1", "2025-03-30T10:00:00Z", "DAMAGED_BY_CARRIER", "1", "REFUND",
        null, null, null, null, "REQUESTED", "2025-03-30T10:00:00Z", "2025-04-02"));
    // A new version of R1: its received condition re-graded.
    add(Contract.RETURNS, ret("R1", "O1", "2", "C1", "2025-03-10T10:00:00Z", "APPAREL_TOO_LARGE", "1", "REFUND",
        "2025-03-10T10:00:00Z", "2025-04-09T10:00:00Z", "2025-03-14T10:00:00Z", "WRONG_ITEM", "RECEIVED",
        "2025-04-01T10:00:00Z", "2025-04-01"));
    add(Contract.REFUNDS, r("F7", "O3", "1", "R7", null, "2025-03-31T10:00:00Z", "100.00", "0.00", "EUR",
        "ORIGINAL_PAYMENT", "true", "SELLER", "2025-04-03"));
    add(Contract.CLAIMS, r("K2", "O1", "C1", "2025-03-29T10:00:00Z", "A_TO_Z", "OPEN", null, "80.00", "EUR", null,
        "2025-03-29T10:00:00Z", "2025-04-01"));
    add(Contract.TRACKING_EVENTS, r("DPD", "T7", "2025-03-30T12:00:00Z", "DELIVERED", null, "X", "t7b", "2025-04-02"));
    add(Contract.FRAUD_REVIEWS, r("V2", "C2", "2025-03-31T10:00:00Z", "bo", "WATCH", null, null, "2025-04-01"));
    add(Contract.CUSTOMERS, r("C4", "2024-06-01T08:00:00Z", "DE", null, "10115", "e1", "a4", "p4",
        "2025-03-31T08:00:00Z", "2025-04-01"));
    add(Contract.PRODUCTS, r("SKU-B", "SKU-B", "Home", null, null, "100.00", "EUR", "100", "true", "false",
        "2025-04-01T00:00:00Z", "2025-04-01"));
    return this;
  }

  static String[] r(String... v) {
    return v;
  }

  static String[] product(String sku, String category, String price) {
    return r(sku, sku, category, null, null, price, "EUR", "100", "true", "false", "2024-01-01T00:00:00Z", "2024-01-01");
  }

  static String[] order(String id, String customer, String ts, String fee) {
    return r(id, customer, ts, "FBM", "amazon.de", "DE", null, "10115", "STANDARD", fee, "EUR", null, ts.substring(0, 10));
  }

  static String[] ret(String... v) {
    // rma, order, line, customer, requested, reason, qty, resolution, label issued, label expires,
    // received, condition, status, updated, known_at; no return parcel tracking.
    return r(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], null, null, v[10], v[11], v[12], v[13], v[14]);
  }

  TinySilver add(Entity e, String[]... r) {
    rows.get(e).addAll(List.of(r));
    return this;
  }

  Dataset<Row> table(Entity e) {
    return Fixtures.silver(spark, e, rows.get(e).toArray(String[][]::new));
  }

  SilverSnapshot snapshot() {
    return new SilverSnapshot(table(Contract.CUSTOMERS), table(Contract.PRODUCTS), table(Contract.ORDERS),
        table(Contract.ORDER_LINES), table(Contract.SHIPMENTS), table(Contract.TRACKING_EVENTS),
        table(Contract.RETURNS), table(Contract.REFUNDS), table(Contract.CLAIMS), table(Contract.FRAUD_REVIEWS));
  }

  /** Writes the silver tables as ingestion would name them (history tables for versioned entities). */
  void write(Lake lake) {
    for (Entity e : Contract.ENTITIES) {
      boolean versioned = List.of("customers", "products", "returns", "claims").contains(e.name());
      String name = Tables.silver(versioned ? e.name() + "_history" : e.name());
      table(e).write().format("delta").mode("overwrite").save(lake.path(name));
    }
  }
}
