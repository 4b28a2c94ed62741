package dev.boomerang.ops;

import dev.boomerang.common.Lake;
import dev.boomerang.common.Text;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the nightly DAG for one date (or one backfill range) under the lake lock, recording every
 * step in the run log. A step that already succeeded for the same dates is skipped, so re-invoking
 * a failed night resumes at its failed step; {@code force} reruns everything. The first failing
 * step stops the run.
 */
public final class Nightly {

  private static final Logger LOG = LoggerFactory.getLogger(Nightly.class);

  private Nightly() {}

  /** What every step sees. {@code from} is null for a single date. */
  public record Context(SparkSession spark, Lake lake, Path landing, LocalDate from, LocalDate to,
                        boolean force, boolean retrain) {
    public LocalDate first() {
      return from == null ? to : from;
    }

    public String dates() {
      return from == null ? to.toString() : from + ".." + to;
    }
  }

  /** One node of the DAG. */
  public interface Step {
    String name();

    /** False when the step has nothing to do tonight (e.g. training not due); it is then skipped. */
    default String notDueReason(Context ctx) {
      return null;
    }

    RunLog.StepOutcome run(Context ctx) throws Exception;
  }

  public record StepResult(String step, RunLog.Status status, double seconds, String message) {}

  public record Result(String runId, RunLog.Status status, List<StepResult> steps, String error) {}

  /**
   * Runs {@code steps} in order under the lock in {@code lockDir}. Throws {@link LockHeldException}
   * when another live run holds it; a failing step does not throw: the result says FAILED.
   */
  public static Result run(Context ctx, List<Step> steps, Path lockDir, String command) {
    String runId = "run-" + ctx.to() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss", Locale.ROOT)
        .withZone(java.time.ZoneOffset.UTC).format(Instant.now()) + "-" + ProcessHandle.current().pid();
    try (RunLock lock = RunLock.acquire(lockDir, runId, command)) {
      RunLog log = new RunLog(ctx.spark(), ctx.lake());
      Instant runStart = Instant.now();
      log.run(runId, ctx.from(), ctx.to(), command, RunLog.Status.RUNNING, runStart, null, null);
      List<StepResult> results = new ArrayList<>();
      for (Step step : steps) {
        Instant t0 = Instant.now();
        if (!ctx.force() && log.succeeded(step.name(), ctx.from(), ctx.to())) {
          results.add(skip(log, runId, ctx, step, t0, "already succeeded for " + ctx.dates()));
          continue;
        }
        String notDue = step.notDueReason(ctx);
        if (notDue != null) {
          results.add(skip(log, runId, ctx, step, t0, notDue));
          continue;
        }
        LOG.info("nightly {} step {} ...", ctx.dates(), step.name());
        log.step(runId, step.name(), ctx.from(), ctx.to(), RunLog.Status.RUNNING, t0, null, null, null);
        try {
          RunLog.StepOutcome outcome = step.run(ctx);
          Instant t1 = Instant.now();
          log.step(runId, step.name(), ctx.from(), ctx.to(), RunLog.Status.SUCCEEDED, t0, t1, outcome, null);
          results.add(new StepResult(step.name(), RunLog.Status.SUCCEEDED, seconds(t0, t1), outcome.message()));
        } catch (Exception e) {
          Instant t1 = Instant.now();
          String error = e.getClass().getSimpleName() + ": " + Text.firstLine(e.getMessage());
          LOG.error("nightly {} step {} failed: {}", ctx.dates(), step.name(), error, e);
          log.step(runId, step.name(), ctx.from(), ctx.to(), RunLog.Status.FAILED, t0, t1, null, error);
          log.run(runId, ctx.from(), ctx.to(), command, RunLog.Status.FAILED, runStart, t1, step.name() + ": " + error);
          results.add(new StepResult(step.name(), RunLog.Status.FAILED, seconds(t0, t1), error));
          return new Result(runId, RunLog.Status.FAILED, results, step.name() + ": " + error);
        }
      }
      log.run(runId, ctx.from(), ctx.to(), command, RunLog.Status.SUCCEEDED, runStart, Instant.now(), null);
      return new Result(runId, RunLog.Status.SUCCEEDED, results, null);
    }
  }

  private static StepResult skip(RunLog log, String runId, Context ctx, Step step, Instant t0, String why) {
    LOG.info("nightly {} step {} skipped: {}", ctx.dates(), step.name(), why);
    log.step(runId, step.name(), ctx.from(), ctx.to(), RunLog.Status.SKIPPED, t0, t0, RunLog.StepOutcome.of(0, 0,
        java.util.Map.of(), why), null);
    return new StepResult(step.name(), RunLog.Status.SKIPPED, 0, why);
  }

  private static double seconds(Instant a, Instant b) {
    return (b.toEpochMilli() - a.toEpochMilli()) / 1000.0;
  }

}
