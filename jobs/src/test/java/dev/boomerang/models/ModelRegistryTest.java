package dev.boomerang.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure parts of the registry and the gate. */
class ModelRegistryTest {

  static final LocalDate D = LocalDate.of(2026, 3, 1);

  static ModelRegistry.Entry entry(String version, long seq, LocalDate asOf, boolean passed) {
    return new ModelRegistry.Entry(ModelRegistry.RETURN_LIKELIHOOD, version, seq, asOf, passed, passed ? "" : "x", "/m/" + version);
  }

  @Test
  void selectPicksTheNewestPassingModelTrainedByD() {
    var oldPass = entry("a", 1, D.minusDays(10), true);
    var newPass = entry("b", 2, D.minusDays(1), true);
    var newerFail = entry("c", 3, D, false);
    var future = entry("d", 4, D.plusDays(1), true);
    var sameDayLater = entry("e", 5, D.minusDays(1), true);
    List<ModelRegistry.Entry> all = List.of(oldPass, newPass, newerFail, future);
    assertEquals(Optional.of(newPass), ModelRegistry.select(all, D, null),
        "the failing model and the one trained after D are skipped");
    assertEquals(Optional.of(sameDayLater), ModelRegistry.select(List.of(newPass, sameDayLater, oldPass), D, null),
        "on the same as-of date the later registration wins");
    assertEquals(Optional.of(newerFail), ModelRegistry.select(all, D, "c"), "an explicit version is used as asked");
    assertEquals(Optional.empty(), ModelRegistry.select(all, D, "zzz"));
    assertEquals(Optional.empty(), ModelRegistry.select(List.of(newerFail), D, null));
  }

  @Test
  void versionIsTheDatePlusAStableHash() {
    String v = ModelRegistry.version(D, "{\"a\":1}");
    assertTrue(v.matches("20260301-[0-9a-f]{8}"), v);
    assertEquals(v, ModelRegistry.version(D, "{\"a\":1}"), "same inputs, same version");
    assertNotEquals(v, ModelRegistry.version(D, "{\"a\":2}"));
  }

  static BinaryMetrics.Result result(long n, double auc, double ece) {
    return new BinaryMetrics.Result("ALL", n, n / 3, auc, 0.5, 0.6, 1.5, ece, List.of());
  }

  @Test
  void gateChecksSizeAucBaselineAndCalibration() {
    ModelGate g = ModelGate.DEFAULT;
    assertEquals(List.of(), g.failures(result(1000, 0.70, 0.03), result(1000, 0.60, 0.1)));
    assertEquals(1, g.failures(result(499, 0.70, 0.03), result(499, 0.60, 0.1)).size(), "too few test lines");
    assertEquals(List.of("test ROC AUC 0.5900 is below 0.60"),
        g.failures(result(1000, 0.59, 0.03), result(1000, 0.55, 0.1)));
    assertEquals(List.of("test ROC AUC 0.6500 does not beat the SKU-rate baseline's 0.6500"),
        g.failures(result(1000, 0.65, 0.03), result(1000, 0.65, 0.1)));
    assertEquals(List.of("test calibration error 0.0600 is above 0.05"),
        g.failures(result(1000, 0.70, 0.06), result(1000, 0.60, 0.1)));
  }
}
