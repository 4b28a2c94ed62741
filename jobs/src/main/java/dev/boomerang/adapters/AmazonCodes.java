package dev.boomerang.adapters;

import dev.boomerang.contract.ReasonCode;
import java.util.Locale;
import java.util.Map;

/**
 * Marketplace codes mapped onto the contract's. An unknown code is never guessed: a reason comes
 * back as {@link Mapped#known()} false and keeps its raw text (ingestion quarantines it as
 * {@code not_allowed}); a disposition without a contract condition maps to none (the column is
 * optional) and the raw value stays in the row's {@code src_detailed_disposition} column.
 */
public final class AmazonCodes {
  private AmazonCodes() {}

  /** A mapped value; {@code known} false means the raw value is passed on for quarantine. */
  public record Mapped(String value, boolean known) {}

  /** Marketplace reason names (prefix stripped, hyphens as underscores) that differ from ours. */
  static final Map<String, ReasonCode> REASON_ALIASES = Map.ofEntries(
      Map.entry("BAD_DESC", ReasonCode.NOT_AS_DESCRIBED),
      Map.entry("MISORDERED", ReasonCode.ORDERED_WRONG_ITEM),
      Map.entry("ORDERED_WRONG", ReasonCode.ORDERED_WRONG_ITEM),
      Map.entry("APP_TOO_SMALL", ReasonCode.APPAREL_TOO_SMALL),
      Map.entry("APP_TOO_LARGE", ReasonCode.APPAREL_TOO_LARGE),
      Map.entry("APP_STYLE", ReasonCode.APPAREL_STYLE),
      Map.entry("BETTER_PRICE", ReasonCode.FOUND_BETTER_PRICE),
      Map.entry("PART_NOT_COMPATIBLE", ReasonCode.NOT_COMPATIBLE),
      Map.entry("INCOMPATIBLE", ReasonCode.NOT_COMPATIBLE),
      Map.entry("QUALITY", ReasonCode.QUALITY_UNACCEPTABLE),
      Map.entry("WRONG_ITEM", ReasonCode.SWITCHEROO),
      Map.entry("DAMAGED_BY_FC", ReasonCode.DAMAGED_BY_CARRIER),
      Map.entry("LATE_DELIVERY", ReasonCode.MISSED_ESTIMATED_DELIVERY),
      Map.entry("UNWANTED", ReasonCode.UNWANTED_ITEM));

  /**
   * A return reason with or without the {@code CR-} / {@code AMZ-PG-} prefix: our own code names,
   * then {@link #REASON_ALIASES}. Anything else (e.g. {@code NO_REASON_GIVEN},
   * {@code UNAUTHORIZED_PURCHASE}) is unknown.
   */
  public static Mapped reason(String raw) {
    if (raw == null) {
      return new Mapped(null, false);
    }
    String s = raw.trim().toUpperCase(Locale.ROOT);
    for (String prefix : new String[] {"AMZ-PG-", "CR-"}) {
      if (s.startsWith(prefix)) {
        s = s.substring(prefix.length());
      }
    }
    s = s.replaceAll("[\\s\\-]+", "_");
    for (ReasonCode r : ReasonCode.values()) {
      if (r.name().equals(s)) {
        return new Mapped(r.name(), true);
      }
    }
    ReasonCode alias = REASON_ALIASES.get(s);
    return alias != null ? new Mapped(alias.name(), true) : new Mapped(s, false);
  }

  /**
   * FBA {@code detailed-disposition} onto {@code returns.received_condition}. Every *_DAMAGED
   * disposition is DAMAGED (who damaged it stays in the raw column); EXPIRED and unknown ones have
   * no contract condition and map to null.
   */
  public static String condition(String disposition) {
    if (disposition == null) {
      return null;
    }
    String d = disposition.trim().toUpperCase(Locale.ROOT).replaceAll("[\\s\\-]+", "_");
    if (d.equals("SELLABLE")) {
      return "SELLABLE";
    }
    if (d.equals("DEFECTIVE")) {
      return "DEFECTIVE";
    }
    if (d.equals("DAMAGED") || d.endsWith("_DAMAGED")) {
      return "DAMAGED";
    }
    return null;
  }

  /** {@code fulfillment-channel}: Amazon (AFN) is FBA, Merchant (MFN) is FBM. */
  public static Mapped channel(String raw) {
    String s = raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT);
    return switch (s) {
      case "AMAZON", "AFN", "AMAZON_EU", "AMAZON_NA" -> new Mapped("FBA", true);
      case "MERCHANT", "MFN" -> new Mapped("FBM", true);
      default -> new Mapped(s, false);
    };
  }

  /** {@code ship-service-level}: Standard/Std…/Economy, Expedited, NextDay/SecondDay/SameDay/Priority. */
  public static Mapped serviceLevel(String raw) {
    String s = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]+", "");
    if (s.startsWith("standard") || s.startsWith("std") || s.contains("economy")) {
      return new Mapped("STANDARD", true);
    }
    if (s.startsWith("expedited")) {
      return new Mapped("EXPEDITED", true);
    }
    if (s.startsWith("nextday") || s.startsWith("secondday") || s.startsWith("sameday") || s.startsWith("priority")) {
      return new Mapped("PRIORITY", true);
    }
    return new Mapped(raw == null ? null : raw.trim().toUpperCase(Locale.ROOT), false);
  }
}
