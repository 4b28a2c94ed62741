package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Metrics of a binary probability score, generic over the model: any Dataset with a 0/1 label
 * column and one or more probability columns (DOUBLE in [0, 1]) can be measured, overall and per
 * segment. The return-likelihood model and the abuse model both use it; the arithmetic itself is
 * {@link #compute} on plain arrays.
 *
 * <ul>
 *   <li>ROC AUC: the trapezoid under the ROC curve with one point per distinct score, which equals
 *       the Mann-Whitney statistic with tied scores counting half. PR AUC: the trapezoid under the
 *       precision-recall curve with one point per distinct score and a first point at recall 0
 *       with the first precision. Both are exactly what MLlib's {@code BinaryClassificationEvaluator}
 *       reports with {@code numBins = 0} (a test checks it).
 *   <li>Log loss: {@code -mean(y ln p + (1 - y) ln(1 - p))} with p clipped to [1e-15, 1 - 1e-15].
 *   <li>Calibration by decile: rows ranked by score, highest first, cut into 10 equal-count
 *       deciles (positions {@code floor(k n / 10)}); per decile the mean predicted probability and
 *       the observed rate. Rows tied on score share their group's label mean, which is the expected
 *       value under a random tie-break but deterministic. The calibration error is the
 *       count-weighted mean absolute difference of the two (ECE over deciles).
 *   <li>Lift in the top 10%: the observed rate of decile 1 over the overall rate.
 * </ul>
 *
 * <p>Cost: one Spark job collects (label, segment, scores) to the driver; everything else is an
 * O(n log n) sort per score and segment. Evaluation sets are periods of order lines or customer
 * lists (thousands to a few million rows), which fit the driver.
 */
public final class BinaryMetrics {

  private BinaryMetrics() {}

  /** Every row, whatever its segment. */
  public static final String ALL = "ALL";

  public record Decile(int decile, long n, double meanPredicted, double observedRate) {}

  public record Result(String segment, long n, long positives, double rocAuc, double prAuc,
      double logLoss, double liftTop10, double calibrationError, List<Decile> deciles) {

    public double positiveRate() {
      return n == 0 ? Double.NaN : (double) positives / n;
    }
  }

  /** The metrics of {@code score} against {@code label} over every row of {@code scored}. */
  public static Result evaluate(Dataset<Row> scored, String label, String score) {
    return evaluate(scored, label, List.of(score), null).get(score).get(0);
  }

  /**
   * For each score column: the overall result first, then one per value of {@code segmentCol}
   * (ascending; null segment shows as "(null)"), or only the overall one when segmentCol is null.
   */
  public static Map<String, List<Result>> evaluate(Dataset<Row> scored, String label, List<String> scores,
      String segmentCol) {
    List<org.apache.spark.sql.Column> cols = new ArrayList<>();
    cols.add(col(label).cast("double"));
    cols.add(segmentCol == null ? org.apache.spark.sql.functions.lit(ALL) : col(segmentCol).cast("string"));
    for (String s : scores) {
      cols.add(col(s).cast("double"));
    }
    List<Row> rows = scored.select(cols.toArray(org.apache.spark.sql.Column[]::new)).collectAsList();

    Map<String, List<Integer>> bySegment = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      String seg = rows.get(i).isNullAt(1) ? "(null)" : rows.get(i).getString(1);
      bySegment.computeIfAbsent(seg, k -> new ArrayList<>()).add(i);
    }
    Map<String, List<Result>> out = new LinkedHashMap<>();
    for (int s = 0; s < scores.size(); s++) {
      int column = 2 + s;
      List<Result> results = new ArrayList<>();
      results.add(compute(ALL, rows, null, column));
      if (segmentCol != null) {
        bySegment.forEach((seg, idx) -> results.add(compute(seg, rows, idx, column)));
      }
      out.put(scores.get(s), results);
    }
    return out;
  }

  private static Result compute(String segment, List<Row> rows, List<Integer> idx, int column) {
    int n = idx == null ? rows.size() : idx.size();
    double[] y = new double[n];
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      Row r = rows.get(idx == null ? i : idx.get(i));
      if (r.isNullAt(0) || r.isNullAt(column)) {
        throw new IllegalArgumentException("metrics need a label and a score on every row; found a null in "
            + (r.isNullAt(0) ? "the label" : "score column " + (column - 2)));
      }
      y[i] = r.getDouble(0);
      p[i] = r.getDouble(column);
    }
    return compute(segment, y, p);
  }

  /** All the metrics of scores {@code p} against 0/1 labels {@code y}. Pure. */
  public static Result compute(String segment, double[] y, double[] p) {
    int n = y.length;
    if (n == 0) {
      return new Result(segment, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of());
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a])); // highest score first

    long positives = 0;
    double loss = 0;
    for (int i = 0; i < n; i++) {
      positives += y[i] == 1.0 ? 1 : 0;
      double q = Math.min(Math.max(p[i], 1e-15), 1 - 1e-15);
      loss -= y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q);
    }
    long negatives = n - positives;

    // Walk the distinct thresholds, highest first: ROC and PR points, and tie-group label means.
    double[] yShared = new double[n];
    double roc = 0;
    double pr = 0;
    long tp = 0;
    long fp = 0;
    double prevTpr = 0;
    double prevFpr = 0;
    double prevRecall = 0;
    double prevPrecision = Double.NaN;
    for (int start = 0; start < n; ) {
      int end = start;
      long groupPos = 0;
      while (end < n && p[order[end]] == p[order[start]]) {
        groupPos += y[order[end]] == 1.0 ? 1 : 0;
        end++;
      }
      double groupMean = (double) groupPos / (end - start);
      for (int k = start; k < end; k++) {
        yShared[k] = groupMean;
      }
      tp += groupPos;
      fp += (end - start) - groupPos;
      double tpr = positives == 0 ? 0 : (double) tp / positives;
      double fpr = negatives == 0 ? 0 : (double) fp / negatives;
      roc += (fpr - prevFpr) * (tpr + prevTpr) / 2;
      double precision = (double) tp / (tp + fp);
      double recall = tpr;
      if (Double.isNaN(prevPrecision)) {
        prevPrecision = precision; // MLlib starts the PR curve at (recall 0, first precision)
      }
      pr += (recall - prevRecall) * (precision + prevPrecision) / 2;
      prevTpr = tpr;
      prevFpr = fpr;
      prevRecall = recall;
      prevPrecision = precision;
      start = end;
    }
    boolean bothClasses = positives > 0 && negatives > 0;

    List<Decile> deciles = new ArrayList<>();
    double ece = 0;
    for (int d = 0; d < 10; d++) {
      int from = (int) ((long) d * n / 10);
      int to = (int) ((long) (d + 1) * n / 10);
      if (to <= from) {
        continue;
      }
      double sumP = 0;
      double sumY = 0;
      for (int k = from; k < to; k++) {
        sumP += p[order[k]];
        sumY += yShared[k];
      }
      Decile dec = new Decile(d + 1, to - from, sumP / (to - from), sumY / (to - from));
      deciles.add(dec);
      ece += (double) (to - from) / n * Math.abs(dec.meanPredicted() - dec.observedRate());
    }
    double rate = (double) positives / n;
    double lift = rate == 0 || deciles.isEmpty() ? Double.NaN : deciles.get(0).observedRate() / rate;
    return new Result(segment, n, positives, bothClasses ? roc : Double.NaN, bothClasses ? pr : Double.NaN,
        loss / n, lift, ece, deciles);
  }

  /** A JSON-ready view of a result (NaN becomes null). */
  public static Map<String, Object> asMap(Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("segment", r.segment());
    m.put("n", r.n());
    m.put("positives", r.positives());
    m.put("roc_auc", finite(r.rocAuc()));
    m.put("pr_auc", finite(r.prAuc()));
    m.put("log_loss", finite(r.logLoss()));
    m.put("lift_top10", finite(r.liftTop10()));
    m.put("calibration_error", finite(r.calibrationError()));
    List<Map<String, Object>> ds = new ArrayList<>();
    for (Decile d : r.deciles()) {
      Map<String, Object> dm = new LinkedHashMap<>();
      dm.put("decile", d.decile());
      dm.put("n", d.n());
      dm.put("mean_predicted", d.meanPredicted());
      dm.put("observed_rate", d.observedRate());
      ds.add(dm);
    }
    m.put("deciles", ds);
    return m;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
