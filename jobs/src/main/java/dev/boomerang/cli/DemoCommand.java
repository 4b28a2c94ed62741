package dev.boomerang.cli;

import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.common.UserError;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the whole product on simulated data in one command. It generates the default
 * dataset when the landing folder holds no drops, backfills every drop day but the last with
 * {@code nightly --from --to}, runs the ordinary {@code nightly} for the last day, and prints a
 * summary. Each stage is the real command, run in this process; a second {@code demo} on the same
 * lake finds every nightly step done and only prints the summary again.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Generates the default simulated dataset if the landing folder is empty, backfills its history with "
        + "'nightly --from --to', runs 'nightly' for the last day, and prints a summary: tables, today's top of the "
        + "review list with reasons, the return-likelihood model's metrics, and where to look next.",
        "Re-running it on the same lake changes nothing."})
public class DemoCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--truth", paramLabel = "DIR",
      description = "Where generated ground truth goes (default: <landing>/../truth).")
  Path truth;

  @Mixin ReviewOutputs outputs;

  @Override
  public Integer call() {
    long started = System.nanoTime();
    Path landing = common.landing();
    List<String> shared = common.asArgs();
    if (dropDates(landing).isEmpty()) {
      System.out.println("== demo: no drops in " + landing + ": generating the default dataset");
      List<String> gen = new ArrayList<>(List.of("generate", "--out", landing.toString()));
      if (truth != null) {
        gen.addAll(List.of("--truth", truth.toString()));
      }
      int code = step(gen);
      if (code != ExitCode.OK) {
        return code;
      }
    }
    TreeSet<LocalDate> days = dropDates(landing);
    LocalDate first = days.first();
    LocalDate last = days.last();
    List<String> reviewArgs = List.of("--exports", outputs.exports().toString(), "--reports",
        outputs.reports().toString());
    if (first.isBefore(last)) {
      System.out.println("== demo: backfill " + first + " .. " + last.minusDays(1));
      int code = step(concat(List.of("nightly", "--from", first.toString(), "--to", last.minusDays(1).toString()),
          shared, reviewArgs));
      if (code != ExitCode.OK) {
        return code;
      }
    }
    System.out.println("== demo: nightly " + last);
    int code = step(concat(List.of("nightly", "--date", last.toString()), shared, reviewArgs));
    if (code != ExitCode.OK) {
      return code;
    }
    summary(common.session("demo"), common.lake(), last);
    System.out.printf(Locale.ROOT, "== demo finished in %.1f min%n", (System.nanoTime() - started) / 60e9);
    return ExitCode.OK;
  }

  /** Runs one real command in this process and returns its exit code; a failure is named. */
  private static int step(List<String> args) {
    return Main.executeStep("demo", args);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> p : parts) {
      all.addAll(p);
    }
    return all;
  }

  /** The drop dates ({@code <landing>/<entity>/date=D/}) of every contract entity. */
  static TreeSet<LocalDate> dropDates(Path landing) {
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (Entity e : Contract.ENTITIES) {
      Path dir = landing.resolve(e.name());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> ds = Files.list(dir)) {
        ds.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("date=")).forEach(n -> {
          try {
            dates.add(LocalDate.parse(n.substring(5)));
          } catch (DateTimeParseException ignored) {
            // ingestion reports malformed folders; the demo only needs the valid ones
          }
        });
      } catch (IOException ex) {
        throw new UserError("cannot list " + dir + ": " + ex.getMessage(), ex);
      }
    }
    return dates;
  }

  private void summary(SparkSession spark, Lake lake, LocalDate day) {
    lake.register(spark);
    System.out.println();
    System.out.println("== Tables (rows)");
    lake.rowCounts(spark).forEach((t, n) -> System.out.printf(Locale.ROOT, "  %-32s %,12d%n", t, n));
    System.out.println();
    System.out.println("== Review list " + day + ": top 5 (" + countListed(spark, day) + " customers in tier review)");
    Path csv = outputs.exports().resolve("review-list-" + day + ".csv");
    Path html = outputs.reports().resolve(day.toString()).resolve("review-list.html");
    if (Files.exists(csv)) {
      for (Row r : spark.read().option("header", true).option("multiLine", true).csv(csv.toString())
          .orderBy(org.apache.spark.sql.functions.col("rank").cast("int")).limit(5).collectAsList()) {
        System.out.printf(Locale.ROOT, "  %s. %s  score %s  %s%n", r.getAs("rank"), r.getAs("customer_id"),
            r.getAs("risk_score"), r.getAs("tier"));
        for (String reason : new String[] {r.getAs("reason_1"), r.getAs("reason_2"), r.getAs("reason_3")}) {
          if (reason != null && !reason.isBlank()) {
            System.out.println("       - " + reason);
          }
        }
      }
    }
    System.out.println();
    System.out.println("== Return-likelihood model (test period of its time split)");
    if (lake.exists(spark, Tables.OPS_MODEL_RUNS)) {
      Dataset<Row> runs = spark.sql("SELECT model_version, as_of_date, test_rows, round(test_roc_auc, 3) AS roc_auc, "
          + "round(logistic_roc_auc, 3) AS logistic_auc, round(sku_baseline_roc_auc, 3) AS sku_rate_auc, "
          + "round(test_pr_auc, 3) AS pr_auc, round(test_log_loss, 3) AS log_loss, "
          + "round(test_lift_top10, 2) AS lift_top10, passed_gate FROM " + Tables.OPS_MODEL_RUNS
          + " WHERE model_name = 'return-likelihood' ORDER BY seq DESC");
      Output.print(runs, Output.Format.table, 3, System.out, System.out);
    } else {
      System.out.println("  no model trained yet: fewer closed return windows than training needs");
    }
    System.out.println();
    System.out.println("== Files");
    System.out.println("  review list CSV:  " + csv);
    System.out.println("  review list HTML: " + html);
    System.out.println();
    System.out.println("== Next");
    System.out.println("  query:     ./boomerang sql \"SELECT * FROM gold.abuse_scores ORDER BY risk_score DESC LIMIT 10\"");
    System.out.println("  tables:    ./boomerang tables");
    System.out.println("  notebooks: bash notebooks/setup.sh && jupyter notebook --notebook-dir notebooks");
    System.out.println("             (kernel 'Java + Spark (Boomerang)'; BOOMERANG_LAKE=" + lake.root() + ")");
  }

  private static long countListed(SparkSession spark, LocalDate day) {
    return spark.sql("SELECT count(*) FROM " + Tables.GOLD_ABUSE_SCORES + " WHERE as_of_date = DATE'" + day
        + "' AND tier = '" + dev.boomerang.policy.AbuseScore.REVIEW + "'").head().getLong(0);
  }
}
