package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.boomerang.common.Delta;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Stage;
import dev.boomerang.common.Tables;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores every order line known by D whose return window is still open (the censored lines of
 * the training table) with the served return-likelihood model, into
 * {@code gold.return_risk_scores}: one row per (order_id, line_no, as_of_date), keyed MERGE, so a
 * re-run for the same D replaces that day's scores.
 */
public final class ReturnRiskScoring {

  private ReturnRiskScoring() {}

  public static final StructType SCHEMA = new StructType()
      .add("order_id", DataTypes.StringType, false)
      .add("line_no", DataTypes.IntegerType, false)
      .add("as_of_date", DataTypes.DateType, false)
      .add("probability", DataTypes.DoubleType)
      .add("model_version", DataTypes.StringType);

  /** What a scoring run did. */
  public record Outcome(String modelVersion, boolean passedGate, String gateFailures, long linesScored) {}

  /** Open lines as of {@code asOf}: censored and ordered on or before D. Pure transform. */
  public static Dataset<Row> openLines(Dataset<Row> lines, ModelSpec spec, LocalDate asOf) {
    Column knownByD = col(spec.orderDate()).leq(lit(asOf));
    return lines.filter(col(spec.censored()).equalTo(true).and(knownByD));
  }

  /** The scores table's rows for {@code open} lines. Pure transform. */
  public static Dataset<Row> scores(ReturnLikelihoodModel model, ModelSpec spec, Dataset<Row> open, LocalDate asOf,
      String version) {
    return model.score(open, "probability").select(
        col(spec.keys().get(0)).cast("string").as("order_id"),
        col(spec.keys().get(1)).cast("int").as("line_no"),
        lit(asOf).as("as_of_date"),
        col("probability"),
        lit(version).as("model_version"));
  }

  /**
   * Picks the model (the newest that passes the gate, or {@code version}), scores the open lines
   * of {@code gold.order_line_training} as of D and merges them into the scores table.
   */
  public static Outcome run(SparkSession spark, Lake lake, ModelSpec spec, LocalDate asOf, String version) {
    ModelRegistry.Entry e = ModelRegistry.choose(spark, lake, asOf, version);
    Dataset<Row> lines = ReturnLikelihoodTrainingJob.readLines(spark, lake, spec, asOf);
    try (Stage s = Stage.start("models.return_risk_scores")) {
      Dataset<Row> out = scores(ModelRegistry.load(spark, e), spec, openLines(lines, spec, asOf), asOf, e.version())
          .cache();
      long n = out.count();
      Delta.createIfNotExists(spark, lake, Tables.GOLD_RETURN_RISK_SCORES, SCHEMA);
      Delta.upsertLatest(spark, lake, Tables.GOLD_RETURN_RISK_SCORES, out,
          List.of("order_id", "line_no", "as_of_date"), List.of(col("model_version").asc()), null);
      out.unpersist();
      s.rows(n, n);
      return new Outcome(e.version(), e.passedGate(), e.gateFailures(), n);
    }
  }
}
