package dev.boomerang.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.testing.SparkTest;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LakeTest extends SparkTest {

  @Test
  void registersEveryDeltaTableByLayerAndName() {
    StructType schema = new StructType().add("order_id", DataTypes.StringType);
    Delta.createIfNotExists(spark, lake, "silver.orders", schema);
    Delta.createIfNotExists(spark, lake, "gold.abuse_scores", schema);
    spark.sql("INSERT INTO delta.`" + lake.path("silver.orders") + "` VALUES ('O1'), ('O2')");

    List<String> tables = lake.register(spark);

    assertEquals(List.of("gold.abuse_scores", "silver.orders"), tables);
    assertEquals(2L, spark.sql("SELECT count(*) FROM silver.orders").head().getLong(0),
        "silver.orders resolves by name to the Delta table's data");
    assertTrue(lake.path("silver.orders").endsWith("/silver/orders"));
    assertEquals(java.util.Map.of("gold.abuse_scores", 0L, "silver.orders", 2L), lake.rowCounts(spark),
        "rowCounts counts every table");
    assertEquals(tables, List.copyOf(lake.rowCounts(spark).keySet()), "in the order of tables()");
  }

  @Test
  void rejectsMalformedTableNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lake.path("orders"));
    assertTrue(e.getMessage().contains("'orders'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> lake.path("platinum.orders"));
  }

  @Test
  void readingAMissingTableNamesIt() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> lake.read(spark, "gold.nothing_here"));
    assertTrue(e.getMessage().contains("gold.nothing_here"), e.getMessage());
  }
}
