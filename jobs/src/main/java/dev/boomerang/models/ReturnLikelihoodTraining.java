package dev.boomerang.models;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import dev.boomerang.common.Stage;
import dev.boomerang.models.ReturnLikelihoodPipeline.Params;
import dev.boomerang.models.TimeSplit.Boundaries;
import dev.boomerang.models.TimeSplit.Fractions;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.regression.IsotonicRegression;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the return-likelihood model and measures it against both baselines. No I/O: the caller
 * passes the order lines (one row per order line, {@link ModelSpec} columns) and gets the fitted
 * models and test metrics back; {@link ModelRegistry} stores them.
 *
 * <p>Steps: drop censored lines; split by order date ({@link TimeSplit}); fit the GBT pipeline for
 * each candidate tree setting and keep the one with the best validation ROC AUC; fit the logistic
 * baseline on train; fit an isotonic calibrator on the GBT's validation
 * probabilities; serve calibrated probabilities when the raw ones are off on validation (decile
 * calibration error above {@link #CALIBRATION_TRIGGER}); measure every variant on test, overall
 * and per category.
 *
 * <p>Cost: the closed lines are repartitioned to 2 and cached once (faster GBT on few cores);
 * then two fits, one isotonic fit and a few passes over the test period.
 */
public final class ReturnLikelihoodTraining {

  private static final Logger LOG = LoggerFactory.getLogger(ReturnLikelihoodTraining.class);

  private ReturnLikelihoodTraining() {}

  /** Raw validation calibration error above which the calibrated probabilities are served. */
  public static final double CALIBRATION_TRIGGER = 0.02;

  /** Score variants measured on test, in report order. {@link #SERVED} is what the gate judges. */
  public static final String SERVED = "gbt";
  public static final String RAW = "gbt_raw";
  public static final String CALIBRATED = "gbt_calibrated";
  public static final String LOGISTIC = "logistic";
  public static final String SKU_RATE = "sku_rate";
  public static final List<String> VARIANTS = List.of(SERVED, RAW, CALIBRATED, LOGISTIC, SKU_RATE);

  /**
   * The outcome of one training.
   *
   * @param params the served GBT's settings, the best of {@code validRocAuc}
   * @param validRocAuc validation ROC AUC of each candidate's GBT, by {@link Params#trees()}
   * @param testMetrics per variant: overall first, then per category
   */
  public record Trained(
      Params params, Fractions fractions, Boundaries split,
      ReturnLikelihoodModel served, PipelineModel logistic, boolean calibrated,
      long trainRows, long validRows, long testRows, double trainPositiveRate, double validRawCalibrationError,
      Map<String, Double> validRocAuc, Map<String, List<BinaryMetrics.Result>> testMetrics) {

    public BinaryMetrics.Result overall(String variant) {
      return testMetrics.get(variant).get(0);
    }
  }

  /** Closed lines (censored ones dropped) with the label as a DOUBLE. Pure transform. */
  public static Dataset<Row> closedLines(Dataset<Row> lines, ModelSpec spec) {
    return lines
        .filter(not(coalesce(col(spec.censored()), lit(true))))
        .withColumn(spec.label(), col(spec.label()).cast("double"));
  }

  /** Trains on {@code lines} (censored lines are dropped here) and measures on the test period. */
  public static Trained train(Dataset<Row> lines, Params params, Fractions fractions) {
    return train(lines, List.of(params), fractions);
  }

  /**
   * As {@link #train(Dataset, Params, Fractions)}, fitting one GBT per candidate (same spec and
   * weighting) and serving the one with the best validation ROC AUC; the logistic baseline takes
   * the first candidate's settings.
   */
  public static Trained train(Dataset<Row> lines, List<Params> candidates, Fractions fractions) {
    Params first = candidates.get(0);
    ModelSpec spec = first.spec();
    Dataset<Row> closed = closedLines(lines, spec);
    Row range = closed.agg(min(col(spec.orderDate())), max(col(spec.orderDate())),
        count(when(col(spec.label()).isNull(), 1))).head();
    if (range.isNullAt(0)) {
      throw new IllegalArgumentException("no closed order lines to train on (every line is censored or the input is empty)");
    }
    if (range.getLong(2) > 0) {
      throw new IllegalArgumentException(range.getLong(2) + " closed order lines have no " + spec.label()
          + "; a line whose return window has closed must be labelled");
    }
    Boundaries b = TimeSplit.boundaries(range.getDate(0).toLocalDate(), range.getDate(1).toLocalDate(), fractions);

    Dataset<Row> split = TimeSplit.withSplit(closed, spec.orderDate(), b)
        .repartition(2)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> train = ReturnLikelihoodPipeline.withClassWeights(
          split.filter(col(TimeSplit.SPLIT_COL).equalTo(TimeSplit.TRAIN)), spec.label(), first.weighting());
      Dataset<Row> valid = split.filter(col(TimeSplit.SPLIT_COL).equalTo(TimeSplit.VALID));
      Dataset<Row> test = split.filter(col(TimeSplit.SPLIT_COL).equalTo(TimeSplit.TEST));
      long trainRows = train.count();
      long validRows = valid.count();
      long testRows = test.count();
      requireBothClasses(train, spec.label(), "train", b.trainFrom(), b.trainTo());
      List<String> empty = allNull(train, spec.numeric());
      if (!empty.isEmpty()) {
        // The median imputer cannot fit a column with no value; such a feature carries no information.
        LOG.warn("features with no value in the training period, fitted as constant 0: {}", empty);
        for (String c : empty) {
          train = train.withColumn(c, lit(0.0));
        }
      }

      PipelineModel gbt = null;
      Params params = null;
      Map<String, Double> validAuc = new LinkedHashMap<>();
      PipelineModel lr;
      try (Stage s = Stage.start("models.return_likelihood.fit")) {
        for (Params candidate : candidates) {
          PipelineModel fitted = ReturnLikelihoodPipeline.build(candidate).fit(train);
          double auc = BinaryMetrics.evaluate(ReturnLikelihoodModel.withRawProbability(fitted, valid,
              ReturnLikelihoodModel.RAW), spec.label(), ReturnLikelihoodModel.RAW).rocAuc();
          LOG.info("GBT {}: validation ROC AUC {}", candidate.trees(), auc);
          if (gbt == null || auc > validAuc.get(params.trees())) {
            gbt = fitted;
            params = candidate;
          }
          validAuc.put(candidate.trees(), auc);
        }
        lr = ReturnLikelihoodPipeline.build(first.asLogistic()).fit(train);
        s.rows(trainRows, trainRows);
      }

      Dataset<Row> validScored = ReturnLikelihoodModel.withRawProbability(gbt, valid, ReturnLikelihoodModel.RAW);
      IsotonicRegressionModel calibrator = new IsotonicRegression()
          .setFeaturesCol(ReturnLikelihoodModel.RAW)
          .setLabelCol(spec.label())
          .setPredictionCol("p_calibrated")
          .setIsotonic(true)
          .fit(validScored);
      double validEce = BinaryMetrics.evaluate(validScored, spec.label(), ReturnLikelihoodModel.RAW).calibrationError();
      boolean calibrated = validEce > CALIBRATION_TRIGGER;

      double trainRate = train.agg(avg(col(spec.label()))).head().getDouble(0);
      Dataset<Row> scored = new ReturnLikelihoodModel(gbt, calibrator).score(
              ReturnLikelihoodModel.withRawProbability(gbt, test, RAW), CALIBRATED);
      scored = withBaselines(scored, lr, spec, trainRate)
          .withColumn(SERVED, col(calibrated ? CALIBRATED : RAW))
          .select(col(spec.label()), col(spec.category()),
              col(SERVED), col(RAW), col(CALIBRATED), col(LOGISTIC), col(SKU_RATE));
      Map<String, List<BinaryMetrics.Result>> metrics;
      try (Stage s = Stage.start("models.return_likelihood.metrics")) {
        metrics = BinaryMetrics.evaluate(scored, spec.label(), VARIANTS, spec.category());
        s.rows(testRows, testRows);
      }
      return new Trained(params, fractions, b, new ReturnLikelihoodModel(gbt, calibrated ? calibrator : null), lr,
          calibrated, trainRows, validRows, testRows, trainRate, validEce, validAuc, metrics);
    } finally {
      split.unpersist();
    }
  }

  /**
   * The numeric columns of {@code columns} that hold no value (only null or NaN, which the imputer
   * treats alike) on any row of {@code lines}; all of them when it is empty.
   */
  static List<String> allNull(Dataset<Row> lines, List<String> columns) {
    if (columns.isEmpty()) {
      return List.of();
    }
    List<Column> valued = columns.stream().map(c -> count(when(col(c).isNotNull().and(not(isnan(col(c).cast("double")))), lit(1)))).toList();
    Row counts = lines.agg(valued.get(0), valued.subList(1, valued.size()).toArray(Column[]::new)).head();
    return java.util.stream.IntStream.range(0, columns.size()).filter(i -> counts.getLong(i) == 0)
        .mapToObj(columns::get).toList();
  }

  /**
   * Adds the two baselines' scores: {@link #LOGISTIC} from the fitted logistic pipeline and
   * {@link #SKU_RATE}, the smoothed SKU return rate (the training-period rate where it is
   * missing). Pure transform.
   */
  public static Dataset<Row> withBaselines(Dataset<Row> lines, PipelineModel logistic, ModelSpec spec,
      double trainPositiveRate) {
    Column skuScore = coalesce(col(spec.skuBaselineScore()).cast("double"), lit(trainPositiveRate));
    return ReturnLikelihoodModel.withRawProbability(logistic, lines, LOGISTIC).withColumn(SKU_RATE, skuScore);
  }

  private static void requireBothClasses(Dataset<Row> train, String label, String period, LocalDate from, LocalDate to) {
    long classes = train.select(label).distinct().count();
    if (classes < 2) {
      throw new IllegalArgumentException("the " + period + " period " + from + " to " + to
          + " has only one label value; a classifier needs returned and kept lines");
    }
  }
}
