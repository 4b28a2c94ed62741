package dev.boomerang.policy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.common.UserError;
import dev.boomerang.models.BinaryMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code evaluate --truth DIR --as-of D}: the abuse scores of D against the simulator's ground
 * truth ({@code <truth>/customers.csv}), for the served blend ("with_supervised") and the
 * signals-plus-outlier blend ("without_supervised"; identical when no model is served).
 *
 * <p>The return-likelihood part is {@code ReturnLikelihoodEvaluation}'s; the command adds it.
 *
 * <p>The population is every truth customer not excluded from review at D (confirmed earlier, or
 * cleared within the cooldown), as the review list sees it. Customers without a score (no order
 * in 365 days) count as unranked: they lower recall, never precision.
 * <ul>
 *   <li>Review list: the top {@code capacity} eligible customers of tier review; precision = abusers
 *       in it / its size, recall = abusers in it / eligible abusers.
 *   <li>At K = 100, 200, 500: the top K eligible customers by score, whatever their tier.
 *   <li>PR AUC over the scored eligible customers ({@link BinaryMetrics}, score / 100).
 *   <li>Recall per persona (abusers): share in the list and share in tier review.
 *   <li>False-positive rate per hard-negative group (honest customers only): share in the list
 *       and share in tier review ("flagged").
 * </ul>
 */
public final class AbuseEvaluation {

  private AbuseEvaluation() {}

