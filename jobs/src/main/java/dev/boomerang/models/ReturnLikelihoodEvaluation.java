package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Stage;
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
 * in service. Metrics are {@link BinaryMetrics}, overall and per category.
 */
public final class ReturnLikelihoodEvaluation {

  private ReturnLikelihoodEvaluation() {}

  public static final List<String> VARIANTS = List.of(
      ReturnLikelihoodTraining.SERVED, ReturnLikelihoodTraining.LOGISTIC, ReturnLikelihoodTraining.SKU_RATE);

  public record Outcome(ModelRegistry.Entry entry, LocalDate from, LocalDate to, long lines,
      Map<String, List<BinaryMetrics.Result>> metrics, String report, Map<String, Object> json) {}

  public static Outcome run(SparkSession spark, Lake lake, ModelSpec spec, LocalDate asOf, String version) {
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
    Map<String, List<BinaryMetrics.Result>> metrics;
    try (Stage s = Stage.start("models.return_likelihood.evaluate")) {
      Dataset<Row> scored = ReturnLikelihoodTraining.withBaselines(
          ModelRegistry.load(spark, e).score(lines, ReturnLikelihoodTraining.SERVED),
          ModelRegistry.loadLogisticBaseline(e), spec, meta.path("train_positive_rate").asDouble());
      metrics = BinaryMetrics.evaluate(scored, spec.label(), VARIANTS, spec.category());
      s.rows(metrics.get(ReturnLikelihoodTraining.SERVED).get(0).n(), metrics.get(ReturnLikelihoodTraining.SERVED).get(0).n());
    }
    long n = metrics.get(ReturnLikelihoodTraining.SERVED).get(0).n();
    if (n == 0) {
      throw new UserError("no closed order lines ordered between " + from + " and " + asOf
          + " to evaluate model " + e.version() + " on");
    }
    String report = String.format(Locale.ROOT, "return-likelihood %s on %d closed lines ordered %s..%s%n",
        e.version(), n, from, asOf) + ReturnLikelihoodTrainingJob.metricsTable(metrics);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", e.name());
    json.put("version", e.version());
    json.put("as_of_date", asOf.toString());
    json.put("period", ModelRegistry.ordered("from", from.toString(), "to", asOf.toString()));
    json.put("lines", n);
    json.put("passed_gate", e.passedGate());
    Map<String, Object> m = new LinkedHashMap<>();
    metrics.forEach((v, results) -> m.put(v, results.stream().map(BinaryMetrics::asMap).toList()));
    json.put("metrics", m);
    return new Outcome(e, from, asOf, n, metrics, report, json);
  }
}
