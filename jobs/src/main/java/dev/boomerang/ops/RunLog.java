package dev.boomerang.ops;

import static org.apache.spark.sql.functions.col;

import dev.boomerang.common.Delta;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The run log: {@code ops.runs} (one row per run) and {@code ops.run_steps} (one row per run and
 * step). Rows are written with keyed MERGEs, so a step's row goes RUNNING → SUCCEEDED | FAILED.
 * Start and end times are wall-clock operational metadata; no job logic reads them.
 */
public final class RunLog {

  public enum Status { RUNNING, SUCCEEDED, FAILED, SKIPPED }

  public static final StructType RUNS = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("run_date", DataTypes.DateType)
      .add("date_from", DataTypes.DateType)
      .add("command", DataTypes.StringType)
      .add("status", DataTypes.StringType)
      .add("started_at", DataTypes.TimestampType)
      .add("ended_at", DataTypes.TimestampType)
      .add("host", DataTypes.StringType)
      .add("pid", DataTypes.LongType)
      .add("error", DataTypes.StringType);

  public static final StructType STEPS = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("step", DataTypes.StringType, false)
      .add("run_date", DataTypes.DateType)
      .add("date_from", DataTypes.DateType)
      .add("status", DataTypes.StringType)
      .add("started_at", DataTypes.TimestampType)
      .add("ended_at", DataTypes.TimestampType)
      .add("rows_in", DataTypes.LongType)
      .add("rows_out", DataTypes.LongType)
      .add("input_versions", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
      .add("message", DataTypes.StringType)
      .add("error", DataTypes.StringType);

  private final SparkSession spark;
  private final Lake lake;

  public RunLog(SparkSession spark, Lake lake) {
    this.spark = spark;
    this.lake = lake;
    Delta.createIfNotExists(spark, lake, Tables.OPS_RUNS, RUNS);
    Delta.createIfNotExists(spark, lake, Tables.OPS_RUN_STEPS, STEPS);
  }

  /** What a finished step reports. */
  public record StepOutcome(long rowsIn, long rowsOut, Map<String, Long> inputVersions, String message) {
    public static StepOutcome of(long rowsIn, long rowsOut, Map<String, Long> versions, String message) {
      return new StepOutcome(rowsIn, rowsOut, versions, message);
    }
  }

  public void run(String runId, LocalDate from, LocalDate to, String command, Status status,
                  Instant started, Instant ended, String error) {
    Row r = RowFactory.create(runId, Date.valueOf(to), from == null ? null : Date.valueOf(from), command,
        status.name(), ts(started), ts(ended), RunLock.hostName(), ProcessHandle.current().pid(), error);
    Delta.upsertLatest(spark, lake, Tables.OPS_RUNS, spark.createDataFrame(List.of(r), RUNS),
        List.of("run_id"), List.of(col("run_id")), null);
  }

  public void step(String runId, String step, LocalDate from, LocalDate to, Status status,
                   Instant started, Instant ended, StepOutcome outcome, String error) {
    Row r = RowFactory.create(runId, step, Date.valueOf(to), from == null ? null : Date.valueOf(from),
        status.name(), ts(started), ts(ended),
        outcome == null ? null : outcome.rowsIn(), outcome == null ? null : outcome.rowsOut(),
        outcome == null ? null : outcome.inputVersions(),
        outcome == null ? null : outcome.message(), error);
    Delta.upsertLatest(spark, lake, Tables.OPS_RUN_STEPS, spark.createDataFrame(List.of(r), STEPS),
        List.of("run_id", "step"), List.of(col("run_id")), null);
  }

  /**
   * True when {@code step} already succeeded for exactly this date range in an earlier run: a
   * re-invocation skips it (resume after failure), unless forced.
   */
  public boolean succeeded(String step, LocalDate from, LocalDate to) {
    var steps = lake.read(spark, Tables.OPS_RUN_STEPS)
        .filter(col("step").equalTo(step)
            .and(col("run_date").equalTo(Date.valueOf(to)))
            .and(from == null ? col("date_from").isNull() : col("date_from").equalTo(Date.valueOf(from)))
            .and(col("status").equalTo(Status.SUCCEEDED.name())));
    return !steps.isEmpty();
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }
}
