package dev.boomerang.policy;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.Imputer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;

/**
 * The one factory of the supervised abuse classifier: median imputation of the feature columns,
 * assembler, then either a standardised L2-regularised logistic regression or a small GBT. The
 * feature list is {@link #FEATURES}, unprefixed {@code gold.customer_features} columns (training
 * rows of {@code gold.customer_training} are renamed from {@code c_<feature>} first). Input rows
 * need a double {@link #LABEL}; the probability of abuse is {@link #probability()}.
 */
public final class AbusePipeline {

  private AbusePipeline() {}

  public static final String LABEL = "label";

  /** The features the classifier reads: the signals' inputs plus volume and account context. */
  public static final List<String> FEATURES = List.of(
      "orders_365d", "units_365d", "returns_365d", "return_units_365d", "refund_value_365d",
      "return_rate_units_365d", "return_rate_units_vs_category_365d", "return_rate_value_vs_category_365d",
      "quick_return_share_365d", "weekend_delivery_early_week_request_share_365d", "seller_fault_share_365d",
      "reason_entropy_365d", "inr_claims_delivered_365d", "inr_claims_delivered_signed_365d",
      "claims_item_not_received_365d", "claims_a_to_z_365d", "claims_chargeback_365d",
      "returnless_refunds_365d", "returnless_refund_share_365d", "received_empty_box_365d",
      "received_wrong_item_365d", "received_damaged_365d", "labels_expired_unused_365d",
      "bracketing_orders_365d", "defect_sku_refunds_365d", "linked_accounts", "linked_accounts_payment",
      "linked_accounts_flagged", "linked_accounts_confirmed", "account_age_days");

  public enum Algorithm { LOGISTIC, GBT }

  /**
   * @param regParam L2 strength of the logistic regression (label noise: keep it firm)
   * @param maxIter iterations (logistic) or trees (GBT)
   * @param maxDepth tree depth (GBT only)
   */
  public record Params(Algorithm algorithm, double regParam, int maxIter, int maxDepth, long seed) {
    public static Params logistic(double regParam) {
      return new Params(Algorithm.LOGISTIC, regParam, 100, 0, 7L);
    }

    public static Params gbt(int trees, int depth) {
      return new Params(Algorithm.GBT, 0.0, trees, depth, 7L);
    }

    public String describe() {
      return algorithm == Algorithm.LOGISTIC ? "logistic(reg=" + regParam + ")"
          : "gbt(trees=" + maxIter + ",depth=" + maxDepth + ")";
    }
  }

  public static Pipeline build(Params p) {
    String[] in = FEATURES.toArray(String[]::new);
    String[] imputed = FEATURES.stream().map(f -> f + "_imp").toArray(String[]::new);
    Imputer imputer = new Imputer().setStrategy("median").setInputCols(in).setOutputCols(imputed);
    VectorAssembler assembler = new VectorAssembler().setInputCols(imputer.getOutputCols())
        .setOutputCol("raw_features").setHandleInvalid("keep");
    PipelineStage model;
    String featuresCol = assembler.getOutputCol();
    if (p.algorithm() == Algorithm.LOGISTIC) {
      StandardScaler scaler = new StandardScaler().setInputCol(featuresCol).setOutputCol("features")
          .setWithMean(true).setWithStd(true);
      model = new LogisticRegression().setFeaturesCol(scaler.getOutputCol()).setLabelCol(LABEL)
          .setRegParam(p.regParam()).setElasticNetParam(0.0).setMaxIter(p.maxIter());
      return new Pipeline().setStages(new PipelineStage[] {imputer, assembler, scaler, model});
    }
    model = new GBTClassifier().setFeaturesCol(featuresCol).setLabelCol(LABEL)
        .setMaxIter(p.maxIter()).setMaxDepth(p.maxDepth()).setSeed(p.seed()).setSubsamplingRate(0.8);
    return new Pipeline().setStages(new PipelineStage[] {imputer, assembler, model});
  }

  /** P(abuse) from the pipeline's probability vector. */
  public static Column probability() {
    return functions.vector_to_array(col("probability"), "float64").getItem(1);
  }

  /** The feature columns cast to double (the imputer needs numeric input). */
  public static Column[] featureColumns(String prefix) {
    return FEATURES.stream().map(f -> col(prefix + f).cast("double").as(f)).toArray(Column[]::new);
  }
}
