package dev.boomerang.adapters;

import static dev.boomerang.adapters.Values.iso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.boomerang.common.UserError;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Carrier tracking JSON (AfterShip trackings, EasyPost trackers) → {@code tracking_events}: one row
 * per checkpoint / tracking detail. Accepts a single object, an array, AfterShip's API and webhook
 * envelopes ({@code {"data":{"tracking":…}}}, {@code {"data":{"trackings":[…]}}},
 * {@code {"msg":{…}}}) and EasyPost Event objects ({@code {"object":"Event","result":{…}}}) and
 * lists ({@code {"trackers":[…]}}). See {@code docs/REAL-DATA.md} for the status mappings.
 */
public final class TrackingImport {

  public enum Format { aftership, easypost }

  public record Args(Format format, List<Path> files, LocalDate date, Path landing) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private TrackingImport() {}

  public static ImportResult run(Args a) {
    Drop drop = new Drop("tracking-" + a.format());
    OffsetDateTime latest = null;
    StringBuilder hash = new StringBuilder();
    for (Path f : a.files()) {
      JsonNode root;
      try {
        root = JSON.readTree(f.toFile());
      } catch (IOException e) {
        throw new UserError("cannot parse " + f + " as JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
      }
      hash.append(f.toAbsolutePath().normalize()).append('\n').append(root).append('\n');
      List<JsonNode> trackings = new ArrayList<>();
      unwrap(root, trackings);
      if (trackings.isEmpty()) {
        throw new UserError(f + " holds no " + a.format() + " tracking object (expected "
            + (a.format() == Format.aftership ? "tracking_number and checkpoints" : "tracking_code and tracking_details") + ")");
      }
      String file = f.getFileName().toString();
      for (int i = 0; i < trackings.size(); i++) {
        OffsetDateTime t = a.format() == Format.aftership
            ? aftership(trackings.get(i), file, i + 1, drop) : easypost(trackings.get(i), file, i + 1, drop);
        latest = AmazonImport.max(latest, t);
      }
    }
    LocalDate date = a.date() != null ? a.date()
        : latest == null ? null : latest.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    if (date == null) {
      throw new UserError("no dated scan in " + a.files() + ": give --date for the drop");
    }
    String name = "tracking-" + a.format() + "-" + Hashes.sha256(hash.toString()).substring(0, 12);
    return new ImportResult(date, drop.write(a.landing(), date, name), drop);
  }

  /** Tracking objects inside any of the accepted envelopes. */
  static void unwrap(JsonNode n, List<JsonNode> out) {
    if (n == null || n.isNull()) {
      return;
    }
    if (n.isArray()) {
      n.forEach(x -> unwrap(x, out));
    } else if (n.has("tracking_number") || n.has("tracking_code")) {
      out.add(n);
    } else {
      for (String k : new String[] {"msg", "result", "data", "tracking", "trackings", "trackers"}) {
        if (n.has(k)) {
          unwrap(n.get(k), out);
        }
      }
    }
  }

  /** AfterShip tag (and subtag for returns and losses) → our status; unknown tags pass on raw. */
  static String aftershipStatus(String tag, String subtag) {
    String sub = subtag == null ? "" : subtag;
    if (sub.equals("Exception_010") || sub.equals("Exception_011")) {
      return "RETURNED_TO_SENDER";
    }
    if (sub.equals("Exception_013")) {
      return "LOST";
    }
    return switch (tag == null ? "" : tag) {
      case "InfoReceived", "Pending" -> "LABEL_CREATED";
      case "InTransit" -> "IN_TRANSIT";
      case "OutForDelivery" -> "OUT_FOR_DELIVERY";
      case "AttemptFail", "AvailableForPickup" -> "DELIVERY_ATTEMPTED";
      case "Delivered" -> "DELIVERED";
      case "Exception", "Expired" -> "EXCEPTION";
      default -> tag == null ? null : tag.toUpperCase(Locale.ROOT);
    };
  }

  /** EasyPost status → our status; cancelled, unknown and anything new pass on raw. */
  static String easypostStatus(String status) {
    return switch (status == null ? "" : status) {
      case "pre_transit" -> "LABEL_CREATED";
      case "in_transit" -> "IN_TRANSIT";
      case "out_for_delivery" -> "OUT_FOR_DELIVERY";
      case "available_for_pickup" -> "DELIVERY_ATTEMPTED";
      case "delivered" -> "DELIVERED";
      case "return_to_sender" -> "RETURNED_TO_SENDER";
      case "failure", "error" -> "EXCEPTION";
      default -> status == null ? null : status.toUpperCase(Locale.ROOT);
    };
  }

  /** Carrier code: upper case letters and digits ({@code royal-mail} → {@code ROYALMAIL}). */
  static String carrier(String raw) {
    return raw == null ? null : raw.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
  }

  private static OffsetDateTime aftership(JsonNode t, String file, int n, Drop drop) {
    String carrier = carrier(text(t, "slug"));
    String code = text(t, "tracking_number");
    List<Map<String, String>> events = new ArrayList<>();
    OffsetDateTime latest = null;
    for (JsonNode c : t.path("checkpoints")) {
      String location = text(c, "location");
      if (location == null) {
        location = join(text(c, "city"), text(c, "state"), text(c, "zip"), text(c, "country_iso3"), text(c, "country_name"));
      }
      OffsetDateTime ts = event(drop, file, n, c, carrier, code, text(c, "checkpoint_time"),
          aftershipStatus(text(c, "tag"), text(c, "subtag")), text(c, "message"), location, events);
      latest = AmazonImport.max(latest, ts);
    }
    finish(drop, events, text(t, "signed_by"));
    return latest;
  }

  private static OffsetDateTime easypost(JsonNode t, String file, int n, Drop drop) {
    String carrier = carrier(text(t, "carrier"));
    String code = text(t, "tracking_code");
    List<Map<String, String>> events = new ArrayList<>();
    OffsetDateTime latest = null;
    for (JsonNode d : t.path("tracking_details")) {
      JsonNode loc = d.path("tracking_location");
      String location = join(text(loc, "city"), text(loc, "state"), text(loc, "zip"), text(loc, "country"));
      OffsetDateTime ts = event(drop, file, n, d, carrier, code, text(d, "datetime"),
          easypostStatus(text(d, "status")), text(d, "message"), location, events);
      latest = AmazonImport.max(latest, ts);
    }
    finish(drop, events, text(t, "signed_by"));
    return latest;
  }

  /** One scan; the time must carry an offset, since the instant is what the pipeline keeps. */
  private static OffsetDateTime event(Drop drop, String file, int n, JsonNode scan, String carrier, String code,
                                      String time, String status, String message, String location,
                                      List<Map<String, String>> events) {
    Entity e = Contract.TRACKING_EVENTS;
    if (carrier == null || code == null || time == null || status == null) {
      drop.reject(e, file, n, "missing_required", "needs carrier/slug, tracking code, scan time and status", scan.toString());
      return null;
    }
    OffsetDateTime ts;
    try {
      ts = OffsetDateTime.parse(time);
    } catch (java.time.format.DateTimeParseException ex) {
      drop.reject(e, file, n, "bad_format", "scan time '" + time + "' has no offset: its instant is unknown", scan.toString());
      return null;
    }
    if (!Contract.TRACKING_STATUSES.contains(status)) {
      drop.flag(e, "unknown_status");
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put("carrier", carrier);
    m.put("tracking_id", code);
    m.put("event_ts", iso(ts));
    m.put("status", status);
    m.put("location", location);
    m.put("signed_by", null);
    // the carriers give no scan id; a hash of what identifies the scan makes re-imports idempotent
    m.put("event_id", Hashes.sha256(carrier + "|" + code + "|" + ts.toInstant() + "|" + status + "|"
        + (message == null ? "" : message)).substring(0, 20));
    m.put("src_message", message);
    events.add(m);
    return ts;
  }

  /** Puts the tracking's {@code signed_by} on its latest DELIVERED scan and adds the rows. */
  private static void finish(Drop drop, List<Map<String, String>> events, String signedBy) {
    Map<String, String> delivered = null;
    for (Map<String, String> m : events) {
      if ("DELIVERED".equals(m.get("status")) && (delivered == null
          || OffsetDateTime.parse(m.get("event_ts")).isAfter(OffsetDateTime.parse(delivered.get("event_ts"))))) {
        delivered = m;
      }
    }
    if (delivered != null && signedBy != null && !signedBy.isBlank()) {
      delivered.put("signed_by", signedBy.trim());
    }
    events.forEach(m -> drop.add(Contract.TRACKING_EVENTS, m));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
  }

  private static String join(String... parts) {
    List<String> p = new ArrayList<>();
    for (String s : parts) {
      if (s != null && !p.contains(s)) {
        p.add(s);
      }
    }
    return p.isEmpty() ? null : String.join(", ", p);
  }
}
