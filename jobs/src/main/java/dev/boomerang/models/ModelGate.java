package dev.boomerang.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gate a trained return-likelihood model must pass before {@code score} uses it. All checks
 * are on the latest closed period (test), on the probabilities as served (after calibration when
 * it is applied):
 *
 * <ol>
 *   <li>at least {@code minTestLines} test lines, so that the figures mean something;
 *   <li>ROC AUC of at least {@code minRocAuc};
 *   <li>ROC AUC strictly above the "SKU return rate only" baseline: otherwise the model adds
 *       nothing to a lookup table;
 *   <li>calibration error (decile ECE) of at most {@code maxCalibrationError}, because the
 *       probabilities are used as rates, not only as a ranking.
 * </ol>
 */
public record ModelGate(long minTestLines, double minRocAuc, double maxCalibrationError) {

  /** 500 test lines, ROC AUC 0.6, calibration error 0.05. */
  public static final ModelGate DEFAULT = new ModelGate(500, 0.60, 0.05);

  /** The failed checks, each as one sentence; empty when the model passes. */
  public List<String> failures(BinaryMetrics.Result model, BinaryMetrics.Result skuBaseline) {
    List<String> out = new ArrayList<>();
    if (model.n() < minTestLines) {
      out.add(String.format(Locale.ROOT, "test period has %d lines, fewer than %d", model.n(), minTestLines));
    }
    if (!(model.rocAuc() >= minRocAuc)) {
      out.add(String.format(Locale.ROOT, "test ROC AUC %.4f is below %.2f", model.rocAuc(), minRocAuc));
    }
    if (!(model.rocAuc() > skuBaseline.rocAuc()) && !Double.isNaN(skuBaseline.rocAuc())) {
      out.add(String.format(Locale.ROOT, "test ROC AUC %.4f does not beat the SKU-rate baseline's %.4f",
          model.rocAuc(), skuBaseline.rocAuc()));
    }
    if (!(model.calibrationError() <= maxCalibrationError)) {
      out.add(String.format(Locale.ROOT, "test calibration error %.4f is above %.2f",
          model.calibrationError(), maxCalibrationError));
    }
    return out;
  }

  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("min_test_lines", minTestLines);
    m.put("min_roc_auc", minRocAuc);
    m.put("beats_sku_baseline", true);
    m.put("max_calibration_error", maxCalibrationError);
    return m;
  }
}
