package dev.boomerang.sim;

import java.util.Locale;

/**
 * Planted behaviour of a customer account. Abusive personas carry the abuse type the fraud team
 * would record; {@link #RING_MEMBER} accounts share address or payment hashes and spread one
 * of the other abuses between them.
 */
enum Persona {
  NORMAL(null),
  SERIAL_RETURNER("SERIAL_RETURNER"),
  WARDROBER("WARDROBING"),
  INR_FRAUDSTER("INR_FRAUD"),
  RETURNLESS_EXPLOITER("RETURNLESS_EXPLOIT"),
  EMPTY_BOX_RETURNER("EMPTY_BOX"),
  RING_MEMBER("LINKED_ACCOUNTS");

  final String abuseType;

  Persona(String abuseType) {
    this.abuseType = abuseType;
  }

  boolean isAbuser() {
    return this != NORMAL;
  }

  String truthName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Share of all abusers that get this persona (rings counted by member accounts). */
  double shareOfAbusers() {
    return switch (this) {
      case NORMAL -> 0;
      case SERIAL_RETURNER -> 0.25;
      case WARDROBER -> 0.20;
      case INR_FRAUDSTER -> 0.15;
      case RETURNLESS_EXPLOITER -> 0.15;
      case EMPTY_BOX_RETURNER -> 0.10;
      case RING_MEMBER -> 0.15;
    };
  }
}
