package dev.boomerang.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Delta writes, all keyed and idempotent. Tables are created explicitly from a schema; rows
 * arrive through {@link #upsertLatest}, the one MERGE helper.
 */
public final class Delta {

  private Delta() {}

  /**
   * Creates the table with this exact schema unless it exists; returns it. An existing table that
   * lacks some of {@code schema}'s columns (a lake written by an older release) gets them added,
   * null in its existing rows; nothing is dropped or retyped.
   */
  public static DeltaTable createIfNotExists(
      SparkSession spark, Lake lake, String table, StructType schema, String... partitionBy) {
    DeltaTableBuilder b = DeltaTable.createIfNotExists(spark).location(lake.path(table));
    for (StructField f : schema.fields()) {
      b = b.addColumn(f);
    }
    if (partitionBy.length > 0) {
      b = b.partitionedBy(partitionBy);
    }
    DeltaTable t = b.execute();
    List<String> have = java.util.Arrays.asList(t.toDF().columns());
    String missing = java.util.Arrays.stream(schema.fields()).filter(f -> !have.contains(f.name()))
        .map(f -> "`" + f.name() + "` " + f.dataType().sql()).collect(Collectors.joining(", "));
    if (!missing.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + lake.path(table) + "` ADD COLUMNS (" + missing + ")");
      t = DeltaTable.forPath(spark, lake.path(table));
    }
    return t;
  }

  /**
   * Reduces {@code src} to one row per key, the first by {@code latestFirst} ordering (give
   * enough columns for a total order so that ties break deterministically). Pure transform.
   */
  public static Dataset<Row> latestPerKey(Dataset<Row> src, List<String> keys, List<Column> latestFirst) {
    Column[] keyCols = keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    return src
        .withColumn("_rn", row_number().over(
            Window.partitionBy(keyCols).orderBy(latestFirst.toArray(Column[]::new))))
        .filter(col("_rn").equalTo(1))
        .drop("_rn");
  }

  /**
   * The keyed MERGE: reduce the batch to one row per key, then update matches and insert the
   * rest. {@code updateWhen} (SQL over {@code t} and {@code s}, may be null) guards matches so
   * that an older version arriving late never overwrites a newer one. Only the target's columns
   * are merged, so {@code src} may carry helper columns that {@code latestFirst} orders by.
   */
  public static void upsertLatest(
      SparkSession spark, Lake lake, String table, Dataset<Row> src,
      List<String> keys, List<Column> latestFirst, String updateWhen) {
    DeltaTable target = lake.delta(spark, table);
    Column[] targetCols = java.util.Arrays.stream(target.toDF().columns())
        .map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> one = latestPerKey(src, keys, latestFirst).select(targetCols);
    String on = keys.stream().map(k -> "t." + k + " <=> s." + k).collect(Collectors.joining(" AND "));
    var merge = target.as("t").merge(one.as("s"), on);
    (updateWhen == null ? merge.whenMatched() : merge.whenMatched(updateWhen))
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  /** The table's current version, for lineage and run logs. */
  public static long version(SparkSession spark, Lake lake, String table) {
    return lake.delta(spark, table).history(1).select("version").head().getLong(0);
  }
}
