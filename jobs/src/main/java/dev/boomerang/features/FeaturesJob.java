package dev.boomerang.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.boomerang.common.Delta;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Stage;
import dev.boomerang.common.Tables;
import dev.boomerang.common.UserError;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code features --as-of D} and {@code --from D1 --to D2}: gold daily measures, customer and SKU
 * features for each date, then the two training sets as of the last date.
 *
 * <p>Per date D: the daily tables get D's rows (a nightly run: the change D brought to the orders D
 * touched; the first run ever, or the first date of a range: the base, the whole state as of D,
 * replacing every older daily row), then {@code gold.sku_features} and {@code gold.customer_features}
 * for D are rolled up. A nightly run needs D-1 to have been built ({@code gold.feature_runs});
 * otherwise it says which range to rebuild. Every write replaces the rows of its date (delete of
 * that date's key range, then the keyed MERGE), so rerunning a date is idempotent.
 */
public final class FeaturesJob {

  private static final Logger LOG = LoggerFactory.getLogger(FeaturesJob.class);

  private FeaturesJob() {}

  /** What to build: one date (nightly) or a range (rebuild from a base at {@code from}). */
  public record Args(LocalDate from, LocalDate to, boolean rebuild) {
    public Args {
      if (to.isBefore(from)) {
        throw new UserError("--to " + to + " is before --from " + from);
      }
    }

    public static Args nightly(LocalDate d) {
      return new Args(d, d, false);
    }

    public static Args range(LocalDate from, LocalDate to) {
      return new Args(from, to, true);
    }
  }

  static final StructType RUNS = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("mode", DataTypes.StringType, false);

  static final List<String> CUSTOMER_DAILY_KEYS = List.of("customer_id", "event_date", "known_date");
  static final List<String> SKU_DAILY_KEYS = List.of("sku", "event_date", "known_date");

  public static void run(SparkSession spark, Lake lake, Args args) {
    LOG.info("features from={} to={} rebuild={} lake={}", args.from(), args.to(), args.rebuild(), lake.root());
    Delta.createIfNotExists(spark, lake, Tables.GOLD_FEATURE_RUNS, RUNS);
    boolean base = args.rebuild() || needsBase(spark, lake, args.from());
    // Every date reads the same silver tables several times: scan them once.
    SilverSnapshot silver = SilverSnapshot.read(spark, lake).cached();
    for (LocalDate d = args.from(); !d.isAfter(args.to()); d = d.plusDays(1)) {
      try (Stage s = Stage.start("features." + d)) {
        long rows = daily(spark, lake, silver, d, base);
        features(spark, lake, silver, d);
        Delta.upsertLatest(spark, lake, Tables.GOLD_FEATURE_RUNS,
            spark.createDataFrame(List.of(RowFactory.create(Date.valueOf(d), base ? "BASE" : "INCREMENT")), RUNS),
            List.of("as_of_date"), List.of(col("mode")), null);
        s.rows(-1, rows);
      }
      base = false;
    }
    try (Stage s = Stage.start("features.training")) {
      trainingSets(spark, lake, silver, args.to());
    }
    silver.unpersist();
  }

  /**
   * True when D's daily rows must be a base: nothing built yet, or D itself was a base. False when
   * D-1 (or D as an increment) was built. Otherwise a gap: the user must rebuild.
   */
  static boolean needsBase(SparkSession spark, Lake lake, LocalDate d) {
    Dataset<Row> runs = lake.read(spark, Tables.GOLD_FEATURE_RUNS);
    List<Row> near = runs.filter(col("as_of_date").isin(Date.valueOf(d.minusDays(1)), Date.valueOf(d)))
        .collectAsList();
    if (near.stream().anyMatch(r -> r.getDate(0).toLocalDate().equals(d))) {
      return near.stream().anyMatch(r -> r.getDate(0).toLocalDate().equals(d) && r.getString(1).equals("BASE"));
    }
    if (!near.isEmpty()) {
      return false;
    }
    Row last = runs.agg(max("as_of_date")).head();
    if (last.isNullAt(0)) {
      return true;
    }
    throw new UserError("features for " + d.minusDays(1) + " were never built (last built: " + last.getDate(0)
        + "); run 'features --from " + last.getDate(0).toLocalDate().plusDays(1) + " --to " + d + "'");
  }

  /** Writes D's rows of the two daily tables; returns how many. */
  static long daily(SparkSession spark, Lake lake, SilverSnapshot silver, LocalDate d, boolean base) {
    Column replaced = base ? col("known_date").leq(lit(Date.valueOf(d))) : col("known_date").equalTo(lit(Date.valueOf(d)));
    return replace(spark, lake, Tables.GOLD_CUSTOMER_DAILY, DailyMeasures.customerDaily(silver, d, base),
        CUSTOMER_DAILY_KEYS, replaced)
        + replace(spark, lake, Tables.GOLD_SKU_DAILY, DailyMeasures.skuDaily(silver, d, base), SKU_DAILY_KEYS, replaced);
  }

  /**
   * Deletes the rows {@code stale} selects, then MERGEs {@code rows} by key. The rows are computed
   * once, before either write: a feature plan is large, and MERGE would otherwise plan and run it
   * again for each of its passes. Returns the number of rows written.
   */
  static long replace(SparkSession spark, Lake lake, String table, Dataset<Row> rows, List<String> keys, Column stale) {
    Dataset<Row> computed = rows.localCheckpoint();
    Delta.createIfNotExists(spark, lake, table, computed.schema());
    lake.delta(spark, table).delete(stale);
    Delta.upsertLatest(spark, lake, table, computed, keys, List.of(col(keys.get(keys.size() - 1)).desc()), null);
    return computed.count();
  }

  static void features(SparkSession spark, Lake lake, SilverSnapshot silver, LocalDate d) {
    SilverSnapshot now = silver.asOf(d).materialized();
    Column ofD = col("as_of_date").equalTo(lit(Date.valueOf(d)));
    Dataset<Row> skuFeatures = SkuFeatures.compute(lake.read(spark, Tables.GOLD_SKU_DAILY), now.products(), d);
    replace(spark, lake, Tables.GOLD_SKU_FEATURES, skuFeatures, List.of("sku", "as_of_date"), ofD);
    Dataset<Row> customerFeatures = CustomerFeatures.compute(lake.read(spark, Tables.GOLD_CUSTOMER_DAILY),
        lake.read(spark, Tables.GOLD_SKU_DAILY), now, lake.read(spark, Tables.GOLD_SKU_FEATURES).filter(ofD), d);
    replace(spark, lake, Tables.GOLD_CUSTOMER_FEATURES, customerFeatures, List.of("customer_id", "as_of_date"), ofD);
  }

  static void trainingSets(SparkSession spark, Lake lake, SilverSnapshot silver, LocalDate d) {
    Dataset<Row> customerFeatures = lake.read(spark, Tables.GOLD_CUSTOMER_FEATURES);
    Dataset<Row> lines = TrainingSets.orderLines(silver, customerFeatures,
        lake.read(spark, Tables.GOLD_SKU_FEATURES), d);
    Delta.createIfNotExists(spark, lake, Tables.GOLD_ORDER_LINE_TRAINING, lines.schema());
    Delta.upsertLatest(spark, lake, Tables.GOLD_ORDER_LINE_TRAINING, lines, List.of("order_id", "line_no"),
        List.of(col("label_as_of_date").desc()), null);
    Dataset<Row> reviews = TrainingSets.customerReviews(silver, customerFeatures, d);
    Delta.createIfNotExists(spark, lake, Tables.GOLD_CUSTOMER_TRAINING, reviews.schema());
    Delta.upsertLatest(spark, lake, Tables.GOLD_CUSTOMER_TRAINING, reviews, List.of("review_id"),
        List.of(col("label_as_of_date").desc()), null);
  }
}
