package dev.boomerang.common;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boomerang.testing.SparkTest;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DeltaTest extends SparkTest {

  static final StructType SCHEMA = new StructType()
      .add("rma_id", DataTypes.StringType, false)
      .add("status", DataTypes.StringType)
      .add("updated_ts", DataTypes.IntegerType);

  private Dataset<Row> rows(Object[]... values) {
    return spark.createDataFrame(
        java.util.Arrays.stream(values).map(RowFactory::create).toList(), SCHEMA);
  }

  private List<String> contents(String table) {
    return lake.read(spark, table).orderBy("rma_id").collectAsList().stream()
        .map(r -> r.getString(0) + ":" + r.getString(1) + ":" + r.getInt(2)).toList();
  }

  private void upsert(String table, Dataset<Row> batch) {
    Delta.upsertLatest(spark, lake, table, batch, List.of("rma_id"),
        List.of(col("updated_ts").desc(), col("status").asc()), "s.updated_ts >= t.updated_ts");
  }

  @Test
  void mergeKeepsLatestPerKeyIsIdempotentAndIgnoresLateOlderVersions() {
    String table = "silver.merge_test";
    Delta.createIfNotExists(spark, lake, table, SCHEMA);

    Dataset<Row> batch1 = rows(
        new Object[] {"R1", "REQUESTED", 1},
        new Object[] {"R1", "AUTHORIZED", 2},
        new Object[] {"R2", "REQUESTED", 1});
    upsert(table, batch1);
    assertEquals(List.of("R1:AUTHORIZED:2", "R2:REQUESTED:1"), contents(table),
        "the batch collapses to the latest version of each key");

    upsert(table, batch1);
    assertEquals(List.of("R1:AUTHORIZED:2", "R2:REQUESTED:1"), contents(table),
        "merging the same batch twice changes nothing");

    upsert(table, rows(new Object[] {"R1", "REFUNDED", 5}, new Object[] {"R2", "EXPIRED", 0}));
    assertEquals(List.of("R1:REFUNDED:5", "R2:REQUESTED:1"), contents(table),
        "a newer version updates; an older one arriving late is ignored");
  }

  @Test
  void tiesBreakDeterministically() {
    Dataset<Row> tie = rows(new Object[] {"R9", "SHIPPED", 3}, new Object[] {"R9", "RECEIVED", 3});
    List<Row> one = Delta.latestPerKey(tie, List.of("rma_id"),
        List.of(col("updated_ts").desc(), col("status").asc())).collectAsList();
    assertEquals(1, one.size());
    assertEquals("RECEIVED", one.get(0).getString(1), "equal timestamps: the secondary order decides");
  }

  @Test
  void aTableFromAnOlderReleaseGainsNewColumnsAndKeepsItsRows() {
    String table = "gold.evolve_test";
    Delta.createIfNotExists(spark, lake, table, SCHEMA);
    upsert(table, rows(new Object[] {"R1", "REQUESTED", 1}));
    StructType wider = SCHEMA.add("reason", DataTypes.StringType);

    Delta.createIfNotExists(spark, lake, table, wider);
    Delta.upsertLatest(spark, lake, table,
        spark.createDataFrame(List.of(RowFactory.create("R2", "REQUESTED", 2, "DEFECTIVE")), wider),
        List.of("rma_id"), List.of(col("updated_ts").desc()), null);

    Dataset<Row> t = lake.read(spark, table);
    assertEquals(List.of("rma_id", "status", "updated_ts", "reason"), List.of(t.columns()));
    assertEquals(List.of("R1:null", "R2:DEFECTIVE"), t.orderBy("rma_id").collectAsList().stream()
        .map(r -> r.getString(0) + ":" + r.getString(3)).toList(), "the old row is kept, null in the new column");
    Delta.createIfNotExists(spark, lake, table, SCHEMA);
    assertEquals(4, lake.read(spark, table).columns().length, "a narrower schema drops nothing");
  }
}
