package dev.boomerang.adapters;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * Parses the value formats real exports use and formats them the contract's way. A value that
 * does not parse raises {@link BadValue}, which the adapters turn into a rejected row.
 */
public final class Values {
  private Values() {}

  /** A cell that does not parse; the message names the value and the formats expected. */
  public static final class BadValue extends RuntimeException {
    public BadValue(String message) {
      super(message);
    }
  }

  private static final DateTimeFormatter UTC_SUFFIX =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter DAY_MON_YEAR = new DateTimeFormatterBuilder()
      .parseCaseInsensitive().appendPattern("dd-MMM-uuuu").toFormatter(Locale.ENGLISH)
      .withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);

  /**
   * A point in time from ISO-8601 with an offset ({@code 2025-07-10T09:12:00+02:00}, {@code Z}),
   * {@code yyyy-MM-dd HH:mm:ss UTC}, or a bare date ({@code 10-Jul-2025} in English,
   * {@code yyyy-MM-dd}), which is read as midnight UTC because the reports give no time for it.
   * A date-time without an offset is refused: its instant is unknown.
   */
  public static OffsetDateTime timestamp(String v) {
    if (v == null) {
      return null;
    }
    String s = v.trim();
    try {
      return OffsetDateTime.parse(s);
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      return LocalDateTime.parse(s, UTC_SUFFIX).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      return LocalDate.parse(s, DAY_MON_YEAR).atStartOfDay().atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      return LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      throw new BadValue("'" + s + "' is not a date-time with offset, 'yyyy-MM-dd HH:mm:ss UTC', "
          + "'dd-MMM-yyyy' or 'yyyy-MM-dd'");
    }
  }

  /** ISO-8601 with the original offset kept, e.g. {@code 2025-07-10T09:12:00+02:00}. */
  public static String iso(OffsetDateTime t) {
    return t == null ? null : t.format(OUT);
  }

  /** {@code Y}/{@code N}, {@code true}/{@code false}, {@code yes}/{@code no} in any case; null stays null. */
  public static Boolean flag(String v) {
    if (v == null) {
      return null;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "y", "yes", "true" -> true;
      case "n", "no", "false" -> false;
      default -> throw new BadValue("'" + v + "' is not a flag (Y/N, true/false)");
    };
  }

  /** A decimal amount with a dot; null stays null. */
  public static BigDecimal amount(String v) {
    if (v == null) {
      return null;
    }
    try {
      return new BigDecimal(v.trim());
    } catch (NumberFormatException e) {
      throw new BadValue("'" + v + "' is not a decimal amount");
    }
  }

  public static Integer integer(String v) {
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v.trim());
    } catch (NumberFormatException e) {
      throw new BadValue("'" + v + "' is not an integer");
    }
  }

  /** Plain decimal text with two places, e.g. {@code 19.90}; null stays null. */
  public static String money(BigDecimal a) {
    return a == null ? null : a.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }

  public static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
