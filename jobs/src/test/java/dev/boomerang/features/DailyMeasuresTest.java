package dev.boomerang.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import dev.boomerang.testing.SparkTest;

/**
 * Nightly increments add up to the whole state: base(D1) + increments(D1+1..D) = base(D); and the
 * dates of a range computed in one plan give exactly the rows of one run per date.
 */
class DailyMeasuresTest extends SparkTest {

  static List<String> summed(Dataset<Row> daily, List<String> keys, List<DailyMeasures.Measure> measures) {
    Column[] aggs = measures.stream().map(m -> sum(col(m.name())).as(m.name())).toArray(Column[]::new);
    return daily.groupBy(keys.stream().map(k -> col(k)).toArray(Column[]::new))
        .agg(aggs[0], java.util.Arrays.copyOfRange(aggs, 1, aggs.length))
        .orderBy(keys.stream().map(k -> col(k)).toArray(Column[]::new))
        .collectAsList().stream().map(Row::toString)
        // a key whose measures all cancelled out is absent from a base
        .filter(s -> !s.matches("\\[[^,]+,[^,]+(,(0|0E-18|0\\.00|-0\\.00))+\\]"))
        .toList();
  }

  @Test
  void incrementsTelescopeToTheBase() {
    SilverSnapshot raw = new TinySilver(spark).late().snapshot().cached();
    LocalDate first = LocalDate.parse("2025-03-30");
    LocalDate last = LocalDate.parse("2025-04-03");
    Dataset<Row> customer = DailyMeasures.customerDaily(raw, List.of(first), true);
    Dataset<Row> sku = DailyMeasures.skuDaily(raw, List.of(first), true);
    for (LocalDate d = first.plusDays(1); !d.isAfter(last); d = d.plusDays(1)) {
      customer = customer.union(DailyMeasures.customerDaily(raw, List.of(d), false)).localCheckpoint();
      sku = sku.union(DailyMeasures.skuDaily(raw, List.of(d), false)).localCheckpoint();
    }
    List<String> keysC = List.of("customer_id", "event_date");
    List<String> keysS = List.of("sku", "event_date");
    List<String> incremental = summed(customer, keysC, DailyMeasures.CUSTOMER);
    assertEquals(summed(DailyMeasures.customerDaily(raw, List.of(last), true), keysC, DailyMeasures.CUSTOMER),
        incremental,
        "customer measures: base on 03-30 plus four nightly increments equal the base on 04-03");
    assertEquals(summed(DailyMeasures.skuDaily(raw, List.of(last), true), keysS, DailyMeasures.SKU),
        summed(sku, keysS, DailyMeasures.SKU), "SKU measures: the same");
    assertTrue(customer.filter(col("known_date").gt(java.sql.Date.valueOf(first))).count() > 0,
        "the increments are not empty (new order, re-graded return, claim, late return, late refund)");
    assertEquals(0, customer.filter(col("known_date").equalTo(java.sql.Date.valueOf("2025-03-31"))).count(),
        "a day without news adds no rows");

    List<LocalDate> range = first.datesUntil(last.plusDays(1)).toList();
    assertEquals(sorted(customer), sorted(DailyMeasures.customerDaily(raw, range, true)),
        "customer_daily: the five dates in one plan (a base and four increments) are the rows of one run per date");
    assertEquals(sorted(sku), sorted(DailyMeasures.skuDaily(raw, range, true)), "sku_daily: the same");
    assertEquals(sorted(customer.filter(col("known_date").gt(java.sql.Date.valueOf(first)))),
        sorted(DailyMeasures.customerDaily(raw, range.subList(1, range.size()), false)),
        "four increments in one plan are the rows of four nightly runs");
  }

  static List<String> sorted(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
