package dev.boomerang.adapters;

import static dev.boomerang.adapters.Drops.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.adapters.TrackingImport.Args;
import dev.boomerang.adapters.TrackingImport.Format;
import dev.boomerang.common.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AfterShip and EasyPost JSON, single objects, arrays and webhook envelopes → tracking_events. */
class TrackingImportTest {

  @TempDir Path landing;

  ImportResult run(Format f, Path dir, String... files) {
    return TrackingImport.run(new Args(f, java.util.Arrays.stream(files).map(Drops::fixture).toList(), null, dir));
  }

  static Map<String, String> at(List<Map<String, String>> rows, String carrier, String time) {
    List<Map<String, String>> m = rows.stream()
        .filter(r -> r.get("carrier").equals(carrier) && r.get("event_ts").equals(time)).toList();
    assertEquals(1, m.size(), "one " + carrier + " scan at " + time + " in " + rows);
    return m.get(0);
  }

  @Test
  void aftershipTrackingAndWebhook() {
    ImportResult res = run(Format.aftership, landing, "aftership-tracking.json", "aftership-webhook.json");
    List<Map<String, String>> rows = rows(landing, "tracking_events");
    assertEquals(7, rows.size(), "4 + 3 scans; the scan without an offset is rejected: " + rows);
    Map<String, String> delivered = at(rows, "DHLGERMANY", "2025-07-03T11:20:00+02:00");
    assertEquals("DELIVERED", delivered.get("status"));
    assertEquals("M. MUELLER", delivered.get("signed_by"), "signed_by sits on the delivered scan");
    assertEquals("Berlin, DEU", delivered.get("location"));
    assertEquals("00340434292135100186", delivered.get("tracking_id"));
    assertNull(at(rows, "DHLGERMANY", "2025-07-03T07:55:00+02:00").get("signed_by"), "and only there");
    assertEquals("LABEL_CREATED", at(rows, "DHLGERMANY", "2025-07-02T18:05:00+02:00").get("status"));
    Map<String, String> tokyo = at(rows, "ROYALMAIL", "2025-07-01T09:00:00+09:00");
    assertEquals(OffsetDateTime.parse("2025-07-01T00:00:00Z").toInstant(),
        OffsetDateTime.parse(tokyo.get("event_ts")).toInstant(), "the local time keeps its instant");
    assertEquals("RETURNED_TO_SENDER", at(rows, "ROYALMAIL", "2025-07-09T16:30:00+01:00").get("status"),
        "Exception with subtag Exception_011");
    assertEquals("TELEPORTED", at(rows, "ROYALMAIL", "2025-07-10T10:00:00+01:00").get("status"),
        "an unknown tag is passed on for quarantine");
    assertEquals(List.of("tracking_events.status=TELEPORTED: not allowed"), Drops.violations(landing));
    assertEquals(LocalDate.of(2025, 7, 10), res.date(), "latest scan's UTC date");
    assertEquals(List.of("bad_format"), rows(landing.resolve("_rejected")).stream().map(r -> r.get("rule")).toList());
  }

  @Test
  void easypostArrayAndEvent() {
    run(Format.easypost, landing, "easypost-trackers.json", "easypost-event.json");
    List<Map<String, String>> rows = rows(landing, "tracking_events");
    assertEquals(7, rows.size());
    Map<String, String> delivered = at(rows, "UPS", "2025-07-04T18:45:00Z");
    assertEquals("DELIVERED", delivered.get("status"));
    assertEquals("J SMITH", delivered.get("signed_by"));
    assertEquals("DENVER, CO, 80202, US", delivered.get("location"));
    assertEquals("DELIVERY_ATTEMPTED", at(rows, "UPS", "2025-07-03T14:00:00Z").get("status"), "available_for_pickup");
    assertNull(at(rows, "UPS", "2025-07-01T15:00:00Z").get("location"), "an all-null location is empty");
    assertEquals("IN_TRANSIT", at(rows, "USPS", "2025-07-02T10:00:00Z").get("status"),
        "the same code at another carrier is another parcel");
    assertEquals("UPS", at(rows, "UPS", "2025-07-02T03:10:00Z").get("carrier"));
    assertEquals("RETURNED_TO_SENDER", at(rows, "FEDEX", "2025-07-04T18:45:00Z").get("status"), "Event.result unwrapped");
    assertEquals(List.of("tracking_events.status=CANCELLED: not allowed"), Drops.violations(landing));
  }

  @Test
  void eventIdsAreStableAcrossReimports() throws Exception {
    run(Format.easypost, landing, "easypost-trackers.json");
    Path other = landing.resolve("again");
    Files.createDirectories(other);
    run(Format.easypost, other, "easypost-trackers.json");
    List<String> first = rows(landing, "tracking_events").stream().map(r -> r.get("event_id")).sorted().toList();
    assertEquals(first, rows(other, "tracking_events").stream().map(r -> r.get("event_id")).sorted().toList());
    assertEquals(first.size(), first.stream().distinct().count(), "event ids are unique");
  }

  @Test
  void aFileWithoutTrackingsIsAnError() throws Exception {
    Path f = landing.resolve("x.json");
    Files.writeString(f, "{\"meta\":{\"code\":200}}");
    UserError e = assertThrows(UserError.class, () -> TrackingImport.run(new Args(Format.aftership, List.of(f), null, landing)));
    assertTrue(e.getMessage().contains("tracking_number"), e.getMessage());
    assertEquals(List.of(), rows(landing, "tracking_events"));
  }
}
