package dev.boomerang.testing;

import dev.boomerang.common.Lake;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base for tests that touch Spark: the shared session plus a temporary lake per test class,
 * where the class's tests write their tables.
 */
public abstract class SparkTest {

  @TempDir
  protected static Path lakeDir;

  protected static SparkSession spark;
  protected static Lake lake;

  @BeforeAll
  static void sharedSessionAndLake() {
    spark = SharedSpark.get();
    lake = Lake.local(lakeDir);
  }
}
