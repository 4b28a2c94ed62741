package dev.boomerang.sim;

/**
 * Carriers and their service model: transit days for a standard parcel, the share of parcels
 * delivered after the promised date, the share lost, and the share with a failed first attempt.
 * Rates sit in the range published for European parcel carriers; each differs so that a
 * per-carrier analysis has something to find.
 */
enum Carrier {
  DHL("JJD", 1, 2, 0.05, 0.003, 0.05),
  DPD("0", 1, 2, 0.08, 0.005, 0.06),
  HERMES("H", 2, 3, 0.12, 0.010, 0.08),
  UPS("1Z", 1, 2, 0.04, 0.002, 0.04),
  AMZL("TBA", 1, 2, 0.06, 0.004, 0.05),
  ROYALMAIL("RM", 1, 3, 0.09, 0.006, 0.06),
  EVRI("T", 2, 4, 0.14, 0.012, 0.09);

  final String prefix;
  final int minTransit;
  final int maxTransit;
  final double delayRate;
  final double lossRate;
  final double failedAttemptRate;

  Carrier(String prefix, int minTransit, int maxTransit, double delayRate, double lossRate, double failedAttemptRate) {
    this.prefix = prefix;
    this.minTransit = minTransit;
    this.maxTransit = maxTransit;
    this.delayRate = delayRate;
    this.lossRate = lossRate;
    this.failedAttemptRate = failedAttemptRate;
  }

  /** A tracking code unique per carrier for a parcel number. */
  String trackingId(long parcelNo) {
    return switch (this) {
      case ROYALMAIL -> prefix + Fmt.pad(parcelNo, 11) + "GB";
      case UPS -> prefix + "A4X" + Fmt.pad(parcelNo, 13);
      default -> prefix + Fmt.pad(parcelNo, 14);
    };
  }
}
