package dev.boomerang.policy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.boomerang.common.Delta;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.common.UserError;
import dev.boomerang.models.BinaryMetrics;
import dev.boomerang.models.ModelRegistry;
import dev.boomerang.models.TimeSplit;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code train --model abuse}: the supervised stage, trained on the fraud team's decisions in
 * {@code gold.customer_training} (one row per review; features as of the day before it).
 *
 * <p>Label noise: the team's decisions include missed abusers and wrongly confirmed innocents.
 * So (1) WATCH decisions are dropped (undecided, neither label); (2) candidates are firmly
 * regularised and small (L2 logistic regressions, a depth-2 GBT) and chosen on validation PR
 * AUC, never on training fit; (3) nothing trains below {@link #MIN_CONFIRMED} confirmed and
 * {@link #MIN_CLEARED} cleared decisions; (4) the gate ({@link #gateFailures}) must pass; (5) the
 * served probability only moves the blended score by up to 20 points ({@link AbuseScore}).
 *
 * <p>Time split on review_date ({@link TimeSplit}, 60/20/20 of the span): candidates fit on train,
 * the best by validation PR AUC is refit on train + validation and measured on test.
 */
public final class AbuseTraining {

  private AbuseTraining() {}

  public static final String NAME = "abuse";
  public static final int MIN_CONFIRMED = 30;
  public static final int MIN_CLEARED = 30;
  /** Gate: test ROC AUC at least this, test PR AUC above the test base rate, both classes in test. */
  public static final double GATE_MIN_ROC_AUC = 0.6;
  public static final TimeSplit.Fractions FRACTIONS = new TimeSplit.Fractions(0.6, 0.2);

  public static final List<AbusePipeline.Params> CANDIDATES = List.of(
      AbusePipeline.Params.logistic(0.1), AbusePipeline.Params.logistic(1.0),
      AbusePipeline.Params.gbt(30, 2));

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What a training run did: trained is false with the reason when there were too few labels. */
  public record Outcome(boolean trained, String report, ModelRegistry.Entry entry) {}

  /** Labelled rows: decisions other than WATCH, with a feature row; label 1.0 for CONFIRMED_ABUSE. Pure. */
  public static Dataset<Row> labelled(Dataset<Row> customerTraining, LocalDate asOf) {
    List<org.apache.spark.sql.Column> cols = new ArrayList<>();
    cols.add(col("customer_id"));
    cols.add(col("review_date"));
    cols.add(when(col("decision").equalTo("CONFIRMED_ABUSE"), lit(1.0)).otherwise(lit(0.0)).as(AbusePipeline.LABEL));
    cols.addAll(List.of(AbusePipeline.featureColumns("c_")));
    return customerTraining
        .filter(col("decision").isin("CONFIRMED_ABUSE", "CLEARED"))
        .filter(col("review_date").leq(lit(Date.valueOf(asOf))))
        .filter(col("customer_as_of_date").isNotNull())
        .select(cols.toArray(org.apache.spark.sql.Column[]::new));
  }

  /** The gate's failed checks on the test metrics; empty when the model may be served. */
  public static List<String> gateFailures(BinaryMetrics.Result test) {
    List<String> f = new ArrayList<>();
    if (test.positives() == 0 || test.positives() == test.n()) {
      f.add("test period has " + test.n() + " reviews of a single class");
    }
    if (!(test.rocAuc() >= GATE_MIN_ROC_AUC)) {
      f.add(String.format(Locale.ROOT, "test ROC AUC %.4f is below %.2f", test.rocAuc(), GATE_MIN_ROC_AUC));
    }
    if (!(test.prAuc() > test.positiveRate())) {
      f.add(String.format(Locale.ROOT, "test PR AUC %.4f does not beat the base rate %.4f", test.prAuc(),
          test.positiveRate()));
    }
    return f;
  }

  static BinaryMetrics.Result measure(PipelineModel m, Dataset<Row> rows, String segment) {
    List<Row> scored = m.transform(rows).select(col(AbusePipeline.LABEL), AbusePipeline.probability().as("p"))
        .collectAsList();
    double[] y = new double[scored.size()];
    double[] p = new double[scored.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = scored.get(i).getDouble(0);
      p[i] = scored.get(i).getDouble(1);
    }
    return BinaryMetrics.compute(segment, y, p);
  }

  public static Outcome run(SparkSession spark, Lake lake, LocalDate asOf, String runId) {
    if (!lake.exists(spark, Tables.GOLD_CUSTOMER_TRAINING)) {
      throw new UserError("table " + Tables.GOLD_CUSTOMER_TRAINING + " does not exist in lake " + lake.root()
          + "; run 'features --as-of " + asOf + "' first");
    }
    long tableVersion = Delta.version(spark, lake, Tables.GOLD_CUSTOMER_TRAINING);
    Dataset<Row> rows = labelled(lake.read(spark, Tables.GOLD_CUSTOMER_TRAINING), asOf).cache();
    Row counts = rows.agg(org.apache.spark.sql.functions.sum(col(AbusePipeline.LABEL)),
        org.apache.spark.sql.functions.count(lit(1)), min("review_date"), max("review_date")).head();
    long confirmed = counts.isNullAt(0) ? 0 : (long) counts.getDouble(0);
    long cleared = counts.getLong(1) - confirmed;
    if (confirmed < MIN_CONFIRMED || cleared < MIN_CLEARED) {
      rows.unpersist();
      return new Outcome(false, String.format(Locale.ROOT,
          "abuse model not trained as of %s: %d confirmed and %d cleared decisions with features (WATCH excluded); "
              + "it needs at least %d and %d. Scoring runs on signals and the outlier score until then.%n",
          asOf, confirmed, cleared, MIN_CONFIRMED, MIN_CLEARED), null);
    }
    TimeSplit.Boundaries b;
    try {
      b = TimeSplit.boundaries(counts.getDate(2).toLocalDate(), counts.getDate(3).toLocalDate(), FRACTIONS);
    } catch (IllegalArgumentException e) {
      throw new UserError("cannot split the fraud reviews by time: " + e.getMessage(), e);
    }
    Dataset<Row> split = TimeSplit.withSplit(rows, "review_date", b);
    Dataset<Row> train = split.filter(col(TimeSplit.SPLIT_COL).equalTo(TimeSplit.TRAIN));
    Dataset<Row> valid = split.filter(col(TimeSplit.SPLIT_COL).equalTo(TimeSplit.VALID));
    Dataset<Row> test = split.filter(col(TimeSplit.SPLIT_COL).equalTo(TimeSplit.TEST));

    StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
        "abuse model as of %s: %d confirmed, %d cleared; split train %s..%s, valid %s..%s, test %s..%s%n",
        asOf, confirmed, cleared, b.trainFrom(), b.trainTo(), b.validFrom(), b.validTo(), b.testFrom(), b.testTo()));
    AbusePipeline.Params best = null;
    double bestPr = Double.NEGATIVE_INFINITY;
    Map<String, Object> candidates = new LinkedHashMap<>();
    for (AbusePipeline.Params p : CANDIDATES) {
      BinaryMetrics.Result v;
      try {
        v = measure(AbusePipeline.build(p).fit(train), valid, "valid");
      } catch (RuntimeException e) {
        throw new UserError("cannot fit the abuse candidate " + p.describe() + ": " + e.getMessage(), e);
      }
      double pr = Double.isNaN(v.prAuc()) ? -1 : v.prAuc();
      candidates.put(p.describe(), Map.of("valid_n", v.n(), "valid_pr_auc", pr, "valid_roc_auc",
          Double.isNaN(v.rocAuc()) ? -1 : v.rocAuc()));
      report.append(String.format(Locale.ROOT, "  candidate %-24s valid n=%d PR AUC %.4f ROC AUC %.4f%n",
          p.describe(), v.n(), v.prAuc(), v.rocAuc()));
      if (pr > bestPr) {
        bestPr = pr;
        best = p;
      }
    }
    PipelineModel model = AbusePipeline.build(best).fit(train.unionByName(valid));
    BinaryMetrics.Result t = measure(model, test, "test");
    List<String> failures = gateFailures(t);
    rows.unpersist();
    report.append(String.format(Locale.ROOT, "chosen %s; test n=%d positives=%d ROC AUC %.4f PR AUC %.4f log loss %.4f%n",
        best.describe(), t.n(), t.positives(), t.rocAuc(), t.prAuc(), t.logLoss()));

    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", NAME);
    meta.put("as_of_date", asOf.toString());
    meta.put("params", best.describe());
    meta.put("features", AbusePipeline.FEATURES);
    meta.put("training_tables", Map.of(Tables.GOLD_CUSTOMER_TRAINING, tableVersion));
    meta.put("split", Map.of("train_from", b.trainFrom().toString(), "valid_from", b.validFrom().toString(),
        "test_from", b.testFrom().toString(), "test_to", b.testTo().toString()));
    meta.put("label", "decision = CONFIRMED_ABUSE (1) vs CLEARED (0); WATCH excluded");
    String version;
    try {
      version = ModelRegistry.version(asOf, JSON.writeValueAsString(meta));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    String dir = ModelRegistry.path(lake, NAME, version);
    meta.put("version", version);
    meta.put("run_id", runId);
    meta.put("validation_candidates", candidates);
    meta.put("test_metrics", BinaryMetrics.asMap(t));
    meta.put("gate", Map.of("min_roc_auc", GATE_MIN_ROC_AUC, "passed", failures.isEmpty(), "failures", failures));
    try {
      model.write().overwrite().save(dir + "/model");
      Path p = new Path(dir + "/metadata.json");
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(p, true)) {
        out.write(JSON.writeValueAsString(meta).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot save abuse model " + version + " under " + dir + ": " + e.getMessage(), e);
    }
    Delta.createIfNotExists(spark, lake, Tables.OPS_MODEL_RUNS, ModelRegistry.RUNS_SCHEMA);
    long seq = ModelRegistry.entries(spark, lake, NAME).stream().mapToLong(ModelRegistry.Entry::seq).max().orElse(0) + 1;
    Row row = RowFactory.create(NAME, version, seq, Date.valueOf(asOf), runId, best.algorithm().name(), dir,
        Date.valueOf(b.trainFrom()), Date.valueOf(b.testTo()), confirmed + cleared - t.n(), t.n(),
        finite(t.rocAuc()), finite(t.prAuc()), finite(t.logLoss()), finite(t.liftTop10()),
        finite(t.calibrationError()), null, null, false, failures.isEmpty(), String.join("; ", failures),
        "{\"" + Tables.GOLD_CUSTOMER_TRAINING + "\":" + tableVersion + "}");
    Delta.upsertLatest(spark, lake, Tables.OPS_MODEL_RUNS, spark.createDataFrame(List.of(row), ModelRegistry.RUNS_SCHEMA),
        List.of("model_name", "model_version"), List.of(col("seq").desc()), null);
    ModelRegistry.Entry entry = new ModelRegistry.Entry(NAME, version, seq, asOf, failures.isEmpty(),
        String.join("; ", failures), dir);
    report.append(failures.isEmpty() ? "gate: PASSED; score will blend this model (version " + version + ")\n"
        : "gate: FAILED (" + String.join("; ", failures) + "); model " + version + " is kept but not used\n");
    return new Outcome(true, report.toString(), entry);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
