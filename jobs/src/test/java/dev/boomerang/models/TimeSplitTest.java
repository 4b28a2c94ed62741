package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.models.TimeSplit.Boundaries;
import dev.boomerang.models.TimeSplit.Fractions;
import dev.boomerang.testing.SparkTest;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TimeSplitTest extends SparkTest {

  static final LocalDate JAN1 = LocalDate.of(2026, 1, 1);

  @Test
  void boundariesFollowTheFractionsOfTheDateSpan() {
    // 100 days: 70 to train, 15 to validate, the latest 15 to test.
    Boundaries b = TimeSplit.boundaries(JAN1, JAN1.plusDays(99), Fractions.DEFAULT);
    assertEquals(new Boundaries(JAN1, JAN1.plusDays(70), JAN1.plusDays(85), JAN1.plusDays(99)), b);
    assertEquals(JAN1.plusDays(69), b.trainTo());
    assertEquals(JAN1.plusDays(84), b.validTo());
  }

  @Test
  void everyPeriodGetsADayEvenOnAShortSpan() {
    Boundaries b = TimeSplit.boundaries(JAN1, JAN1.plusDays(2), Fractions.DEFAULT);
    assertEquals(new Boundaries(JAN1, JAN1.plusDays(1), JAN1.plusDays(2), JAN1.plusDays(2)), b);
    assertThrows(IllegalArgumentException.class, () -> TimeSplit.boundaries(JAN1, JAN1.plusDays(1), Fractions.DEFAULT));
    assertThrows(IllegalArgumentException.class, () -> new Fractions(0.8, 0.2));
  }

  @Test
  void noTrainDateIsLaterThanAValidationOrTestDate() {
    var lines = SyntheticLines.generate(spark, 2000, 11, 45, 0);
    Boundaries b = TimeSplit.boundaries(JAN1, JAN1.plusDays(44), Fractions.DEFAULT);
    Map<String, LocalDate[]> range = new HashMap<>();
    for (Row r : TimeSplit.withSplit(lines, "order_date", b).groupBy(TimeSplit.SPLIT_COL)
        .agg(min(col("order_date")), max(col("order_date"))).collectAsList()) {
      range.put(r.getString(0), new LocalDate[] {r.getDate(1).toLocalDate(), r.getDate(2).toLocalDate()});
    }
    assertEquals(3, range.size(), "train, valid and test, and no row outside them: " + range.keySet());
    assertTrue(range.get("train")[1].isBefore(range.get("valid")[0]), "train ends before validation starts");
    assertTrue(range.get("valid")[1].isBefore(range.get("test")[0]), "validation ends before test starts");
    assertEquals(b.testTo(), range.get("test")[1]);
  }
}
