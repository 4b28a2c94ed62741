package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.GBTClassificationModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
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

  /**
   * The GBT's feature importances (MLlib {@code featureImportances}, summing to 1) by input feature
   * name as the {@link ModelSpec} names it, largest first (ties by name). One entry per assembled
   * column: the GBT pipeline indexes a categorical into one column ({@code <name>_idx}) and imputes
   * a numeric one ({@code <name>_imp}); the suffixes are dropped.
   *
   * @throws IllegalStateException when the pipeline does not end in a GBT (the logistic baseline)
   */
  public Map<String, Double> featureImportances() {
    return featureImportances(pipeline);
  }

  /** {@link #featureImportances()} of a fitted pipeline of {@link ReturnLikelihoodPipeline}. */
  public static Map<String, Double> featureImportances(PipelineModel model) {
    Transformer[] stages = model.stages();
    if (!(stages[stages.length - 1] instanceof GBTClassificationModel gbt)) {
      throw new IllegalStateException("feature importances need a GBT pipeline, this one ends in "
          + stages[stages.length - 1].getClass().getSimpleName());
    }
    String[] inputs = null;
    for (Transformer t : stages) {
      if (t instanceof VectorAssembler a) {
        inputs = a.getInputCols();
      }
    }
    Vector importances = gbt.featureImportances();
    if (inputs == null || inputs.length != importances.size()) {
      throw new IllegalStateException("the GBT has " + importances.size() + " features but the assembler "
          + (inputs == null ? "is missing" : "has " + inputs.length + " inputs"));
    }
    List<Map.Entry<String, Double>> entries = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      entries.add(Map.entry(inputs[i].replaceFirst("_(idx|imp)$", ""), importances.apply(i)));
    }
    entries.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    Map<String, Double> out = new LinkedHashMap<>();
    entries.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
