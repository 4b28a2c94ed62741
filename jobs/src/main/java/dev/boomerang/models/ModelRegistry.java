package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.boomerang.common.Delta;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.common.UserError;
import dev.boomerang.models.ReturnLikelihoodTraining.Trained;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The model registry: each trained model lives under {@code <lake>/models/<name>/<version>/}
 * ({@code model/} the fitted MLlib pipeline, {@code calibrator/} the isotonic calibrator when one
 * is served, {@code baseline_logistic/} the logistic baseline, {@code metadata.json}) and has one row in {@code ops.model_runs}, keyed by
 * (model_name, model_version) and written with the keyed MERGE.
 *
 * <p>A version is {@code <as-of yyyyMMdd>-<first 8 hex of SHA-256 of the training fingerprint>}:
 * the same inputs (parameters, features, split, training-table versions) give the same version, so
 * re-running a training overwrites it instead of piling up copies. {@code seq} orders
 * registrations: "newest" means latest as-of date, then highest seq.
 */
public final class ModelRegistry {

  private ModelRegistry() {}

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelRegistry.class);

  public static final String RETURN_LIKELIHOOD = "return-likelihood";

  /** Sub-folder of a version holding the fitted logistic baseline, so evaluation can re-measure it. */
  static final String LOGISTIC_DIR = "baseline_logistic";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static final StructType RUNS_SCHEMA = new StructType()
      .add("model_name", DataTypes.StringType, false)
      .add("model_version", DataTypes.StringType, false)
      .add("seq", DataTypes.LongType)
      .add("as_of_date", DataTypes.DateType)
      .add("run_id", DataTypes.StringType)
      .add("algorithm", DataTypes.StringType)
      .add("path", DataTypes.StringType)
      .add("train_from", DataTypes.DateType)
      .add("test_to", DataTypes.DateType)
      .add("train_rows", DataTypes.LongType)
      .add("test_rows", DataTypes.LongType)
      .add("test_roc_auc", DataTypes.DoubleType)
      .add("test_pr_auc", DataTypes.DoubleType)
      .add("test_log_loss", DataTypes.DoubleType)
      .add("test_lift_top10", DataTypes.DoubleType)
      .add("test_calibration_error", DataTypes.DoubleType)
      .add("logistic_roc_auc", DataTypes.DoubleType)
      .add("sku_baseline_roc_auc", DataTypes.DoubleType)
      .add("is_calibrated", DataTypes.BooleanType)
      .add("passed_gate", DataTypes.BooleanType)
      .add("gate_failures", DataTypes.StringType)
      .add("training_tables", DataTypes.StringType);

  /** One registered model, as {@code ops.model_runs} lists it. */
  public record Entry(String name, String version, long seq, LocalDate asOf, boolean passedGate,
      String gateFailures, String path) {}

  /** Where a model version lives. */
  public static String path(Lake lake, String name, String version) {
    return lake.modelsDir() + "/" + name + "/" + version;
  }

  /** {@code yyyyMMdd-<hash8>} from the as-of date and a fingerprint of everything that defines the model. */
  public static String version(LocalDate asOf, String fingerprint) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
      return asOf.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + HexFormat.of().formatHex(h).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The metadata of a trained return-likelihood model: everything but the version, run id and
   * metrics is also its fingerprint.
   */
  static Map<String, Object> fingerprint(Trained t, LocalDate asOf, Map<String, Long> tableVersions) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", RETURN_LIKELIHOOD);
    m.put("as_of_date", asOf.toString());
    m.put("params", paramsMap(t.params()));
    m.put("features", ordered(
        "categorical", t.params().spec().categorical(),
        "numeric", t.params().spec().numeric(),
        "label", t.params().spec().label()));
    m.put("training_tables", new TreeMap<>(tableVersions));
    Map<String, Object> window = new LinkedHashMap<>();
    window.put("fractions", ordered("train", t.fractions().train(), "valid", t.fractions().valid()));
    window.put("train_from", t.split().trainFrom().toString());
    window.put("train_to", t.split().trainTo().toString());
    window.put("valid_from", t.split().validFrom().toString());
    window.put("valid_to", t.split().validTo().toString());
    window.put("test_from", t.split().testFrom().toString());
    window.put("test_to", t.split().testTo().toString());
    m.put("window", window);
    return m;
  }

  /** A map that keeps the order of {@code keyValues} (key, value, key, value, ...), for stable JSON. */
  static Map<String, Object> ordered(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  private static Map<String, Object> paramsMap(ReturnLikelihoodPipeline.Params p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", p.algorithm().name());
    m.put("class_weighting", p.weighting().name());
    m.put("seed", p.seed());
    m.put("max_iter", p.maxIter());
    m.put("max_depth", p.maxDepth());
    m.put("max_bins", p.maxBins());
    m.put("step_size", p.stepSize());
    m.put("subsampling_rate", p.subsamplingRate());
    m.put("imputation", "median");
    m.put("categorical_handle_invalid", "keep");
    return m;
  }

  /**
   * Saves a trained return-likelihood model (pipeline, calibrator, metadata.json) and lists it in
   * {@code ops.model_runs}. Returns its registry entry.
   */
  public static Entry register(SparkSession spark, Lake lake, Trained t, LocalDate asOf, String runId,
      Map<String, Long> tableVersions, ModelGate gate) {
    Map<String, Object> meta = fingerprint(t, asOf, tableVersions);
    String version;
    try {
      version = version(asOf, JSON.writeValueAsString(meta));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String dir = path(lake, RETURN_LIKELIHOOD, version);
    List<String> failures = gate.failures(t.overall(ReturnLikelihoodTraining.SERVED),
        t.overall(ReturnLikelihoodTraining.SKU_RATE));

    Map<String, Object> full = new LinkedHashMap<>();
    full.put("name", RETURN_LIKELIHOOD);
    full.put("version", version);
    full.put("trained_at", ordered("as_of_date", asOf.toString(), "run_id", runId));
    full.putAll(meta);
    full.put("rows", ordered("train", t.trainRows(), "valid", t.validRows(), "test", t.testRows()));
    full.put("train_positive_rate", t.trainPositiveRate());
    full.put("validation_roc_auc_by_trees", t.validRocAuc());
    Map<String, Object> cal = new LinkedHashMap<>();
    cal.put("method", "isotonic regression fitted on the validation period");
    cal.put("trigger_validation_calibration_error", ReturnLikelihoodTraining.CALIBRATION_TRIGGER);
    cal.put("raw_validation_calibration_error", t.validRawCalibrationError());
    cal.put("applied", t.calibrated());
    full.put("calibration", cal);
    Map<String, Object> g = new LinkedHashMap<>(gate.asMap());
    g.put("passed", failures.isEmpty());
    g.put("failures", failures);
    full.put("gate", g);
    Map<String, Object> metrics = new LinkedHashMap<>();
    t.testMetrics().forEach((variant, results) ->
        metrics.put(variant, results.stream().map(BinaryMetrics::asMap).toList()));
    full.put("test_metrics", metrics);

    try {
      t.served().pipeline().write().overwrite().save(dir + "/model");
      t.logistic().write().overwrite().save(dir + "/" + LOGISTIC_DIR);
      if (t.served().calibrator() != null) {
        t.served().calibrator().write().overwrite().save(dir + "/calibrator");
      } else {
        delete(spark, dir + "/calibrator");
      }
      write(spark, dir + "/metadata.json", JSON.writeValueAsString(full));
    } catch (IOException e) {
      throw new IllegalStateException("cannot save model " + version + " under " + dir + ": " + e.getMessage(), e);
    }

    Delta.createIfNotExists(spark, lake, Tables.OPS_MODEL_RUNS, RUNS_SCHEMA);
    long seq = entries(spark, lake, RETURN_LIKELIHOOD).stream().mapToLong(Entry::seq).max().orElse(0) + 1;
    BinaryMetrics.Result served = t.overall(ReturnLikelihoodTraining.SERVED);
    Row row;
    try {
      row = RowFactory.create(RETURN_LIKELIHOOD, version, seq, Date.valueOf(asOf), runId,
          t.params().algorithm().name(), dir, Date.valueOf(t.split().trainFrom()), Date.valueOf(t.split().testTo()),
          t.trainRows(), t.testRows(), served.rocAuc(), served.prAuc(), served.logLoss(), served.liftTop10(),
          served.calibrationError(), t.overall(ReturnLikelihoodTraining.LOGISTIC).rocAuc(),
          t.overall(ReturnLikelihoodTraining.SKU_RATE).rocAuc(), t.calibrated(), failures.isEmpty(),
          String.join("; ", failures), JSON.writeValueAsString(new TreeMap<>(tableVersions)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Delta.upsertLatest(spark, lake, Tables.OPS_MODEL_RUNS, spark.createDataFrame(List.of(row), RUNS_SCHEMA),
        List.of("model_name", "model_version"), List.of(col("seq").desc()), null);
    return new Entry(RETURN_LIKELIHOOD, version, seq, asOf, failures.isEmpty(), String.join("; ", failures), dir);
  }

  /** Every registered version of {@code name}. Empty when nothing was ever trained. */
  public static List<Entry> entries(SparkSession spark, Lake lake, String name) {
    List<Entry> out = new ArrayList<>();
    if (!lake.exists(spark, Tables.OPS_MODEL_RUNS)) {
      return out;
    }
    for (Row r : lake.read(spark, Tables.OPS_MODEL_RUNS).filter(col("model_name").equalTo(name))
        .select("model_name", "model_version", "seq", "as_of_date", "passed_gate", "gate_failures", "path")
        .collectAsList()) {
      out.add(new Entry(r.getString(0), r.getString(1), r.getLong(2), r.getDate(3).toLocalDate(),
          r.getBoolean(4), r.getString(5), r.getString(6)));
    }
    return out;
  }

  /**
   * The model {@code score} uses as of {@code asOf}: the named version if given (it must exist;
   * a version that failed the gate is allowed, because the user asked for it), else the newest
   * version trained as of {@code asOf} or earlier that passed the gate. Pure.
   */
  public static Optional<Entry> select(List<Entry> entries, LocalDate asOf, String version) {
    if (version != null) {
      return entries.stream().filter(e -> e.version().equals(version)).findFirst();
    }
    return entries.stream()
        .filter(Entry::passedGate)
        .filter(e -> !e.asOf().isAfter(asOf))
        .max(Comparator.comparing(Entry::asOf).thenComparingLong(Entry::seq));
  }

  /**
   * {@link #select} over the registered return-likelihood models, or a one-line error saying
   * what to do. Logs a warning when the chosen (explicitly named) version failed the gate.
   */
  public static Entry choose(SparkSession spark, Lake lake, LocalDate asOf, String version) {
    List<Entry> entries = entries(spark, lake, RETURN_LIKELIHOOD);
    Optional<Entry> chosen = select(entries, asOf, version);
    if (chosen.isEmpty()) {
      throw new UserError(version != null
          ? "model version " + version + " is not registered in " + Tables.OPS_MODEL_RUNS
              + " (known: " + entries.stream().map(Entry::version).sorted().toList() + ")"
          : "no return-likelihood model trained as of " + asOf + " or earlier passes the gate ("
              + entries.size() + " registered); run 'train --as-of D' or pass --model-version");
    }
    Entry e = chosen.get();
    if (!e.passedGate()) {
      LOG.warn("model {} failed the gate ({}); using it because --model-version asked for it",
          e.version(), e.gateFailures());
    }
    return e;
  }

  /** Loads a registered return-likelihood model as it is served. */
  public static ReturnLikelihoodModel load(SparkSession spark, Entry e) {
    JsonNode meta = metadata(spark, e);
    PipelineModel pipeline = PipelineModel.load(e.path() + "/model");
    IsotonicRegressionModel calibrator = meta.path("calibration").path("applied").asBoolean(false)
        ? IsotonicRegressionModel.load(e.path() + "/calibrator")
        : null;
    return new ReturnLikelihoodModel(pipeline, calibrator);
  }

  /** The logistic baseline trained alongside a registered model. */
  public static PipelineModel loadLogisticBaseline(Entry e) {
    return PipelineModel.load(e.path() + "/" + LOGISTIC_DIR);
  }

  /** The model's metadata.json. */
  public static JsonNode metadata(SparkSession spark, Entry e) {
    Path p = new Path(e.path() + "/metadata.json");
    try (InputStream in = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(p)) {
      return JSON.readTree(in);
    } catch (IOException ex) {
      throw new UserError("cannot read " + p + " of model " + e.version() + ": " + ex.getMessage(), ex);
    }
  }

  private static void write(SparkSession spark, String file, String text) throws IOException {
    Path p = new Path(file);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (OutputStream out = fs.create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void delete(SparkSession spark, String dir) throws IOException {
    Path p = new Path(dir);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (fs.exists(p)) {
      fs.delete(p, true);
    }
  }
}