  public static final List<Integer> KS = List.of(100, 200, 500);
  public static final StructType TRUTH_SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType)
      .add("persona", DataTypes.StringType)
      .add("is_abuser", DataTypes.StringType)
      .add("abuse_types", DataTypes.StringType)
      .add("intensity", DataTypes.DoubleType)
      .add("ring_id", DataTypes.StringType)
      .add("hard_negative_group", DataTypes.StringType);

  /** One eligible truth customer; score null when unscored. */
  public record Case(String customerId, boolean abuser, String persona, String group, Double score, String tier) {}

  /** The metrics of one variant. Pure. {@code cases} in any order. */
  public static Map<String, Object> metrics(List<Case> cases, int capacity) {
    List<Case> ranked = new ArrayList<>(cases.stream().filter(c -> c.score() != null).toList());
    ranked.sort((a, b) -> {
      int s = Double.compare(b.score(), a.score());
      return s != 0 ? s : a.customerId().compareTo(b.customerId());
    });
    long abusers = cases.stream().filter(Case::abuser).count();
    List<Case> list = ranked.stream().filter(c -> AbuseScore.REVIEW.equals(c.tier())).limit(capacity).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("eligible_customers", cases.size());
    m.put("eligible_abusers", abusers);
    m.put("scored", ranked.size());
    m.put("review_list", atK(list, list.size(), abusers, "capacity", capacity));
    List<Map<String, Object>> ks = new ArrayList<>();
    for (int k : KS) {
      ks.add(atK(ranked.subList(0, Math.min(k, ranked.size())), k, abusers, "k", k));
    }
    m.put("top_k", ks);
    double[] y = new double[ranked.size()];
    double[] p = new double[ranked.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = ranked.get(i).abuser() ? 1 : 0;
      p[i] = ranked.get(i).score() / 100.0;
    }
    BinaryMetrics.Result r = BinaryMetrics.compute("eligible", y, p);
    m.put("pr_auc", Double.isFinite(r.prAuc()) ? r.prAuc() : null);
    m.put("roc_auc", Double.isFinite(r.rocAuc()) ? r.rocAuc() : null);
    m.put("recall_per_persona", groups(cases, list, true));
    m.put("fp_rate_per_hard_negative_group", groups(cases, list, false));
    return m;
  }

  private static Map<String, Object> atK(List<Case> top, int denominator, long abusers, String kName, int k) {
    long hits = top.stream().filter(Case::abuser).count();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(kName, k);
    m.put("listed", top.size());
    m.put("abusers", hits);
    m.put("precision", denominator == 0 ? null : (double) hits / denominator);
    m.put("recall", abusers == 0 ? null : (double) hits / abusers);
    return m;
  }

  private static Map<String, Object> groups(List<Case> cases, List<Case> list, boolean abusers) {
    Map<String, long[]> g = new TreeMap<>();
    java.util.Set<String> listed = new java.util.HashSet<>(list.stream().map(Case::customerId).toList());
    for (Case c : cases) {
      String key = abusers ? c.persona() : c.group();
      if (c.abuser() != abusers || key == null || key.isBlank()) {
        continue;
      }
      long[] v = g.computeIfAbsent(key, x -> new long[3]);
      v[0]++;
      v[1] += listed.contains(c.customerId()) ? 1 : 0;
      v[2] += AbuseScore.REVIEW.equals(c.tier()) ? 1 : 0;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    g.forEach((k, v) -> {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("n", v[0]);
      e.put("in_review_list", v[1]);
      e.put("in_review_tier", v[2]);
      e.put(abusers ? "recall_review_list" : "fp_rate_review_list", (double) v[1] / v[0]);
      e.put(abusers ? "recall_review_tier" : "fp_rate_review_tier", (double) v[2] / v[0]);
      out.put(k, e);
    });
    return out;
  }

  static boolean truthy(String s) {
    return s != null && List.of("true", "1", "yes", "y", "t").contains(s.trim().toLowerCase(Locale.ROOT));
  }

  /** The evaluation document and its printed table. */
  public record Outcome(Map<String, Object> document, String table) {}

  public static Outcome run(SparkSession spark, Lake lake, Path truthDir, LocalDate asOf, int capacity,
      int cooldownDays) {
    Path customersCsv = truthDir.resolve("customers.csv");
    if (!Files.isRegularFile(customersCsv)) {
      throw new UserError("ground truth " + customersCsv + " not found (expected the simulator's --truth folder)");
    }
    if (!lake.exists(spark, Tables.GOLD_ABUSE_SCORES)) {
      throw new UserError("table " + Tables.GOLD_ABUSE_SCORES + " does not exist in lake " + lake.root()
          + "; run 'score --as-of " + asOf + "' first");
    }
    Dataset<Row> truth = spark.read().option("header", "true").option("mode", "FAILFAST").schema(TRUTH_SCHEMA)
        .csv(customersCsv.toAbsolutePath().toString());
    Dataset<Row> scores = lake.read(spark, Tables.GOLD_ABUSE_SCORES)
        .filter(col("as_of_date").equalTo(lit(Date.valueOf(asOf))));
    Dataset<Row> reviews = lake.exists(spark, Tables.silver("fraud_reviews"))
        ? lake.read(spark, Tables.silver("fraud_reviews"))
        : spark.createDataFrame(List.of(), new StructType().add("review_id", "string").add("customer_id", "string")
            .add("reviewed_ts", "timestamp").add("decision", "string"));
    Dataset<Row> excluded = ReviewList.exclusions(reviews, asOf, cooldownDays);
    Dataset<Row> eligible = truth.join(excluded, truth.col("customer_id").equalTo(excluded.col("customer_id")), "left_anti");
    List<Row> rows = eligible.as("t").join(scores.as("s"), col("t.customer_id").equalTo(col("s.customer_id")), "left")
        .select(col("t.customer_id"), col("t.is_abuser"), col("t.persona"), col("t.hard_negative_group"),
            col("s.risk_score"), col("s.tier"), col("s.risk_score_unsupervised"),
            AbuseScore.tier(col("s.risk_score_unsupervised"), col("s.rule_score")).as("tier_unsupervised"),
            col("s.model_version"))
        .collectAsList();
    if (rows.isEmpty()) {
      throw new UserError(customersCsv + " lists no customers");
    }
    List<Case> withModel = new ArrayList<>();
    List<Case> without = new ArrayList<>();
    String version = null;
    for (Row r : rows) {
      boolean abuser = truthy(r.getString(1));
      withModel.add(new Case(r.getString(0), abuser, r.getString(2), r.getString(3),
          r.isNullAt(4) ? null : r.getDouble(4), r.getString(5)));
      without.add(new Case(r.getString(0), abuser, r.getString(2), r.getString(3),
          r.isNullAt(6) ? null : r.getDouble(6), r.getString(7)));
      version = version == null ? r.getString(8) : version;
    }
    if (version == null) {
      throw new UserError(Tables.GOLD_ABUSE_SCORES + " has no rows for " + asOf + "; run 'score --as-of " + asOf
          + "' first");
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("as_of_date", asOf.toString());
    doc.put("truth", customersCsv.toAbsolutePath().toString());
    doc.put("review_capacity", capacity);
    doc.put("cooldown_days", cooldownDays);
    doc.put("abuse_model_version", version);
    Map<String, Object> abuse = new LinkedHashMap<>();
    abuse.put("with_supervised", metrics(withModel, capacity));
    abuse.put("without_supervised", metrics(without, capacity));
    doc.put("abuse", abuse);
    String table = abuseTable(abuse, version);
    return new Outcome(doc, table);
  }

  @SuppressWarnings("unchecked")
  static String abuseTable(Map<String, Object> abuse, String version) {
    StringBuilder b = new StringBuilder("abuse scoring (" + version + ")\n");
    String fmt = "%-34s %18s %18s%n";
    b.append(String.format(Locale.ROOT, fmt, "metric", "with_supervised", "without_supervised"));
    Map<String, Object> w = (Map<String, Object>) abuse.get("with_supervised");
    Map<String, Object> wo = (Map<String, Object>) abuse.get("without_supervised");
    Map<String, Object> lw = (Map<String, Object>) w.get("review_list");
    Map<String, Object> lwo = (Map<String, Object>) wo.get("review_list");
    b.append(String.format(Locale.ROOT, fmt, "review list size", lw.get("listed"), lwo.get("listed")));
    b.append(String.format(Locale.ROOT, fmt, "precision @ review list", f(lw.get("precision")), f(lwo.get("precision"))));
    b.append(String.format(Locale.ROOT, fmt, "recall @ review list", f(lw.get("recall")), f(lwo.get("recall"))));
    List<Map<String, Object>> kw = (List<Map<String, Object>>) w.get("top_k");
    List<Map<String, Object>> kwo = (List<Map<String, Object>>) wo.get("top_k");
    for (int i = 0; i < kw.size(); i++) {
      Object k = kw.get(i).get("k");
      b.append(String.format(Locale.ROOT, fmt, "precision @ " + k, f(kw.get(i).get("precision")),
          f(kwo.get(i).get("precision"))));
      b.append(String.format(Locale.ROOT, fmt, "recall @ " + k, f(kw.get(i).get("recall")), f(kwo.get(i).get("recall"))));
    }
    b.append(String.format(Locale.ROOT, fmt, "PR AUC", f(w.get("pr_auc")), f(wo.get("pr_auc"))));
    for (String[] g : new String[][] {{"recall_per_persona", "recall_review_list", "recall list"},
        {"recall_per_persona", "recall_review_tier", "recall tier"},
        {"fp_rate_per_hard_negative_group", "fp_rate_review_list", "FP list"},
        {"fp_rate_per_hard_negative_group", "fp_rate_review_tier", "FP tier"}}) {
      Map<String, Object> gw = (Map<String, Object>) w.get(g[0]);
      Map<String, Object> gwo = (Map<String, Object>) wo.get(g[0]);
      gw.forEach((name, v) -> b.append(String.format(Locale.ROOT, fmt,
          g[2] + " " + name + " (n=" + ((Map<String, Object>) v).get("n") + ")",
          f(((Map<String, Object>) v).get(g[1])), f(((Map<String, Object>) gwo.get(name)).get(g[1])))));
    }
    return b.toString();
  }

  private static String f(Object v) {
    return v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(v);
  }
}
