package dev.boomerang.policy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import dev.boomerang.common.Delta;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Stage;
import dev.boomerang.common.Tables;
import dev.boomerang.common.UserError;
import dev.boomerang.models.ModelRegistry;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The abuse half of {@code score --as-of D}: reads the {@code gold.customer_features} rows of D,
 * adds the outlier score, the classifier probability when a gated abuse model trained as of D or
 * earlier exists (cold start: none, and scoring still runs), scores ({@link AbuseScore}) and
 * MERGEs into {@code gold.abuse_scores} keyed on (customer_id, as_of_date), so a re-run for D
 * replaces D's rows.
 */
public final class AbuseScoringJob {

  private AbuseScoringJob() {}

  public record Outcome(String modelVersion, String note, long customers, Map<String, Long> tiers) {}

  /** Adds model_probability: from the model when given, else null. Pure transform. */
  public static Dataset<Row> withProbability(Dataset<Row> features, PipelineModel model) {
    if (model == null) {
      return features.withColumn("model_probability", lit(null).cast("double"));
    }
    List<org.apache.spark.sql.Column> cols = new java.util.ArrayList<>(List.of(col("customer_id")));
    cols.addAll(List.of(AbusePipeline.featureColumns("")));
    Dataset<Row> in = features.select(cols.toArray(org.apache.spark.sql.Column[]::new));
    Dataset<Row> p = model.transform(in).select(col("customer_id"), AbusePipeline.probability().as("model_probability"));
    return features.join(p, features.col("customer_id").equalTo(p.col("customer_id")), "left").drop(p.col("customer_id"));
  }

  public static Outcome run(SparkSession spark, Lake lake, LocalDate asOf, String modelVersion) {
    if (!lake.exists(spark, Tables.GOLD_CUSTOMER_FEATURES)) {
      throw new UserError("table " + Tables.GOLD_CUSTOMER_FEATURES + " does not exist in lake " + lake.root()
          + "; run 'features --as-of " + asOf + "' first");
    }
    Dataset<Row> features = lake.read(spark, Tables.GOLD_CUSTOMER_FEATURES)
        .filter(col("as_of_date").equalTo(lit(Date.valueOf(asOf))));
    List<ModelRegistry.Entry> entries = ModelRegistry.entries(spark, lake, AbuseTraining.NAME);
    Optional<ModelRegistry.Entry> chosen = ModelRegistry.select(entries, asOf, modelVersion);
    if (modelVersion != null && chosen.isEmpty()) {
      throw new UserError("abuse model version " + modelVersion + " is not registered in " + Tables.OPS_MODEL_RUNS
          + " (known: " + entries.stream().map(ModelRegistry.Entry::version).sorted().toList() + ")");
    }
    PipelineModel model = chosen.map(e -> PipelineModel.load(e.path() + "/model")).orElse(null);
    String version = chosen.map(e -> AbuseScore.SIGNALS_VERSION + "+" + AbuseTraining.NAME + ":" + e.version())
        .orElse(AbuseScore.SIGNALS_VERSION);
    String note = chosen.isPresent()
        ? (chosen.get().passedGate() ? "" : " (model FAILED its gate: " + chosen.get().gateFailures() + ")")
        : " (no gated abuse model: " + entries.size() + " registered; signals and outlier score only)";
    try (Stage s = Stage.start("policy.abuse_scores")) {
      Dataset<Row> scored = AbuseScore.score(withProbability(PeerOutlier.withOutlierScore(features), model), version)
          .cache();
      Map<String, Long> tiers = new TreeMap<>();
      long n = 0;
      for (Row r : scored.groupBy("tier").agg(count(lit(1))).collectAsList()) {
        tiers.put(r.getString(0), r.getLong(1));
        n += r.getLong(1);
      }
      if (n == 0) {
        scored.unpersist();
        throw new UserError(Tables.GOLD_CUSTOMER_FEATURES + " has no rows for as_of_date " + asOf
            + "; run 'features --as-of " + asOf + "' first");
      }
      Delta.createIfNotExists(spark, lake, Tables.GOLD_ABUSE_SCORES, AbuseScore.SCHEMA);
      Delta.upsertLatest(spark, lake, Tables.GOLD_ABUSE_SCORES, scored, List.of("customer_id", "as_of_date"),
          List.of(col("risk_score").desc()), null);
      scored.unpersist();
      s.rows(n, n);
      return new Outcome(version, note, n, tiers);
    }
  }
}
