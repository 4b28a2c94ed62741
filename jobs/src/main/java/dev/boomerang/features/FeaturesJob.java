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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code features --as-of D}, {@code --from D1 --to D2} and {@code --dates D1,D2,…}: gold daily
 * measures, customer and SKU features for each date, then the two training sets as of the last date.
 *
 * <p>Per date D: the daily tables get D's rows (a nightly run: the change D brought to the orders D
 * touched; the first run ever, or the first date of a range: the base, the whole state as of D,
 * replacing every older daily row), then {@code gold.sku_features} and {@code gold.customer_features}
 * for D are rolled up. A nightly run needs D-1 to have been built ({@code gold.feature_runs});
 * otherwise it says which range to rebuild. Listed dates ({@code --dates}) that do not follow one
 * another each start from a base of their own. Consecutive dates are computed together, up to
 * {@link #DEFAULT_DATES_PER_PLAN} in one plan: each silver row is repeated for every date that
 * knows it, tagged with that as_of_date, so the plan's fixed cost is paid once, not once per date.
 * The results stay in memory and each table is written once for the whole range: the rows of the
 * range's dates are deleted, then the new rows go in with the keyed MERGE, so rerunning a date or
 * a range is idempotent.
 */
public final class FeaturesJob {

  private static final Logger LOG = LoggerFactory.getLogger(FeaturesJob.class);

  private FeaturesJob() {}

  /**
   * What to build: ascending dates, each rolled up from the day before it when that day is in the
   * list too, else from a base (the whole state as of the date). {@code rebuild} makes the first date
   * a base as well; otherwise it continues from the day before it as built earlier (a nightly run).
   */
  public record Args(List<LocalDate> dates, boolean rebuild) {
    public Args {
      dates = List.copyOf(dates);
      if (dates.isEmpty()) {
        throw new UserError("no date to build features for");
      }
      for (int i = 1; i < dates.size(); i++) {
        if (!dates.get(i).isAfter(dates.get(i - 1))) {
          throw new UserError("feature dates must be ascending and distinct: " + dates.get(i - 1) + " then "
              + dates.get(i));
        }
      }
    }

    public static Args nightly(LocalDate d) {
      return new Args(List.of(d), false);
    }

    /** Every date from {@code from} to {@code to}, from a base at {@code from}. */
    public static Args range(LocalDate from, LocalDate to) {
      if (to.isBefore(from)) {
        throw new UserError("--to " + to + " is before --from " + from);
      }
      return new Args(from.datesUntil(to.plusDays(1)).toList(), true);
    }

    /** Only these dates, each from a base unless the day before it is listed too. */
    public static Args only(List<LocalDate> dates) {
      return new Args(dates.stream().sorted().distinct().toList(), true);
    }

    public LocalDate from() {
      return dates.get(0);
    }

    public LocalDate to() {
      return dates.get(dates.size() - 1);
    }
  }

  static final StructType RUNS = new StructType()
      .add("as_of_date", DataTypes.DateType, false)
      .add("mode", DataTypes.StringType, false);

  static final List<String> CUSTOMER_DAILY_KEYS = List.of("customer_id", "event_date", "known_date");
  static final List<String> SKU_DAILY_KEYS = List.of("sku", "event_date", "known_date");

  /**
   * How many consecutive dates one plan computes at most. Each date repeats the silver rows known
   * by it, so the plan's rows grow with this number; its fixed cost (planning, code generation,
   * job start-up) is paid once per plan instead of once per date.
   */
  public static final int DEFAULT_DATES_PER_PLAN = 16;

  public static void run(SparkSession spark, Lake lake, Args args) {
    run(spark, lake, args, DEFAULT_DATES_PER_PLAN);
  }

  /** {@link #run} with at most {@code datesPerPlan} consecutive dates computed by one plan. */
  public static void run(SparkSession spark, Lake lake, Args args, int datesPerPlan) {
    LOG.info("features dates={} rebuild={} lake={}", describe(args.dates()), args.rebuild(), lake.root());
    Delta.createIfNotExists(spark, lake, Tables.GOLD_FEATURE_RUNS, RUNS);
    boolean base = needsBase(spark, lake, args);
    Date from = Date.valueOf(args.from());
    Date to = Date.valueOf(args.to());
    // Every date reads the same silver tables several times: scan them once.
    SilverSnapshot silver = SilverSnapshot.read(spark, lake).cached();
    // Plans of dates are computed one after the other in memory (each date's features read the
    // daily rows up to it) and written once per table at the end: per-date Delta commits cost more
    // than the computation on small and mid-size lakes. The daily rows a date sees are those of
    // earlier builds that the range does not replace, plus the range's own so far.
    Dataset<Row> customerDaily = base ? null : lake.read(spark, Tables.GOLD_CUSTOMER_DAILY).filter(col("known_date").lt(from));
    Dataset<Row> skuDaily = base ? null : lake.read(spark, Tables.GOLD_SKU_DAILY).filter(col("known_date").lt(from));
    Dataset<Row> skuFeatures = null;
    Dataset<Row> customerFeatures = null;
    List<Row> runs = new java.util.ArrayList<>();
    LocalDate previous = null;
    for (List<LocalDate> chunk : plans(args.dates(), datesPerPlan)) {
      try (Stage s = Stage.start("features." + describe(chunk))) {
        // A plan whose first day's day before was not computed here starts from a base: the whole
        // state as of that day.
        LocalDate first = chunk.get(0);
        boolean baseOfChunk = previous == null ? base : !first.equals(previous.plusDays(1));
        Dataset<Row> customerOf = DailyMeasures.customerDaily(silver, chunk, baseOfChunk).localCheckpoint();
        Dataset<Row> skuOf = DailyMeasures.skuDaily(silver, chunk, baseOfChunk).localCheckpoint();
        customerDaily = baseOfChunk ? customerOf : union(customerDaily, customerOf);
        skuDaily = baseOfChunk ? skuOf : union(skuDaily, skuOf);
        Dataset<Row> dates = SilverSnapshot.dates(spark, chunk);
        Dataset<Row> sku = SkuFeatures.compute(skuDaily, silver.asOfEach(dates).products(), dates).localCheckpoint();
        Dataset<Row> customer = CustomerFeatures.compute(customerDaily, skuDaily, silver, sku, dates).localCheckpoint();
        skuFeatures = union(skuFeatures, sku);
        customerFeatures = union(customerFeatures, customer);
        for (LocalDate d : chunk) {
          runs.add(RowFactory.create(Date.valueOf(d), baseOfChunk && d.equals(first) ? "BASE" : "INCREMENT"));
        }
        s.rows(-1, customer.count());
        previous = chunk.get(chunk.size() - 1);
      }
    }
    try (Stage s = Stage.start("features.write " + describe(args.dates()))) {
      // A base replaces every daily row up to it; the daily rows after the last date are kept (a run
      // never ends before the latest built date: needsBase).
      Column replacedDaily = base ? col("known_date").leq(to) : col("known_date").between(from, to);
      Column replacedDates = col("as_of_date").isin(args.dates().stream().map(Date::valueOf).toArray());
      long rows = replace(spark, lake, Tables.GOLD_CUSTOMER_DAILY, customerDaily.filter(col("known_date").geq(from)),
          CUSTOMER_DAILY_KEYS, replacedDaily)
          + replace(spark, lake, Tables.GOLD_SKU_DAILY, skuDaily.filter(col("known_date").geq(from)), SKU_DAILY_KEYS,
              replacedDaily)
          + replace(spark, lake, Tables.GOLD_SKU_FEATURES, skuFeatures, List.of("sku", "as_of_date"), replacedDates)
          + replace(spark, lake, Tables.GOLD_CUSTOMER_FEATURES, customerFeatures,
              List.of("customer_id", "as_of_date"), replacedDates);
      Delta.upsertLatest(spark, lake, Tables.GOLD_FEATURE_RUNS, spark.createDataFrame(runs, RUNS),
          List.of("as_of_date"), List.of(col("mode")), null);
      s.rows(-1, rows);
    }
    try (Stage s = Stage.start("features.training")) {
      trainingSets(spark, lake, silver, args.to());
    }
    silver.unpersist();
  }

  /**
   * {@code sofar} and {@code more} as one Dataset made from their rows, materialized. Checkpoints of
   * plans over the same cached tables share column ids, and a Union of several of them fails in
   * planning ("key not found: sku#…"); a Dataset made from the rows gets fresh ids, and each date
   * then scans one in-memory table.
   */
  private static Dataset<Row> union(Dataset<Row> sofar, Dataset<Row> more) {
    if (sofar == null) {
      return more;
    }
    StructType schema = new StructType(java.util.Arrays.stream(more.schema().fields())
        .map(f -> DataTypes.createStructField(f.name(), f.dataType(), true)).toArray(StructField[]::new));
    Column[] inOrder = java.util.Arrays.stream(more.columns()).map(c -> col(c)).toArray(Column[]::new);
    return more.sparkSession().createDataFrame(sofar.select(inOrder).javaRDD().union(more.javaRDD()), schema)
        .localCheckpoint();
  }

  /** The dates cut into runs of consecutive days, each at most {@code size} long, in order. */
  static List<List<LocalDate>> plans(List<LocalDate> dates, int size) {
    List<List<LocalDate>> plans = new java.util.ArrayList<>();
    List<LocalDate> current = new java.util.ArrayList<>();
    for (LocalDate d : dates) {
      if (!current.isEmpty() && (current.size() == size || !d.equals(current.get(current.size() - 1).plusDays(1)))) {
        plans.add(current);
        current = new java.util.ArrayList<>();
      }
      current.add(d);
    }
    plans.add(current);
    return plans;
  }

  /** How a log line names the dates: "2025-10-01", "2025-10-01..2025-10-31" for a range, else the list. */
  static String describe(List<LocalDate> dates) {
    LocalDate first = dates.get(0);
    LocalDate last = dates.get(dates.size() - 1);
    if (dates.size() == 1) {
      return first.toString();
    }
    return dates.size() == last.toEpochDay() - first.toEpochDay() + 1 ? first + ".." + last
        : dates.stream().map(LocalDate::toString).collect(java.util.stream.Collectors.joining(","));
  }

  /**
   * True when the first date's daily rows must be a base: a rebuild, nothing built yet, or a nightly
   * date that itself was a base. False for a nightly date whose day before (or which itself, as an
   * increment) was built. Otherwise a gap: the user must rebuild. The daily tables hold the chain of
   * the latest built date, so no run may end before that date: it would leave the chain broken.
   */
  static boolean needsBase(SparkSession spark, Lake lake, Args args) {
    Dataset<Row> runs = lake.read(spark, Tables.GOLD_FEATURE_RUNS);
    Row last = runs.agg(max("as_of_date")).head();
    LocalDate d = args.from();
    if (!last.isNullAt(0) && args.to().isBefore(last.getDate(0).toLocalDate())) {
      LocalDate latest = last.getDate(0).toLocalDate();
      throw new UserError("features are built up to " + latest + " and the daily tables continue from there; a run "
          + "must reach that date: run 'features --from " + d + " --to " + latest + "'");
    }
    if (args.rebuild()) {
      return true;
    }
    List<Row> near = runs.filter(col("as_of_date").isin(Date.valueOf(d.minusDays(1)), Date.valueOf(d)))
        .collectAsList();
    if (near.stream().anyMatch(r -> r.getDate(0).toLocalDate().equals(d))) {
      return near.stream().anyMatch(r -> r.getDate(0).toLocalDate().equals(d) && r.getString(1).equals("BASE"));
    }
    if (!near.isEmpty()) {
      return false;
    }
    if (last.isNullAt(0)) {
      return true;
    }
    throw new UserError("features for " + d.minusDays(1) + " were never built (last built: " + last.getDate(0)
        + "); run 'features --from " + last.getDate(0).toLocalDate().plusDays(1) + " --to " + d + "'");
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
