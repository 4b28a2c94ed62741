package dev.boomerang.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.common.UserError;
import dev.boomerang.testing.SparkTest;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * End to end through Delta: no leakage (rows known after D never change features as of D), and
 * nightly increments equal a rebuild from a base. (That ten increments add up exactly to a base is
 * checked on the daily measures, where it is cheap: {@link DailyMeasuresTest}.)
 */
class FeaturesJobTest extends SparkTest {

  static final LocalDate D = LocalDate.parse("2025-03-31");
  /** Ten nightly increments after D (the "increment equals rebuild over 10 days"). */
  static final LocalDate LAST = LocalDate.parse("2025-04-10");

  static List<String> rows(Lake lk, String table, String where, String... orderBy) {
    return lk.read(spark, table).where(where).orderBy(orderBy[0], java.util.Arrays.copyOfRange(orderBy, 1, orderBy.length))
        .collectAsList().stream().map(Row::toString).toList();
  }

  static Lake lakeNamed(String name) {
    return Lake.local(lakeDir.resolve(name));
  }

  @Test
  void noLeakageAndIncrementsEqualRebuild() {
    Lake leak = lakeNamed("leak");
    new TinySilver(spark).write(leak);
    FeaturesJob.run(spark, leak, FeaturesJob.Args.nightly(D));
    String ofD = "as_of_date = DATE'" + D + "'";
    List<String> customers = rows(leak, Tables.GOLD_CUSTOMER_FEATURES, ofD, "customer_id");
    List<String> skus = rows(leak, Tables.GOLD_SKU_FEATURES, ofD, "sku");
    List<String> lines = rows(leak, Tables.GOLD_ORDER_LINE_TRAINING, "true", "order_id", "line_no");
    assertEquals(3, customers.size(), "C1, C2, C4 as of D");
    assertEquals(11, lines.size(), "every line ordered in the 365 days ending on D (O4, 365 days back, is outside)");
    assertTrue(rows(leak, Tables.GOLD_ORDER_LINE_TRAINING, "is_censored", "order_id").size() == 3,
        "O1's two lines and O2's line have windows still open on D");

    // Rows known after D arrive, among them a return requested before D for an order a year old.
    new TinySilver(spark).late().write(leak);
    FeaturesJob.run(spark, leak, FeaturesJob.Args.nightly(D));
    assertEquals(customers, rows(leak, Tables.GOLD_CUSTOMER_FEATURES, ofD, "customer_id"),
        "customer features as of D ignore rows known after D");
    assertEquals(skus, rows(leak, Tables.GOLD_SKU_FEATURES, ofD, "sku"), "SKU features as of D too");
    assertEquals(lines, rows(leak, Tables.GOLD_ORDER_LINE_TRAINING, "true", "order_id", "line_no"),
        "order-line training rows labelled as of D too");

    // The same lake goes on nightly; a second lake rebuilds the following days from a base.
    Lake nightly = leak;
    Lake rebuild = lakeNamed("rebuild");
    new TinySilver(spark).late().write(rebuild);
    for (LocalDate d = D.plusDays(1); !d.isAfter(LAST); d = d.plusDays(1)) {
      FeaturesJob.run(spark, nightly, FeaturesJob.Args.nightly(d));
    }
    // Four dates per plan: a base plan, then plans that continue the chain (10 dates: 4 + 4 + 2).
    FeaturesJob.run(spark, rebuild, FeaturesJob.Args.range(D.plusDays(1), LAST), 4);
    String after = "as_of_date > DATE'" + D + "'";
    List<String> all = rows(nightly, Tables.GOLD_CUSTOMER_FEATURES, after, "as_of_date", "customer_id");
    assertEquals(3 * (int) (LAST.toEpochDay() - D.toEpochDay()), all.size(), "three customers on each day after D");
    assertEquals(all, rows(rebuild, Tables.GOLD_CUSTOMER_FEATURES, "true", "as_of_date", "customer_id"),
        "nightly increments give the same customer features as a rebuild from a base, dates computed four at a time");
    assertEquals(rows(nightly, Tables.GOLD_SKU_FEATURES, after, "as_of_date", "sku"),
        rows(rebuild, Tables.GOLD_SKU_FEATURES, "true", "as_of_date", "sku"), "and the same SKU features");

    // The late return R7 (known 04-02) on O3 of 2024-04-01 counts from 04-02 on, in the lifetime window only.
    assertEquals(List.of("[2025-04-01,3]", "[2025-04-02,4]"), nightly.read(spark, Tables.GOLD_CUSTOMER_FEATURES)
        .where("customer_id = 'C1' AND as_of_date IN (DATE'2025-04-01', DATE'2025-04-02')")
        .orderBy("as_of_date").selectExpr("as_of_date", "returns_lifetime")
        .collectAsList().stream().map(Row::toString).toList(), "C1's lifetime returns before and after R7 is known");

    // A third lake builds only some dates (--dates): each from a base unless the day before is listed.
    Lake sparse = lakeNamed("sparse");
    new TinySilver(spark).late().write(sparse);
    List<LocalDate> some = List.of(D.plusDays(1), D.plusDays(4), D.plusDays(5), LAST);
    FeaturesJob.run(spark, sparse, FeaturesJob.Args.only(some));
    String someDates = "as_of_date IN (" + String.join(", ", some.stream().map(d -> "DATE'" + d + "'").toList()) + ")";
    assertEquals(rows(nightly, Tables.GOLD_CUSTOMER_FEATURES, someDates, "as_of_date", "customer_id"),
        rows(sparse, Tables.GOLD_CUSTOMER_FEATURES, "true", "as_of_date", "customer_id"),
        "the listed dates get the same customer features as nightly increments");
    assertEquals(List.of("BASE", "BASE", "INCREMENT", "BASE"), sparse.read(spark, Tables.GOLD_FEATURE_RUNS)
        .orderBy("as_of_date").collectAsList().stream().map(r -> r.getString(1)).toList(),
        "a date whose day before is listed is an increment; the others are bases");
    // The nightly chain goes on from the last listed date as from any other run.
    FeaturesJob.run(spark, sparse, FeaturesJob.Args.nightly(LAST.plusDays(1)));
    FeaturesJob.run(spark, nightly, FeaturesJob.Args.nightly(LAST.plusDays(1)));
    String next = "as_of_date = DATE'" + LAST.plusDays(1) + "'";
    assertEquals(rows(nightly, Tables.GOLD_CUSTOMER_FEATURES, next, "customer_id"),
        rows(sparse, Tables.GOLD_CUSTOMER_FEATURES, next, "customer_id"), "the next nightly date agrees too");

    UserError back = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
        () -> FeaturesJob.run(spark, sparse, FeaturesJob.Args.range(D.plusDays(2), D.plusDays(2))));
    assertEquals("features are built up to 2025-04-11 and the daily tables continue from there; a run must reach "
        + "that date: run 'features --from 2025-04-02 --to 2025-04-11'", back.getMessage(),
        "a run that ends before the latest built date would break the daily chain: it is refused");
    UserError gap = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
        () -> FeaturesJob.run(spark, nightly, FeaturesJob.Args.nightly(LAST.plusDays(3))));
    assertEquals("features for 2025-04-12 were never built (last built: 2025-04-11); run 'features --from 2025-04-12 --to 2025-04-13'",
        gap.getMessage(), "a nightly run after a gap names the range to rebuild");
  }
}
