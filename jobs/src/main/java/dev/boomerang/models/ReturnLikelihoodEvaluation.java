package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Stage;
import dev.boomerang.common.Tables;
import dev.boomerang.common.Text;
import dev.boomerang.common.UserError;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code evaluate --as-of D}, return-likelihood part: re-measures the served model, its logistic
 * baseline and the SKU-rate baseline on every line that has closed by D and was ordered after the
 * model's validation period, so that it was never used to fit or to calibrate. Right after
 * training this is the test period; as days pass it grows into an out-of-time check of the model
 * in service. Metrics are {@link BinaryMetrics}, overall and per category, or per value of a
 * segment expression ({@link #SEGMENT_DOC}).
 */
public final class ReturnLikelihoodEvaluation {

  private ReturnLikelihoodEvaluation() {}

  public static final List<String> VARIANTS = List.of(
      ReturnLikelihoodTraining.SERVED, ReturnLikelihoodTraining.LOGISTIC, ReturnLikelihoodTraining.SKU_RATE);

  public record Outcome(ModelRegistry.Entry entry, LocalDate from, LocalDate to, long lines,
      Map<String, List<BinaryMetrics.Result>> metrics, String report, Map<String, Object> json) {}

  /** What {@code evaluate --segment} may use. */
  public static final String SEGMENT_DOC = "a Spark SQL expression over the columns of "
      + Tables.GOLD_ORDER_LINE_TRAINING + " and ship_country of silver.orders";

  /** The segment column a {@code --segment} expression is evaluated into. */
  static final String SEGMENT_COL = "segment";

  public static Outcome run(SparkSession spark, Lake lake, ModelSpec spec, LocalDate asOf, String version) {
    return run(spark, lake, spec, asOf, version, null);
  }

  /**
   * As {@link #run(SparkSession, Lake, ModelSpec, LocalDate, String)}, with the per-segment rows
   * split by {@code segment} ({@link #SEGMENT_DOC}; null: the spec's category) instead.
   */
  public static Outcome run(SparkSession spark, Lake lake, ModelSpec spec, LocalDate asOf, String version,
      String segment) {
    ModelRegistry.Entry e = ModelRegistry.choose(spark, lake, asOf, version);
    JsonNode meta = ModelRegistry.metadata(spark, e);
    LocalDate from = LocalDate.parse(meta.path("window").path("valid_to").asText()).plusDays(1);
    if (from.isAfter(asOf)) {
      throw new UserError("model " + e.version() + " was validated up to " + from.minusDays(1)
          + "; evaluate needs an --as-of after that");
    }
    Dataset<Row> lines = ReturnLikelihoodTraining.closedLines(
            ReturnLikelihoodTrainingJob.readLines(spark, lake, spec, asOf), spec)
        .filter(col(spec.orderDate()).between(lit(from), lit(asOf)));
    String segmentCol = spec.category();
    if (segment != null) {
      lines = withSegment(spark, lake, lines, segment);
      segmentCol = SEGMENT_COL;
    }
    Map<String, List<BinaryMetrics.Result>> metrics;
    try (Stage s = Stage.start("models.return_likelihood.evaluate")) {
      Dataset<Row> scored = ReturnLikelihoodTraining.withBaselines(
          ModelRegistry.load(spark, e).score(lines, ReturnLikelihoodTraining.SERVED),
          ModelRegistry.loadLogisticBaseline(e), spec, meta.path("train_positive_rate").asDouble());
      metrics = BinaryMetrics.evaluate(scored, spec.label(), VARIANTS, segmentCol);
      s.rows(metrics.get(ReturnLikelihoodTraining.SERVED).get(0).n(), metrics.get(ReturnLikelihoodTraining.SERVED).get(0).n());
    }
    long n = metrics.get(ReturnLikelihoodTraining.SERVED).get(0).n();
    if (n == 0) {
      throw new UserError("no closed order lines ordered between " + from + " and " + asOf
          + " to evaluate model " + e.version() + " on");
    }
    String report = String.format(Locale.ROOT, "return-likelihood %s on %d closed lines ordered %s..%s%n",
        e.version(), n, from, asOf) + (segment == null ? "" : "segment: " + segment + "\n")
        + ReturnLikelihoodTrainingJob.metricsTable(metrics);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", e.name());
    json.put("version", e.version());
    json.put("as_of_date", asOf.toString());
    json.put("period", ModelRegistry.ordered("from", from.toString(), "to", asOf.toString()));
    json.put("lines", n);
    json.put("segment", segment == null ? spec.category() : segment);
    json.put("passed_gate", e.passedGate());
    Map<String, Object> m = new LinkedHashMap<>();
    metrics.forEach((v, results) -> m.put(v, results.stream().map(BinaryMetrics::asMap).toList()));
    json.put("metrics", m);
    return new Outcome(e, from, asOf, n, metrics, report, json);
  }

  /**
   * Adds {@link #SEGMENT_COL}: {@code expression} evaluated per line, after a left join on order_id
   * that brings the order's ship_country from silver.orders (null when the lake has none).
   */
  static Dataset<Row> withSegment(SparkSession spark, Lake lake, Dataset<Row> lines, String expression) {
    String orders = Tables.silver("orders");
    Dataset<Row> joined = lines.withColumn("ship_country", lit(null).cast("string"));
    if (lake.exists(spark, orders)) {
      Dataset<Row> o = lake.read(spark, orders).select(col("order_id").as("_order_id"), col("ship_country"));
      joined = lines.join(o, col("order_id").equalTo(col("_order_id")), "left").drop("_order_id");
    }
    try {
      return joined.withColumn(SEGMENT_COL, expr(expression).cast("string"));
    } catch (Exception e) { // a parse or analysis error of the user's expression
      throw new UserError("--segment '" + expression + "' is not " + SEGMENT_DOC + ": " + Text.firstLine(e.getMessage()), e);
    }
  }
}
