package dev.boomerang.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boomerang.contract.Contract;
import dev.boomerang.testing.Fixtures;
import dev.boomerang.testing.SparkTest;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ReturnLifecycleTest extends SparkTest {

  @Test
  void derivesWindowsLabelsTransitAndRefundConsistency() {
    Dataset<Row> orders = Fixtures.silver(spark, Contract.ORDERS,
        new String[] {"O1", "C1", "2025-10-01T09:00:00Z", "FBM", "amazon.de", "DE", null, "10115", "STANDARD", "4.99", "EUR", null, "2025-10-01"},
        new String[] {"O2", "C2", "2025-11-20T09:00:00Z", "FBA", "amazon.de", "DE", null, "10115", "STANDARD", "0.00", "EUR", null, "2025-11-20"});
    Dataset<Row> lines = Fixtures.silver(spark, Contract.ORDER_LINES,
        new String[] {"O1", "1", "SKU-A", "1", "50.00", "0.00", null, "2025-10-01"},
        new String[] {"O1", "2", "SKU-B", "2", "10.00", "0.00", "M", "2025-10-01"},
        new String[] {"O2", "1", "SKU-A", "1", "50.00", "0.00", null, "2025-11-20"});
    Dataset<Row> products = Fixtures.silver(spark, Contract.PRODUCTS,
        new String[] {"SKU-A", "Headphones", "Electronics", null, null, "50.00", "EUR", "300", "true", "false", "2025-09-01T00:00:00Z", "2025-09-01"},
        new String[] {"SKU-B", "T-shirt", "Apparel", null, null, "10.00", "EUR", "200", "true", "false", "2025-09-01T00:00:00Z", "2025-09-01"});
    Dataset<Row> shipments = Fixtures.silver(spark, Contract.SHIPMENTS,
        new String[] {"S1", "O1", "DHL", "T1", "STANDARD", "false", "2025-10-01T15:00:00Z", "2025-10-03", "2025-10-01"},
        new String[] {"S2", "O2", "DHL", "T2", "STANDARD", "false", "2025-11-20T15:00:00Z", "2025-11-22", "2025-11-20"});
    Dataset<Row> events = Fixtures.silver(spark, Contract.TRACKING_EVENTS,
        new String[] {"DHL", "T1", "2025-10-03T10:00:00Z", "DELIVERED", null, null, "a", "2025-10-03"},
        new String[] {"DHL", "T2", "2025-11-22T10:00:00Z", "DELIVERED", null, null, "b", "2025-11-22"},
        new String[] {"DHL", "RT1", "2025-10-06T10:00:00Z", "IN_TRANSIT", null, null, "c", "2025-10-06"});
    Dataset<Row> returns = Fixtures.silver(spark, Contract.RETURNS,
        new String[] {"R1", "O1", "1", "C1", "2025-10-05T10:00:00Z", "DEFECTIVE", "1", "REFUND",
            "2025-10-05T10:00:00Z", "2025-11-04T10:00:00Z", "DHL", "RT1", "2025-10-08T10:00:00Z", "DEFECTIVE",
            "REFUNDED", "2025-10-09T00:00:00Z", "2025-10-09"},
        new String[] {"R2", "O1", "2", "C1", "2025-10-10T10:00:00Z", "APPAREL_TOO_SMALL", "1", "REFUND",
            "2025-10-10T10:00:00Z", "2025-11-09T10:00:00Z", "DHL", "RT2", null, null,
            "AUTHORIZED", "2025-10-10T10:00:00Z", "2025-10-10"},
        new String[] {"R3", "O2", "1", "C2", "2026-01-20T10:00:00Z", "UNWANTED_ITEM", "1", "RETURNLESS_REFUND",
            null, null, null, null, null, null, "REFUNDED", "2026-01-20T10:00:00Z", "2026-01-20"},
        new String[] {"R4", "O1", "2", "C1", "2025-11-10T10:00:00Z", "FOUND_BETTER_PRICE", "1", "REFUND",
            null, null, null, null, "2025-11-14T10:00:00Z", "SELLABLE", "REFUNDED", "2025-11-15T00:00:00Z", "2025-11-15"});
    Dataset<Row> refunds = Fixtures.silver(spark, Contract.REFUNDS,
        new String[] {"F1", "O1", "1", "R1", null, "2025-10-12T10:00:00Z", "50.00", "4.99", "EUR", "ORIGINAL_PAYMENT", "false", "SELLER", "2025-10-12"},
        new String[] {"F3", "O2", "1", "R3", null, "2026-01-21T10:00:00Z", "50.00", "0.00", "EUR", "ORIGINAL_PAYMENT", "true", "MARKETPLACE", "2026-01-21"},
        new String[] {"F4", "O1", "2", "R4", null, "2025-11-15T10:00:00Z", "10.00", "4.99", "EUR", "ORIGINAL_PAYMENT", "false", "SELLER", "2025-11-15"});

    Dataset<Row> lifecycle = ReturnLifecycle.derive(returns, lines, orders, products,
        ParcelStatus.shipmentStatus(shipments, events), events, refunds,
        org.apache.spark.sql.functions.lit(java.sql.Date.valueOf("2026-01-25")));

    List<String> got = lifecycle.orderBy("rma_id").selectExpr(
        "concat_ws('|', rma_id, category, cast(is_holiday_purchase as string), cast(return_window_end as string),"
            + " cast(is_within_window as string), cast(days_delivery_to_request as string), responsibility,"
            + " cast(is_size_related as string), cast(is_label_expired_unused as string),"
            + " coalesce(cast(days_in_transit_back as string), 'null'), cast(refund_item_amount as string),"
            + " cast(refund_shipping_amount as string), cast(is_returnless as string),"
            + " coalesce(cast(is_shipping_refund_consistent as string), 'null'), cast(known_at as string))")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();

    assertEquals(List.of(
        "R1|Electronics|false|2025-11-02|true|2.0|SELLER|false|false|2.0|50.00|4.99|false|true|2025-10-12",
        "R2|Apparel|false|2025-11-02|true|7.0|BUYER|true|true|null|0.00|0.00|false|null|2025-10-10",
        "R3|Electronics|true|2026-01-31|true|59.0|BUYER|false|false|null|50.00|0.00|true|true|2026-01-21",
        "R4|Apparel|false|2025-11-02|false|38.0|BUYER|false|false|null|10.00|4.99|false|false|2025-11-15"),
        got,
        "R1 seller fault refunds shipping; R2's unused label expired; R3 holiday purchase returnable until 31 Jan;"
            + " R4 outside the window and a buyer-remorse return wrongly refunded the shipping fee");
  }
}
