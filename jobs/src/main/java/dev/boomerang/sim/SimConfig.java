package dev.boomerang.sim;

import dev.boomerang.common.UserError;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Everything the simulator needs; validated on construction. Money knobs are in cents.
 *
 * @param customers number of customer accounts
 * @param ordersPerDay baseline orders per day before seasonality (sets each account's order rate)
 * @param lateShare share of event rows (scans, return and claim versions, refunds) that arrive
 *     1-6 days late, after newer rows
 * @param duplicateShare share of those rows sent again in a later drop
 * @param abuserShare share of accounts with an abusive persona
 * @param policyChange the day the returnless-refund cap changes, or null for never
 */
public record SimConfig(LocalDate start, int days, int customers, double ordersPerDay, long seed,
                        double dirtyRate, Path out, Path truth, double lateShare, double duplicateShare,
                        double abuserShare, long returnlessCapCents, long returnlessCapAfterCents,
                        LocalDate policyChange, int skus) {

  public SimConfig {
    check(days >= 1 && days <= 3660, "--days must be between 1 and 3660, got " + days);
    check(customers >= 1 && customers <= 50_000_000, "--customers must be between 1 and 50000000, got " + customers);
    check(ordersPerDay > 0, "--orders-per-day must be > 0, got " + ordersPerDay);
    check(ordersPerDay / customers <= 5, "--orders-per-day is more than 5 orders per customer per day: use more --customers");
    check(dirtyRate >= 0 && dirtyRate <= 0.2, "--dirty-rate must be between 0 and 0.2, got " + dirtyRate);
    check(lateShare >= 0 && lateShare <= 0.5, "--late-share must be between 0 and 0.5, got " + lateShare);
    check(duplicateShare >= 0 && duplicateShare <= 0.5, "--duplicate-share must be between 0 and 0.5, got " + duplicateShare);
    check(abuserShare >= 0 && abuserShare <= 0.2, "--abuser-share must be between 0 and 0.2, got " + abuserShare);
    check(returnlessCapCents >= 0 && returnlessCapAfterCents >= 0, "returnless caps must be >= 0");
    check(skus >= 50 && skus <= 1_000_000, "--skus must be between 50 and 1000000, got " + skus);
    Path o = out.toAbsolutePath().normalize();
    Path t = truth.toAbsolutePath().normalize();
    check(!t.startsWith(o), "--truth (" + t + ") must not lie inside the landing folder " + o);
    check(!o.startsWith(t), "--out (" + o + ") must not lie inside the truth folder " + t);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new UserError(message);
    }
  }

  public LocalDate end() {
    return start.plusDays(days);
  }
}
