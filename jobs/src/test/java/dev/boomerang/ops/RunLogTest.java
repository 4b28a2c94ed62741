package dev.boomerang.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.common.Tables;
import dev.boomerang.testing.SparkTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RunLogTest extends SparkTest {

  @Test
  void stepRowsMoveFromRunningToTheirOutcomeAndSucceededStepsAreFound() {
    RunLog log = new RunLog(spark, lake);
    LocalDate d = LocalDate.parse("2025-11-03");
    Instant t0 = Instant.parse("2025-11-04T02:00:00Z");
    log.run("r1", null, d, "nightly --date 2025-11-03", RunLog.Status.RUNNING, t0, null, null);
    log.step("r1", "ingest", null, d, RunLog.Status.RUNNING, t0, null, null, null);
    log.step("r1", "ingest", null, d, RunLog.Status.SUCCEEDED, t0, t0.plusSeconds(5),
        RunLog.StepOutcome.of(100, 90, Map.of("bronze.orders", 3L), "ok"), null);
    log.step("r1", "features", null, d, RunLog.Status.FAILED, t0, t0.plusSeconds(9), null, "boom");
    log.run("r1", null, d, "nightly --date 2025-11-03", RunLog.Status.FAILED, t0, t0.plusSeconds(9), "features: boom");

    assertEquals(1, lake.read(spark, Tables.OPS_RUNS).count());
    Row ingest = lake.read(spark, Tables.OPS_RUN_STEPS).filter("step = 'ingest'").head();
    assertEquals("SUCCEEDED", ingest.getAs("status"));
    assertEquals(90L, (long) ingest.getAs("rows_out"));
    assertEquals(3L, ingest.<scala.collection.Map<String, Long>>getAs("input_versions").apply("bronze.orders"));

    assertTrue(log.succeeded("ingest", null, d));
    assertFalse(log.succeeded("features", null, d), "a failed step is not done");
    assertFalse(log.succeeded("ingest", null, d.plusDays(1)), "another date is not done");
    assertFalse(log.succeeded("ingest", d.minusDays(5), d), "a backfill range is not the same as one day");
  }
}
