package dev.boomerang.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Fast text forms of the contract's types: timestamps as {@code yyyy-MM-ddTHH:mm:ss+HH:MM} in a
 * given zone (always with seconds, unlike {@code ISO_OFFSET_DATE_TIME}), amounts in cents as
 * {@code 12.34}. The simulator keeps times as epoch seconds and money as cents.
 */
final class Fmt {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId LONDON = ZoneId.of("Europe/London");
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
  static final long DAY = 86_400L;
  static final long HOUR = 3_600L;

  private Fmt() {}

  static String ts(long epochSecond, ZoneId zone) {
    ZoneOffset off = zone.getRules().getOffset(Instant.ofEpochSecond(epochSecond));
    LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, off);
    StringBuilder b = new StringBuilder(25);
    b.append(t.getYear()).append('-');
    two(b, t.getMonthValue()).append('-');
    two(b, t.getDayOfMonth()).append('T');
    two(b, t.getHour()).append(':');
    two(b, t.getMinute()).append(':');
    two(b, t.getSecond());
    int s = off.getTotalSeconds();
    b.append(s < 0 ? '-' : '+');
    s = Math.abs(s);
    two(b, s / 3600).append(':');
    two(b, (s % 3600) / 60);
    return b.toString();
  }

  private static StringBuilder two(StringBuilder b, int v) {
    if (v < 10) {
      b.append('0');
    }
    return b.append(v);
  }

  static String money(long cents) {
    long a = Math.abs(cents);
    StringBuilder b = new StringBuilder(12);
    if (cents < 0) {
      b.append('-');
    }
    b.append(a / 100).append('.');
    long c = a % 100;
    if (c < 10) {
      b.append('0');
    }
    return b.append(c).toString();
  }

  /** The local date of an instant in a zone. */
  static LocalDate date(long epochSecond, ZoneId zone) {
    return LocalDate.ofInstant(Instant.ofEpochSecond(epochSecond), zone);
  }

  /** Epoch second of a local date-time in a zone. */
  static long at(LocalDate d, int hour, int minute, ZoneId zone) {
    return d.atTime(hour, minute).atZone(zone).toEpochSecond();
  }

  /** A stable 64-bit mix (SplitMix64 finaliser) for seeds and pseudonymous hashes. */
  static long mix(long... parts) {
    long h = 0x9E3779B97F4A7C15L;
    for (long p : parts) {
      h ^= p + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
      h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
      h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
      h ^= h >>> 31;
    }
    return h;
  }

  static String hex(long v) {
    String s = Long.toHexString(v);
    return "0".repeat(16 - s.length()) + s;
  }

  static String pad(long v, int width) {
    String s = Long.toString(v);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }
}
