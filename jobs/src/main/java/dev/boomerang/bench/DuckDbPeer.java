package dev.boomerang.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;

import dev.boomerang.common.AsOfScope;
import dev.boomerang.common.Text;
import dev.boomerang.common.UserError;
import dev.boomerang.features.CustomerFeatures;
import dev.boomerang.features.CustomerWindowsSql;
import dev.boomerang.features.SilverSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The customer-feature aggregation (the windowed sums and rates of {@link CustomerFeatures#windows})
 * run by Spark and by DuckDB over the same Parquet export of {@code gold.customer_daily}, each
 * writing Parquet, and a row-level comparison of the two outputs. DuckDB runs
 * {@link CustomerWindowsSql}, generated from the same feature definitions as Spark's code.
 */
public final class DuckDbPeer {

  private DuckDbPeer() {}

  /** How the two outputs compare: row counts, rows only one engine produced, and sampled rows that differ. */
  public record Comparison(long sparkRows, long duckdbRows, long onlySpark, long onlyDuckdb, long compared,
                           long mismatches, String firstMismatch) {
    public boolean equal() {
      return onlySpark == 0 && onlyDuckdb == 0 && mismatches == 0 && sparkRows == duckdbRows;
    }
  }

  /** Writes {@code daily} as Parquet to {@code dir} (replacing it), the input both engines read. */
  public static void export(Dataset<Row> daily, Path dir) {
    daily.write().mode(SaveMode.Overwrite).parquet(dir.toString());
  }

  /** Spark: the product's own {@link CustomerFeatures#windows} over the Parquet input, written to {@code out}. */
  public static void runSpark(SparkSession spark, Path input, LocalDate asOf, Path out) {
    CustomerFeatures.windows(spark.read().parquet(input.toString()), SilverSnapshot.dates(spark, List.of(asOf)))
        .drop(AsOfScope.AS_OF).write().mode(SaveMode.Overwrite).parquet(out.toString());
  }

  /** DuckDB (in-process, in memory, all cores): the same aggregation as SQL, written to {@code out}/part-0.parquet. */
  public static void runDuckDb(Path input, LocalDate asOf, Path out) {
    String from = "read_parquet('" + sqlPath(input.resolve("*.parquet")) + "')";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      Files.createDirectories(out);
      Files.deleteIfExists(out.resolve("part-0.parquet"));
      s.execute("COPY (" + CustomerWindowsSql.query(from, asOf) + ") TO '" + sqlPath(out.resolve("part-0.parquet"))
          + "' (FORMAT parquet)");
    } catch (SQLException | IOException e) {
      throw new UserError("DuckDB peer failed on " + input + ": " + Text.firstLine(e.getMessage()), e);
    }
  }

  private static String sqlPath(Path p) {
    return p.toAbsolutePath().toString().replace("'", "''");
  }

  /**
   * Compares the two outputs by customer_id: rows only one side has, then every column of up to
   * {@code sample} common customers (chosen by a hash of the id, so the same ones each run), equal
   * including nulls. Pure over its inputs.
   */
  public static Comparison compare(Dataset<Row> spark, Dataset<Row> duckdb, int sample) {
    List<String> columns = Arrays.stream(spark.columns()).filter(c -> !c.equals("customer_id")).toList();
    List<String> duckdbColumns = Arrays.asList(duckdb.columns());
    List<String> missing = columns.stream().filter(c -> !duckdbColumns.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new UserError("the DuckDB output lacks column(s) " + missing);
    }
    Dataset<Row> a = spark.alias("s");
    Dataset<Row> b = duckdb.alias("d");
    Column key = col("s.customer_id").equalTo(col("d.customer_id"));
    long onlySpark = a.join(b, key, "left_anti").count();
    long onlyDuckdb = b.join(a, key, "left_anti").count();
    Column differs = null;
    for (String c : columns) {
      Column ne = col("s." + c).eqNullSafe(col("d." + c)).unary_$bang();
      differs = differs == null ? ne : differs.or(ne);
    }
    Dataset<Row> sampled = a.join(b, key).orderBy(xxhash64(col("s.customer_id"))).limit(sample).cache();
    long compared = sampled.count();
    Dataset<Row> bad = sampled.filter(differs);
    long mismatches = bad.count();
    String first = null;
    if (mismatches > 0) {
      Row r = bad.select(col("s.*"), col("d.*")).head();
      int n = spark.columns().length;
      for (int i = 0; i < n && first == null; i++) {
        Object x = r.get(i);
        Object y = r.get(n + duckdbColumns.indexOf(spark.columns()[i]));
        if (x == null ? y != null : !x.equals(y)) {
          first = "customer " + r.get(0) + ": " + spark.columns()[i] + " Spark=" + x + " DuckDB=" + y;
        }
      }
    }
    sampled.unpersist();
    return new Comparison(spark.count(), duckdb.count(), onlySpark, onlyDuckdb, compared, mismatches, first);
  }
}
