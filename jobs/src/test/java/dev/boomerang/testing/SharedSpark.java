package dev.boomerang.testing;

import dev.boomerang.common.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the test JVM: created lazily on first use, {@code local[2]}, two shuffle
 * partitions, UI off, Delta on, its warehouse in a temporary folder. Never stopped by a test; the
 * JVM's exit ends it. With the UI off nothing reads the status store, so it keeps only the last
 * few queries, jobs and stages instead of a thousand of each with their plans.
 */
public final class SharedSpark {

  private static SparkSession spark;

  private SharedSpark() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      try {
        Path warehouse = Files.createTempDirectory("boomerang-test-warehouse");
        spark = SparkSessions.builder("local[2]", "boomerang-tests")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.sql.warehouse.dir", warehouse.toString())
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.ui.retainedExecutions", "20")
            .config("spark.ui.retainedJobs", "50")
            .config("spark.ui.retainedStages", "50")
            .getOrCreate();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return spark;
  }
}
