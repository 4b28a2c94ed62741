package dev.boomerang.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import dev.boomerang.contract.Entity;
import dev.boomerang.contract.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Tiny silver tables for tests: rows written as text in contract column order (null or "" for
 * empty), cast to the contract's types, plus {@code known_at}.
 */
public final class Fixtures {

  private Fixtures() {}

  /** A silver-shaped Dataset of {@code entity}; each row is its contract values then known_at. */
  public static Dataset<Row> silver(SparkSession spark, Entity entity, String[]... rows) {
    int n = entity.fields().size();
    List<Row> raw = new ArrayList<>();
    for (String[] r : rows) {
      if (r.length != n + 1) {
        throw new IllegalArgumentException(entity.name() + " fixture row needs " + n
            + " contract values plus known_at, got " + r.length + ": " + Arrays.toString(r));
      }
      Object[] v = Arrays.stream(r).map(s -> s == null || s.isEmpty() ? null : s).toArray();
      raw.add(RowFactory.create(v));
    }
    Dataset<Row> text = spark.createDataFrame(raw, entity.rawSchema().add("known_at", "string"));
    List<Column> typed = new ArrayList<>();
    for (Field f : entity.fields()) {
      typed.add(col(f.name()).cast(f.type().sparkType()).as(f.name()));
    }
    typed.add(to_date(col("known_at")).as("known_at"));
    return text.select(typed.toArray(Column[]::new));
  }

  /** An empty silver-shaped Dataset of {@code entity}. */
  public static Dataset<Row> empty(SparkSession spark, Entity entity) {
    return silver(spark, entity).limit(0).withColumn("known_at", lit(null).cast("date"));
  }
}
