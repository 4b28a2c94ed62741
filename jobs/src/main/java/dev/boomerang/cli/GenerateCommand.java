package dev.boomerang.cli;

import dev.boomerang.common.UserError;
import dev.boomerang.sim.SimConfig;
import dev.boomerang.sim.Simulator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Simulates a marketplace seller and writes daily landing drops that follow data/CONTRACT.md, "
        + "with planted abusers, hard negatives, late and duplicate rows and dirty rows, plus ground truth "
        + "(never inside the landing folder). The same options give byte-identical files. See docs/SIMULATOR.md.")
public class GenerateCommand implements Callable<Integer> {

  /** Orders per customer per day when only one of --customers / --orders-per-day is given. */
  static final double ORDERS_PER_CUSTOMER_DAY = 0.06;

  @Mixin CommonOptions common;

  @Option(names = "--start", paramLabel = "DATE", defaultValue = "2025-10-01",
      description = "First drop date (default: ${DEFAULT-VALUE}).")
  LocalDate start;

  @Option(names = "--days", paramLabel = "N", defaultValue = "60", description = "Number of daily drops (default: ${DEFAULT-VALUE}).")
  int days;

  @ArgGroup(exclusive = false)
  Scale scale = new Scale();

  static class Scale {
    @Option(names = "--customers", paramLabel = "N",
        description = "Customer accounts (default 20000, or orders-per-day / " + ORDERS_PER_CUSTOMER_DAY + ").")
    Integer customers;

    @Option(names = "--orders-per-day", paramLabel = "N",
        description = "Baseline orders per day before seasonality (default customers x " + ORDERS_PER_CUSTOMER_DAY + ").")
    Double ordersPerDay;
  }

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--dirty-rate", paramLabel = "R", defaultValue = "0.005",
      description = "Share of rows followed by a dirty row; 0 writes clean data (default: ${DEFAULT-VALUE}).")
  double dirtyRate;

  @Option(names = "--out", paramLabel = "DIR", description = "Landing folder to write (default: the --landing folder).")
  Path out;

  @Option(names = "--truth", paramLabel = "DIR", description = "Ground-truth folder (default: <out>/../truth).")
  Path truth;

  @Option(names = "--late-share", paramLabel = "R", defaultValue = "0.03",
      description = "Share of event rows (scans, return and claim versions, refunds) arriving 1-6 drops late (default: ${DEFAULT-VALUE}).")
  double lateShare;

  @Option(names = "--duplicate-share", paramLabel = "R", defaultValue = "0.01",
      description = "Share of event rows sent again in the same or a later drop (default: ${DEFAULT-VALUE}).")
  double duplicateShare;

  @Option(names = "--abuser-share", paramLabel = "R", defaultValue = "0.015",
      description = "Share of accounts with an abusive persona (default: ${DEFAULT-VALUE}).")
  double abuserShare;

  @Option(names = "--returnless-cap", paramLabel = "AMOUNT", defaultValue = "15.00",
      description = "Returnless-refund value cap before --policy-change (default: ${DEFAULT-VALUE}).")
  BigDecimal returnlessCap;

  @Option(names = "--returnless-cap-after", paramLabel = "AMOUNT", defaultValue = "10.00",
      description = "Returnless-refund value cap from --policy-change on (default: ${DEFAULT-VALUE}).")
  BigDecimal returnlessCapAfter;

  @Option(names = "--policy-change", paramLabel = "DATE",
      description = "Day the returnless cap changes (default: 40 days after --start; 'never' to keep it).")
  String policyChange;

  @Option(names = "--replace",
      description = "Delete the contract entities' folders under --out and the truth files first (without it, an --out that already holds drops is refused).")
  boolean replace;

  @Option(names = "--skus", paramLabel = "N", defaultValue = "1500", description = "Catalogue size (default: ${DEFAULT-VALUE}).")
  int skus;

  @Override
  public Integer call() throws Exception {
    int customers = scale.customers != null ? scale.customers
        : scale.ordersPerDay != null ? (int) Math.ceil(scale.ordersPerDay / ORDERS_PER_CUSTOMER_DAY) : 20_000;
    double ordersPerDay = scale.ordersPerDay != null ? scale.ordersPerDay : customers * ORDERS_PER_CUSTOMER_DAY;
    if (out == null && common.landingLocation().contains("://")) {
      throw new UserError("generate writes to a local folder, but --landing is " + common.landingLocation()
          + ": pass --out DIR");
    }
    Path o = (out != null ? out : common.landing()).toAbsolutePath().normalize();
    Path t = (truth != null ? truth : o.resolveSibling("truth")).toAbsolutePath().normalize();
    LocalDate change = policyChange == null ? start.plusDays(40)
        : policyChange.equalsIgnoreCase("never") ? null : parseDate(policyChange);
    SimConfig cfg = new SimConfig(start, days, customers, ordersPerDay, seed, dirtyRate, o, t, lateShare,
        duplicateShare, abuserShare, cents(returnlessCap), cents(returnlessCapAfter), change, skus);
    Simulator.prepare(cfg, replace);
    Simulator.Summary s = Simulator.run(cfg);
    long rows = s.rows().values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(Locale.ROOT, "generated %d days from %s: %d customers, %d orders, %d order lines, %d rows, "
            + "%d dirty rows in %.1f s (%.0f order lines/s)%n", days, start, s.customers(), s.orders(), s.orderLines(),
        rows, s.dirtyRows().values().stream().mapToLong(Long::longValue).sum(), s.seconds(),
        s.orderLines() / Math.max(s.seconds(), 1e-3));
    System.out.println("landing: " + o);
    System.out.println("truth:   " + t);
    return ExitCode.OK;
  }

  private static long cents(BigDecimal amount) {
    return amount.movePointRight(2).longValue();
  }

  private static LocalDate parseDate(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new UserError("--policy-change: expected a date yyyy-MM-dd or 'never', got '" + text + "'");
    }
  }
}
