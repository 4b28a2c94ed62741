package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.regression.IsotonicRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A fitted return-likelihood model as it is served: the pipeline and, when the registry says the
 * raw probabilities needed it, the isotonic calibrator fitted on the validation period.
 *
 * @param pipeline the fitted pipeline of {@link ReturnLikelihoodPipeline}
 * @param calibrator the isotonic map from raw to calibrated probability, or null to serve raw
 */
public record ReturnLikelihoodModel(PipelineModel pipeline, IsotonicRegressionModel calibrator) {

  /** The raw positive-class probability the pipeline gives, before calibration. */
  public static final String RAW = "p_raw";

  /**
   * Adds {@code out}: the served probability that each line is returned. Keeps every input column
   * and nothing of the pipeline's intermediate columns. Pure transform.
   */
  public Dataset<Row> score(Dataset<Row> lines, String out) {
    Dataset<Row> raw = withRawProbability(pipeline, lines, RAW);
    if (calibrator == null) {
      return raw.withColumnRenamed(RAW, out);
    }
    IsotonicRegressionModel iso = calibrator.copy(calibrator.extractParamMap())
        .setFeaturesCol(RAW)
        .setPredictionCol(out);
    return iso.transform(raw).drop(RAW);
  }

  /** Adds {@code out} = the pipeline's probability of class 1; keeps only the input columns besides. */
  public static Dataset<Row> withRawProbability(PipelineModel model, Dataset<Row> lines, String out) {
    List<Column> keep = new ArrayList<>();
    for (String c : lines.columns()) {
      keep.add(col(c));
    }
    keep.add(org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64")
        .getItem(1).as(out));
    return model.transform(lines).select(keep.toArray(Column[]::new));
  }
}
