package dev.boomerang.cli;

import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "runs", mixinStandardHelpOptions = true,
    description = {"Shows recent nightly runs from ops.runs and ops.run_steps: dates, status, duration, each step's outcome and the error.",
        "Example: ./boomerang runs --limit 5; ./boomerang runs --steps RUN_ID"})
public class RunsCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Most recent N runs (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--steps", paramLabel = "RUN_ID", description = "Show the steps of one run instead: rows in/out, input versions, messages.")
  String runId;

  @Option(names = "--format", defaultValue = "table", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Output.Format format;

  @Override
  public Integer call() {
    SparkSession spark = common.session("runs");
    Lake lake = common.lake();
    if (!lake.exists(spark, Tables.OPS_RUNS)) {
      System.err.println("no runs recorded yet in lake " + lake.root() + " (run ./boomerang nightly first)");
      return ExitCode.OK;
    }
    lake.register(spark);
    Dataset<Row> out;
    if (runId != null) {
      out = spark.sql("SELECT step, status, started_at, round((unix_millis(ended_at) - unix_millis(started_at)) / 1000.0, 1) AS seconds,"
          + " rows_in, rows_out, input_versions, coalesce(error, message) AS message"
          + " FROM ops.run_steps WHERE run_id = '" + runId.replace("'", "''") + "' ORDER BY started_at, step");
      if (out.isEmpty()) {
        throw new dev.boomerang.common.UserError("no run with id '" + runId + "' in ops.run_steps");
      }
    } else {
      out = spark.sql("SELECT r.run_id, coalesce(concat(r.date_from, '..', r.run_date), string(r.run_date)) AS dates,"
          + " r.status, r.started_at, round((unix_millis(r.ended_at) - unix_millis(r.started_at)) / 1000.0, 1) AS seconds,"
          + " concat_ws(' ', transform(array_sort(collect_list(struct(s.started_at, s.step, s.status))),"
          + "   x -> concat(x.step, ':', lower(x.status)))) AS steps, r.error"
          + " FROM ops.runs r LEFT JOIN ops.run_steps s ON s.run_id = r.run_id"
          + " GROUP BY r.run_id, r.date_from, r.run_date, r.status, r.started_at, r.ended_at, r.error"
          + " ORDER BY r.started_at DESC").limit(limit);
    }
    Output.print(out, format, Integer.MAX_VALUE - 1, System.out, System.err);
    return ExitCode.OK;
  }
}
