package dev.boomerang.cli;

import dev.boomerang.common.Lake;
import dev.boomerang.common.UserError;
import dev.boomerang.ops.LockHeldException;
import dev.boomerang.ops.Nightly;
import dev.boomerang.ops.NightlySteps;
import dev.boomerang.ops.RunLog;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = {"Runs the nightly DAG for one day: ingest -> features -> train (when due) -> score -> report.",
        "Steps that already succeeded for the same date are skipped, so re-running a failed night resumes at its failed step.",
        "One run at a time per lake: a second run exits with code 3 naming the holder of the lock.",
        "Exit codes: 0 success, 1 a step failed, 2 usage error, 3 lake locked by another run."})
public class NightlyCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Dates dates;

  static class Dates {
    @Option(names = "--date", paramLabel = "D", description = "The day that just ended (yyyy-MM-dd).")
    LocalDate date;

    @ArgGroup(exclusive = false)
    Range range;
  }

  static class Range {
    @Option(names = "--from", paramLabel = "D1", required = true, description = "Backfill: first day.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "D2", required = true, description = "Backfill: last day.")
    LocalDate to;
  }

  @Option(names = "--force", description = "Rerun every step, even those that already succeeded for these dates.")
  boolean force;

  @Option(names = "--retrain", description = "Train the models even when training is not due.")
  boolean retrain;

  @Option(names = "--lock-dir", paramLabel = "DIR",
      description = "Folder of the run lock (default: <lake>/_lock; needed for object-store lakes).")
  Path lockDir;

  @Option(names = "--review-capacity", paramLabel = "N", defaultValue = "50",
      description = "Customers on the review list per day (default: ${DEFAULT-VALUE}).")
  int capacity;

  @Option(names = "--cooldown-days", paramLabel = "N", defaultValue = "90",
      description = "Skip customers the fraud team cleared within N days (default: ${DEFAULT-VALUE}).")
  int cooldownDays;

  @Mixin ReviewOutputs outputs;

  @Override
  public Integer call() {
    LocalDate from = dates.range == null ? null : dates.range.from;
    LocalDate to = dates.range == null ? dates.date : dates.range.to;
    if (from != null && from.isAfter(to)) {
      throw new UserError("--from " + from + " is after --to " + to);
    }
    if (capacity < 1 || cooldownDays < 0) {
      throw new UserError("--review-capacity must be at least 1 and --cooldown-days at least 0");
    }
    Lake lake = common.lake();
    Path lock = lockDir != null ? lockDir : lockDirOf(lake);
    SparkSession spark = common.session("nightly");
    Nightly.Context ctx = new Nightly.Context(spark, lake, common.landing(), from, to, force, retrain);
    String command = "nightly " + ctx.dates() + (force ? " --force" : "") + (retrain ? " --retrain" : "");
    Nightly.Result result;
    try {
      result = Nightly.run(ctx, NightlySteps.all(new NightlySteps.ReportOptions(capacity, cooldownDays,
          outputs.exports(), outputs.reports())), lock, command);
    } catch (LockHeldException e) {
      System.err.println("boomerang nightly: " + e.getMessage());
      return ExitCode.LOCKED;
    }
    for (Nightly.StepResult s : result.steps()) {
      System.out.printf(Locale.ROOT, "%-9s %-10s %7.1fs  %s%n", s.step(), s.status().name().toLowerCase(Locale.ROOT),
          s.seconds(), s.message() == null ? "" : s.message());
    }
    System.out.println("run " + result.runId() + ": " + result.status().name().toLowerCase(Locale.ROOT));
    if (result.status() == RunLog.Status.FAILED) {
      System.err.println("boomerang nightly: " + result.error() + " (re-run the same date to resume)");
      return ExitCode.FAILED;
    }
    return ExitCode.OK;
  }

  static Path lockDirOf(Lake lake) {
    if (!lake.isLocal()) {
      throw new UserError("the lake " + lake.root() + " is not a local folder: give --lock-dir on a shared POSIX path");
    }
    return Path.of(lake.root().replaceFirst("^file:", ""), "_lock");
  }
}
