package dev.boomerang.common;

import io.delta.tables.DeltaTable;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The lake: a root directory (local path or any Hadoop URI such as {@code s3a://bucket/lake})
 * holding one Delta table per {@code layer/table} folder.
 */
public record Lake(String root) {

  public Lake {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("lake root must not be empty");
    }
    root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /** A lake at a local directory, made absolute so Spark never resolves it against its own cwd. */
  public static Lake local(Path dir) {
    return new Lake(dir.toAbsolutePath().normalize().toString());
  }

  /** Resolves a CLI value: URIs are kept, plain paths are made absolute. */
  public static Lake of(String location) {
    return location.contains("://") ? new Lake(location) : local(Path.of(location));
  }

  /** The storage path of a {@code layer.table}. */
  public String path(String table) {
    String[] parts = Tables.split(table);
    return root + "/" + parts[0] + "/" + parts[1];
  }

  /** Where the session catalog keeps its (empty) database folders. */
  public String catalogDir() {
    return root + "/_catalog";
  }

  /** Where trained models are stored. */
  public String modelsDir() {
    return root + "/models";
  }

  public boolean exists(SparkSession spark, String table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  public Dataset<Row> read(SparkSession spark, String table) {
    if (!exists(spark, table)) {
      throw new IllegalStateException(
          "table " + table + " does not exist in lake " + root + " (has its job run yet?)");
    }
    return spark.read().format("delta").load(path(table));
  }

  public DeltaTable delta(SparkSession spark, String table) {
    return DeltaTable.forPath(spark, path(table));
  }

  /** Every Delta table present in the lake, as {@code layer.table}, sorted. */
  public List<String> tables(SparkSession spark) {
    List<String> found = new ArrayList<>();
    try {
      org.apache.hadoop.fs.Path rootPath = new org.apache.hadoop.fs.Path(root);
      FileSystem fs = rootPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (String layer : Tables.LAYERS) {
        org.apache.hadoop.fs.Path layerPath = new org.apache.hadoop.fs.Path(rootPath, layer);
        if (!fs.exists(layerPath)) {
          continue;
        }
        for (FileStatus st : fs.listStatus(layerPath)) {
          if (st.isDirectory() && fs.exists(new org.apache.hadoop.fs.Path(st.getPath(), "_delta_log"))) {
            found.add(layer + "." + st.getPath().getName());
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot list lake " + root + ": " + e.getMessage(), e);
    }
    found.sort(String::compareTo);
    return found;
  }

  /**
   * Registers every table of the lake in the session catalog so that SQL can say
   * {@code silver.orders}. The tables are external: dropping them from the catalog never
   * touches the data. Cheap: one catalog entry per table, no scan.
   */
  public List<String> register(SparkSession spark) {
    List<String> tables = tables(spark);
    for (String layer : Tables.LAYERS) {
      spark.sql("CREATE DATABASE IF NOT EXISTS " + layer);
    }
    eachTable(tables, t -> spark.sql("CREATE TABLE IF NOT EXISTS " + t + " USING delta LOCATION '"
        + path(t).replace("'", "\\'") + "'"));
    return tables;
  }

  /** The row count of every table ({@link #tables}), in that order. */
  public java.util.Map<String, Long> rowCounts(SparkSession spark) {
    return eachTable(tables(spark), t -> read(spark, t).count());
  }

  /**
   * {@code work} applied to each table, a few tables at a time; the results in the order of
   * {@code tables}. Registering or counting a table is mostly the reading of its Delta log,
   * driver-side work that overlaps well: a lake's 30 tables go about twice as fast this way.
   */
  private <T> java.util.Map<String, T> eachTable(List<String> tables, java.util.function.Function<String, T> work) {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.Map<String, java.util.concurrent.Future<T>> running = new java.util.LinkedHashMap<>();
      for (String t : tables) {
        running.put(t, pool.submit(() -> work.apply(t)));
      }
      java.util.Map<String, T> results = new java.util.LinkedHashMap<>();
      for (java.util.Map.Entry<String, java.util.concurrent.Future<T>> r : running.entrySet()) {
        results.put(r.getKey(), r.getValue().get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the tables of " + root, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }


  /** True when the lake root is a local directory that exists (or can be made). */
  public boolean isLocal() {
    return !root.contains("://") || root.startsWith("file:");
  }

  /** Makes a local lake's root folder; a no-op for object stores. */
  public void ensureLocalRoot() {
    if (isLocal()) {
      try {
        Files.createDirectories(new File(root.replaceFirst("^file:", "")).toPath());
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot create lake folder " + root + ": " + e.getMessage(), e);
      }
    }
  }
}
