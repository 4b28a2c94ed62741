package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The one factory for the return-likelihood pipelines: the gradient-boosted tree model and the
 * logistic-regression baseline are built from the same {@link Params}, differing only where the
 * algorithm needs it (one-hot encoding for the linear model).
 *
 * <p>Stages: {@code StringIndexer} over the categorical columns (unseen and null values go to an
 * extra "unknown" index) → ({@code OneHotEncoder}, logistic only) → {@code Imputer} (median) over
 * the numeric columns, because new customers have no history and trees cannot split on NaN →
 * {@code VectorAssembler} → {@code GBTClassifier} or {@code LogisticRegression}. The fitted model
 * adds {@code rawPrediction}, {@code probability} and {@code prediction}.
 */
public final class ReturnLikelihoodPipeline {

  private ReturnLikelihoodPipeline() {}

  public enum Algorithm { GBT, LOGISTIC }

  /** How the classes are weighted in training. */
  public enum ClassWeighting {
    /** Every line weighs 1: the raw probabilities estimate the return rate. */
    NONE,
    /** Each class weighs in total half: positives get n / (2 n_pos). Probabilities then need calibration. */
    BALANCED
  }

  /** The column the class weight lives in when {@link ClassWeighting#BALANCED} is used. */
  public static final String WEIGHT_COL = "class_weight";

  /**
   * Everything that defines a pipeline. Recorded verbatim in the model's metadata.
   *
   * @param spec the feature columns and label
   * @param algorithm GBT or LOGISTIC
   * @param weighting class weighting
   * @param seed seed of every randomised stage
   * @param maxIter boosting rounds (GBT) or optimiser iterations (logistic)
   * @param maxDepth tree depth (GBT)
   * @param maxBins histogram bins (GBT); must be at least the largest category count + 1
   * @param stepSize learning rate (GBT)
   * @param subsamplingRate row sampling per tree (GBT)
   * @param regParam L2 regularisation (logistic)
   */
  public record Params(
      ModelSpec spec, Algorithm algorithm, ClassWeighting weighting, long seed,
      int maxIter, int maxDepth, int maxBins, double stepSize, double subsamplingRate, double regParam) {

    /** The defaults used by {@code train}: 50 rounds of depth-5 trees, no class weights. */
    public static Params gbt(ModelSpec spec) {
      return new Params(spec, Algorithm.GBT, ClassWeighting.NONE, 42L, 50, 5, 64, 0.1, 0.8, 0.0);
    }

    /** The logistic baseline with the same spec, weighting and seed. */
    public Params asLogistic() {
      return new Params(spec, Algorithm.LOGISTIC, weighting, seed, 100, maxDepth, maxBins, stepSize,
          subsamplingRate, 0.01);
    }

    public Params withTrees(int iterations, int depth) {
      return new Params(spec, algorithm, weighting, seed, iterations, depth, maxBins, stepSize,
          subsamplingRate, regParam);
    }

    public Params withStepSize(double step) {
      return new Params(spec, algorithm, weighting, seed, maxIter, maxDepth, maxBins, step,
          subsamplingRate, regParam);
    }

    /**
     * The tree settings {@code train} tries when none is given; it keeps the one with the better
     * validation ROC AUC. Deep trees win where closed lines are many (UCI: 390,000 lines), shallow
     * slow ones where they are few (the simulator's 60 days: 26,000), see docs/MODELS.md.
     */
    public static List<Params> defaults(ModelSpec spec) {
      return List.of(gbt(spec), gbt(spec).withTrees(100, 3).withStepSize(0.05));
    }

    /** "50 rounds, depth 5, step 0.1", for reports. */
    public String trees() {
      return String.format(java.util.Locale.ROOT, "%d rounds, depth %d, step %s", maxIter, maxDepth, stepSize);
    }

    public Params withWeighting(ClassWeighting w) {
      return new Params(spec, algorithm, w, seed, maxIter, maxDepth, maxBins, stepSize,
          subsamplingRate, regParam);
    }
  }

