package dev.boomerang.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boomerang.contract.Contract;
import dev.boomerang.testing.Fixtures;
import dev.boomerang.testing.SparkTest;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ParcelStatusTest extends SparkTest {

  private Dataset<Row> shipments() {
    return Fixtures.silver(spark, Contract.SHIPMENTS,
        new String[] {"S1", "O1", "DHL", "T1", "STANDARD", "true", "2025-10-01T10:00:00Z", "2025-10-03", "2025-10-01"},
        new String[] {"S2", "O2", "UPS", "T2", "STANDARD", "false", "2025-10-01T10:00:00Z", "2025-10-04", "2025-10-01"},
        new String[] {"S3", "O3", "DHL", "T3", "EXPEDITED", "false", "2025-10-02T10:00:00Z", "2025-10-03", "2025-10-02"},
        // T1 recycled by DHL for a parcel shipped half a year later
        new String[] {"S4", "O4", "DHL", "T1", "STANDARD", "false", "2026-04-01T10:00:00Z", "2026-04-03", "2026-04-01"});
  }

  private static final String[][] SCANS = {
      {"DHL", "T1", "2025-10-01T12:00:00Z", "IN_TRANSIT", "Leipzig", null, "e1", "2025-10-01"},
      {"DHL", "T1", "2025-10-05T09:30:00+02:00", "DELIVERED", "Berlin", "K. MEYER", "e2", "2025-10-05"},
      {"DHL", "T1", "2025-10-04T08:00:00Z", "OUT_FOR_DELIVERY", "Berlin", null, "e3", "2025-10-06"},
      {"UPS", "T2", "2025-10-01T18:00:00Z", "IN_TRANSIT", null, null, "u1", "2025-10-01"},
      {"UPS", "T2", "2025-10-08T18:00:00Z", "LOST", null, null, "u2", "2025-10-08"},
      {"DHL", "T1", "2026-04-02T12:00:00Z", "DELIVERED", "Hamburg", null, "e9", "2026-04-02"},
  };

  private List<String> statusRows(Dataset<Row> events) {
    return ParcelStatus.shipmentStatus(shipments(), events).orderBy("shipment_id").collectAsList().stream()
        .map(r -> String.join("|", r.getAs("shipment_id"), String.valueOf(r.<Object>getAs("first_scan_ts")),
            String.valueOf(r.<Object>getAs("delivered_ts")), String.valueOf(r.<Object>getAs("signed_by")),
            String.valueOf(r.<Object>getAs("is_delivered")), String.valueOf(r.<Object>getAs("is_lost")),
            String.valueOf(r.<Object>getAs("days_late")), String.valueOf(r.<Object>getAs("event_count")),
            String.valueOf(r.<Object>getAs("last_status")), String.valueOf(r.<Object>getAs("known_at"))))
        .toList();
  }

  @Test
  void derivesDeliveryLossLatenessAndIgnoresRecycledCodes() {
    List<String> rows = statusRows(Fixtures.silver(spark, Contract.TRACKING_EVENTS, SCANS));
    assertEquals(List.of(
        "S1|2025-10-01 12:00:00.0|2025-10-05 07:30:00.0|K. MEYER|true|false|2|3|DELIVERED|2025-10-06",
        "S2|2025-10-01 18:00:00.0|null|null|false|true|null|2|LOST|2025-10-08",
        "S3|null|null|null|false|false|null|0|null|2025-10-02",
        "S4|2026-04-02 12:00:00.0|2026-04-02 12:00:00.0|null|true|false|0|1|DELIVERED|2026-04-02"), rows,
        "S1: delivered 2 days after the promise with a signature, its late-arriving scan counted; "
            + "S2 lost; S3 has no scans; S4 sees only the scan of the recycled code's new parcel");
  }

  @Test
  void duplicateAndOutOfOrderScansGiveTheSameStatus() {
    String[][] shuffled = {SCANS[5], SCANS[2], SCANS[4], SCANS[1], SCANS[1], SCANS[0], SCANS[3], SCANS[2]};
    assertEquals(statusRows(Fixtures.silver(spark, Contract.TRACKING_EVENTS, SCANS)),
        statusRows(Fixtures.silver(spark, Contract.TRACKING_EVENTS, shuffled)));
  }
}
