package dev.boomerang.cli;

import dev.boomerang.common.UserError;
import dev.boomerang.policy.ReviewList;
import dev.boomerang.report.ReviewReport;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes the fraud team's review list of a date from gold.abuse_scores (run 'score' first):",
        "<exports>/review-list-<date>.csv and the self-contained page <reports>/<date>/review-list.html",
        "with reasons, key figures and a timeline of each listed customer's recent orders, returns, claims and tracking."})
public class ReportCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--as-of", required = true, paramLabel = "DATE",
      description = "The scoring date whose list to write (yyyy-MM-dd).")
  LocalDate asOf;

  @Option(names = "--review-capacity", paramLabel = "N", defaultValue = "" + ReviewList.DEFAULT_CAPACITY,
      description = "Customers the fraud team can review a day: the list's maximum length (default: ${DEFAULT-VALUE}).")
  int capacity;

  @Option(names = "--cooldown-days", paramLabel = "DAYS", defaultValue = "" + ReviewList.DEFAULT_COOLDOWN_DAYS,
      description = "Skip customers CLEARED within this many days before the date (default: ${DEFAULT-VALUE}). "
          + "Customers ever CONFIRMED_ABUSE are always skipped.")
  int cooldownDays;

  @Mixin ReviewOutputs outputs;

  @Override
  public Integer call() {
    if (capacity < 1 || cooldownDays < 0) {
      throw new UserError("--review-capacity must be at least 1 and --cooldown-days at least 0, got "
          + capacity + " and " + cooldownDays);
    }
    ReviewReport.Outcome o = ReviewReport.run(common.session("report"), common.lake(), asOf, capacity, cooldownDays,
        outputs.exports(), outputs.reports());
    System.out.println("review list " + asOf + ": " + o.listed() + " customer(s) -> " + o.csv() + ", " + o.html());
    return ExitCode.OK;
  }
}
