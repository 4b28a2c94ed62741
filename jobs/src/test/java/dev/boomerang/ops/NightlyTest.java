package dev.boomerang.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.boomerang.common.Tables;
import dev.boomerang.testing.SparkTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightlyTest extends SparkTest {

  @TempDir Path lockDir;

  /** A step that records its invocations and fails while {@code failuresLeft > 0}. */
  static final class CountingStep implements Nightly.Step {
    final String name;
    int failuresLeft;
    final List<LocalDate> runs = new ArrayList<>();

    CountingStep(String name, int failuresLeft) {
      this.name = name;
      this.failuresLeft = failuresLeft;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public RunLog.StepOutcome run(Nightly.Context ctx) {
      runs.add(ctx.to());
      if (failuresLeft-- > 0) {
        throw new IllegalStateException(name + " broke");
      }
      return RunLog.StepOutcome.of(1, 1, Map.of(), name + " done");
    }
  }

  private Nightly.Context ctx(LocalDate d, boolean force) {
    return new Nightly.Context(spark, lake, lakeDir, null, d, force, false);
  }

  @Test
  void failedRunResumesAtItsFailedStepAndForceRerunsAll() {
    LocalDate d = LocalDate.parse("2025-11-03");
    CountingStep ingest = new CountingStep("ingest", 0);
    CountingStep features = new CountingStep("features", 1);
    CountingStep score = new CountingStep("score", 0);
    List<Nightly.Step> dag = List.of(ingest, features, score);

    Nightly.Result first = Nightly.run(ctx(d, false), dag, lockDir, "nightly");
    assertEquals(RunLog.Status.FAILED, first.status());
    assertEquals("features: IllegalStateException: features broke", first.error());
    assertEquals(List.of(1, 1, 0), List.of(ingest.runs.size(), features.runs.size(), score.runs.size()),
        "the failing step stops the DAG");

    Nightly.Result second = Nightly.run(ctx(d, false), dag, lockDir, "nightly");
    assertEquals(RunLog.Status.SUCCEEDED, second.status());
    assertEquals(List.of(RunLog.Status.SKIPPED, RunLog.Status.SUCCEEDED, RunLog.Status.SUCCEEDED),
        second.steps().stream().map(Nightly.StepResult::status).toList(), "the rerun resumes at features");
    assertEquals(List.of(1, 2, 1), List.of(ingest.runs.size(), features.runs.size(), score.runs.size()));

    Nightly.run(ctx(d, true), dag, lockDir, "nightly --force");
    assertEquals(List.of(2, 3, 2), List.of(ingest.runs.size(), features.runs.size(), score.runs.size()),
        "--force reruns every step");

    assertEquals(3, lake.read(spark, Tables.OPS_RUNS).count(), "one ops.runs row per run");
    assertEquals(1, lake.read(spark, Tables.OPS_RUNS).filter("status = 'FAILED'").count());
  }

  @Test
  void aHeldLockStopsTheRunBeforeAnyStep() {
    CountingStep ingest = new CountingStep("ingest", 0);
    try (RunLock other = RunLock.acquire(lockDir, "other-run", "nightly --date 2025-11-04")) {
      assertThrows(LockHeldException.class,
          () -> Nightly.run(ctx(LocalDate.parse("2025-11-04"), false), List.of(ingest), lockDir, "nightly"));
    }
    assertEquals(0, ingest.runs.size());
  }
}
