package dev.boomerang.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.features.DailyMeasures;
import dev.boomerang.testing.SparkTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spark's customer windows and DuckDB's SQL of the same definitions agree row for row; a changed value is caught. */
class DuckDbPeerTest extends SparkTest {

  static final LocalDate AS_OF = LocalDate.of(2025, 11, 29);

  @TempDir Path dir;

  /**
   * Daily rows of 400 customers over 420 days, known up to 5 days after the as-of date: window edges
   * (ages 29/30, 89/90, 364/365), events after D, rows known after D, customers without recent
   * orders (dropped), and zero units (NULL rates).
   */
  static Dataset<Row> daily() {
    List<Column> cols = new ArrayList<>(List.of(
        expr("concat(\"C\", cast(id % 400 AS string))").as("customer_id"),
        expr("date_sub(DATE'" + AS_OF + "', cast(id * 7919 % 425 AS int) - 5)").as("event_date"),
        expr("date_sub(DATE'" + AS_OF + "', cast(id * 104729 % 420 AS int) - 5)").as("known_date_raw")));
    int i = 0;
    for (DailyMeasures.Measure m : DailyMeasures.CUSTOMER) {
      Column v = expr("(id * " + (31 + 2 * i++) + ") % 4");
      cols.add((m.money() ? v.multiply(lit(12.35)).cast(m.type()) : v.cast(m.type())).as(m.name()));
    }
    return spark.range(6000).select(cols.toArray(Column[]::new))
        // a fact is never known before its order date
        .withColumn("known_date", when(col("known_date_raw").lt(col("event_date")), col("event_date"))
            .otherwise(col("known_date_raw")))
        .drop("known_date_raw");
  }

  @Test
  void sparkAndDuckDbComputeTheSameCustomerWindows() {
    Path input = dir.resolve("daily");
    DuckDbPeer.export(daily(), input);
    DuckDbPeer.runSpark(spark, input, AS_OF, dir.resolve("spark"));
    DuckDbPeer.runDuckDb(input, AS_OF, dir.resolve("duckdb"));
    Dataset<Row> s = spark.read().parquet(dir.resolve("spark").toString());
    Dataset<Row> d = spark.read().parquet(dir.resolve("duckdb").toString());

    DuckDbPeer.Comparison c = DuckDbPeer.compare(s, d, 10_000);
    assertTrue(c.sparkRows() >= 200 && c.sparkRows() < 400, "some customers have no order in 365 days: " + c);
    assertEquals(c.sparkRows(), c.compared(), "every row is compared when the sample is larger");
    assertTrue(c.equal(), "the engines agree: " + c);
    assertTrue(s.filter(col("return_rate_units_30d").isNull()).count() > 0, "zero units give NULL rates");

    // One changed cell, and one customer missing on the DuckDB side, are found and named.
    List<String> ids = s.select("customer_id").orderBy("customer_id").limit(2).as(
        Encoders.STRING()).collectAsList();
    Dataset<Row> changed = d.withColumn("refunds_90d",
        when(col("customer_id").equalTo(lit(ids.get(0))), col("refunds_90d").plus(1)).otherwise(col("refunds_90d")))
        .filter(col("customer_id").notEqual(lit(ids.get(1))));
    DuckDbPeer.Comparison bad = DuckDbPeer.compare(s, changed, 10_000);
    assertFalse(bad.equal());
    assertEquals(1, bad.mismatches());
    assertEquals(1, bad.onlySpark());
    assertTrue(bad.firstMismatch().startsWith("customer " + ids.get(0) + ": refunds_90d"), bad.firstMismatch());

    assertEquals(25, DuckDbPeer.compare(s, d, 25).compared(), "the sample caps the rows compared");
  }
}
