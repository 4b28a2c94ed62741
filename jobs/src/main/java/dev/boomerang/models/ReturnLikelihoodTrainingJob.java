package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.boomerang.common.Delta;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.common.UserError;
import dev.boomerang.models.ReturnLikelihoodPipeline.Params;
import dev.boomerang.models.ReturnLikelihoodTraining.Trained;
import dev.boomerang.models.TimeSplit.Fractions;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code train --as-of D --model return-likelihood}: reads {@code gold.order_line_training},
 * keeps lines ordered on or before D, trains and measures ({@link ReturnLikelihoodTraining}),
 * registers the model with the table's Delta version ({@link ModelRegistry}) and returns the
 * report to print.
 */
public final class ReturnLikelihoodTrainingJob {

  private ReturnLikelihoodTrainingJob() {}

  public record Outcome(Trained trained, ModelRegistry.Entry entry, String report) {}

  public static Outcome run(SparkSession spark, Lake lake, LocalDate asOf, String runId,
      Params params, Fractions fractions, ModelGate gate) {
    return run(spark, lake, asOf, runId, List.of(params), fractions, gate);
  }

  /** Trains with each candidate tree setting and serves the best on validation (see {@link ReturnLikelihoodTraining}). */
  public static Outcome run(SparkSession spark, Lake lake, LocalDate asOf, String runId,
      List<Params> candidates, Fractions fractions, ModelGate gate) {
    ModelSpec spec = candidates.get(0).spec();
    Dataset<Row> lines = readLines(spark, lake, spec, asOf);
    long tableVersion = Delta.version(spark, lake, Tables.GOLD_ORDER_LINE_TRAINING);
    Trained t;
    try {
      t = ReturnLikelihoodTraining.train(lines.filter(col(spec.orderDate()).leq(lit(asOf))), candidates, fractions);
    } catch (IllegalArgumentException e) {
      throw new UserError("cannot train the return-likelihood model as of " + asOf + ": " + e.getMessage(), e);
    }
    ModelRegistry.Entry entry = ModelRegistry.register(spark, lake, t, asOf, runId,
        Map.of(Tables.GOLD_ORDER_LINE_TRAINING, tableVersion), gate);
    return new Outcome(t, entry, report(t, entry));
  }

  /**
   * {@code gold.order_line_training} as the model reads it: checked to exist and to carry every column of
   * {@code spec}, with the numeric features as doubles.
   */
  public static Dataset<Row> readLines(SparkSession spark, Lake lake, ModelSpec spec, LocalDate asOf) {
    if (!lake.exists(spark, Tables.GOLD_ORDER_LINE_TRAINING)) {
      throw new UserError("table " + Tables.GOLD_ORDER_LINE_TRAINING + " does not exist in lake "
          + lake.root() + "; run 'features --as-of " + asOf + "' first");
    }
    Dataset<Row> lines = lake.read(spark, Tables.GOLD_ORDER_LINE_TRAINING);
    requireColumns(lines, spec);
    // Flags and decimals become doubles: the imputer and the assembler take numbers only.
    for (String n : spec.numeric()) {
      lines = lines.withColumn(n, org.apache.spark.sql.functions.col(n).cast("double"));
    }
    return lines;
  }

  /** Fails with the list of columns the table lacks for {@code spec}. */
  static void requireColumns(Dataset<Row> lines, ModelSpec spec) {
    List<String> missing = spec.missingFrom(Arrays.asList(lines.columns()));
    if (!missing.isEmpty()) {
      throw new UserError(Tables.GOLD_ORDER_LINE_TRAINING + " lacks the columns " + missing
          + " that the return-likelihood model spec needs");
    }
  }

  /** The text report: split, the metrics table overall and per category, calibration and gate. */
  public static String report(Trained t, ModelRegistry.Entry e) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "model %s %s (as of %s)%n", e.name(), e.version(), e.asOf()));
    b.append(String.format(Locale.ROOT, "split: train %s..%s (%d lines), valid %s..%s (%d), test %s..%s (%d)%n",
        t.split().trainFrom(), t.split().trainTo(), t.trainRows(), t.split().validFrom(), t.split().validTo(),
        t.validRows(), t.split().testFrom(), t.split().testTo(), t.testRows()));
    t.validRocAuc().forEach((trees, auc) -> b.append(String.format(Locale.ROOT, "GBT %s: validation ROC AUC %.4f%s%n",
        trees, auc, trees.equals(t.params().trees()) ? " (served)" : "")));
    b.append(String.format(Locale.ROOT, "calibration: raw validation error %.4f, isotonic calibration %s%n",
        t.validRawCalibrationError(), t.calibrated() ? "applied" : "not needed (trigger "
            + ReturnLikelihoodTraining.CALIBRATION_TRIGGER + ")"));
    b.append(metricsTable(t.testMetrics()));
    b.append(e.passedGate() ? "gate: PASSED; score will use this model\n"
        : "gate: FAILED (" + e.gateFailures() + "); the model is kept but score will not use it\n");
    return b.toString();
  }

  /** One line per variant and segment: overall rows first, then per category. */
  public static String metricsTable(Map<String, List<BinaryMetrics.Result>> metrics) {
    StringBuilder b = new StringBuilder();
    String fmt = "%-15s %-16s %8s %7s %8s %8s %8s %8s %8s%n";
    b.append(String.format(Locale.ROOT, fmt, "model", "segment", "lines", "rate", "roc_auc", "pr_auc",
        "log_loss", "lift@10", "cal_err"));
    for (boolean overall : new boolean[] {true, false}) {
      metrics.forEach((variant, results) -> {
        for (BinaryMetrics.Result r : results) {
          if (BinaryMetrics.ALL.equals(r.segment()) == overall) {
            b.append(String.format(Locale.ROOT, fmt, variant, r.segment(), r.n(), num(r.positiveRate(), 3),
                num(r.rocAuc(), 4), num(r.prAuc(), 4), num(r.logLoss(), 4), num(r.liftTop10(), 2),
                num(r.calibrationError(), 4)));
          }
        }
      });
    }
    return b.toString();
  }

  private static String num(double v, int digits) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v) : "-";
  }
}