  /** Builds the unfitted pipeline for {@code p}. */
  public static Pipeline build(Params p) {
    ModelSpec spec = p.spec();
    List<PipelineStage> stages = new ArrayList<>();
    List<String> assembled = new ArrayList<>();

    if (!spec.categorical().isEmpty()) {
      StringIndexer indexer = new StringIndexer()
          .setInputCols(spec.categorical().toArray(String[]::new))
          .setOutputCols(spec.categorical().stream().map(c -> c + "_idx").toArray(String[]::new))
          .setHandleInvalid("keep")
          .setStringOrderType("alphabetAsc");
      stages.add(indexer);
      if (p.algorithm() == Algorithm.LOGISTIC) {
        OneHotEncoder encoder = new OneHotEncoder()
            .setInputCols(indexer.getOutputCols())
            .setOutputCols(spec.categorical().stream().map(c -> c + "_vec").toArray(String[]::new))
            .setHandleInvalid("keep");
        stages.add(encoder);
        assembled.addAll(List.of(encoder.getOutputCols()));
      } else {
        assembled.addAll(List.of(indexer.getOutputCols()));
      }
    }
    if (!spec.numeric().isEmpty()) {
      Imputer imputer = new Imputer()
          .setInputCols(spec.numeric().toArray(String[]::new))
          .setOutputCols(spec.numeric().stream().map(c -> c + "_imp").toArray(String[]::new))
          .setStrategy("median");
      stages.add(imputer);
      assembled.addAll(List.of(imputer.getOutputCols()));
    }
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(assembled.toArray(String[]::new))
        .setOutputCol("features")
        .setHandleInvalid("keep");
    stages.add(assembler);

    if (p.algorithm() == Algorithm.GBT) {
      GBTClassifier gbt = new GBTClassifier()
          .setFeaturesCol(assembler.getOutputCol())
          .setLabelCol(spec.label())
          .setMaxIter(p.maxIter())
          .setMaxDepth(p.maxDepth())
          .setMaxBins(p.maxBins())
          .setStepSize(p.stepSize())
          .setSubsamplingRate(p.subsamplingRate())
          .setSeed(p.seed());
      if (p.weighting() == ClassWeighting.BALANCED) {
        gbt.setWeightCol(WEIGHT_COL);
      }
      stages.add(gbt);
    } else {
      LogisticRegression lr = new LogisticRegression()
          .setFeaturesCol(assembler.getOutputCol())
          .setLabelCol(spec.label())
          .setMaxIter(p.maxIter())
          .setRegParam(p.regParam())
          .setElasticNetParam(0.0);
      if (p.weighting() == ClassWeighting.BALANCED) {
        lr.setWeightCol(WEIGHT_COL);
      }
      stages.add(lr);
    }
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  /**
   * Adds {@link #WEIGHT_COL}: under BALANCED, positives weigh {@code n / (2 n_pos)} and negatives
   * {@code n / (2 n_neg)}; under NONE every row weighs 1. Pure transform (the class counts are an
   * aggregate over {@code labeled}, joined back as a one-row cross join).
   */
  public static Dataset<Row> withClassWeights(Dataset<Row> labeled, String label, ClassWeighting w) {
    if (w == ClassWeighting.NONE) {
      return labeled.withColumn(WEIGHT_COL, lit(1.0));
    }
    Dataset<Row> counts = labeled.agg(
        count(lit(1)).cast("double").as("_n"),
        sum(col(label).cast("double")).as("_n_pos"));
    return labeled.crossJoin(counts)
        .withColumn(WEIGHT_COL, when(col(label).cast("double").equalTo(1.0),
                col("_n").divide(col("_n_pos").multiply(2)))
            .otherwise(col("_n").divide(col("_n").minus(col("_n_pos")).multiply(2))))
        .drop("_n", "_n_pos");
  }
}
