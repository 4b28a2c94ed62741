package dev.boomerang.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boomerang.bench.BenchReport;
import dev.boomerang.bench.BenchReport.StageTime;
import dev.boomerang.bench.DuckDbPeer;
import dev.boomerang.common.Lake;
import dev.boomerang.common.LocalFiles;
import dev.boomerang.common.SparkSessions;
import dev.boomerang.common.Tables;
import dev.boomerang.common.UserError;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: times every stage of the product on a generated dataset of about N order lines,
 * runs the customer-feature aggregation in DuckDB over the same data as a peer, and writes the
 * figures to {@code bench-results/<timestamp>.json}, compared with the previous file. Each stage is
 * the real command, run in this process on a fresh lake; the dataset is generated once per size and
 * reused.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Times each stage on a generated dataset of about N order lines: generate (or reuse), first full "
        + "ingest, one nightly ingest, full feature rebuild, one nightly feature increment, training of each model, "
        + "scoring; then the customer-feature aggregation in Spark and in DuckDB over the same Parquet, with a "
        + "row-level comparison.",
        "Prints a table, writes bench-results/<timestamp>.json (machine, Spark settings, times, peak driver memory) "
            + "and compares with the previous result file. Figures only, nothing timed is asserted; the exit code is 1 "
            + "when the Spark and DuckDB outputs differ."})
public class BenchCommand implements Callable<Integer> {

  /** Order lines per customer per day of the default simulated dataset (101,527 lines, 20,000 customers, 60 days). */
  static final double LINES_PER_CUSTOMER_DAY = 101_527.0 / (20_000 * 60);

  @Option(names = "--lines", required = true, paramLabel = "N",
      description = "Order lines to generate: 1M, 5M, 20M, or any count such as 200k.")
  String lines;

  @Option(names = "--days", paramLabel = "N", defaultValue = "60",
      description = "Days of history (daily drops) (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--rebuild-days", paramLabel = "N",
      description = "Rebuild features for only the last N days of history before the nightly day (default: all of them).")
  Integer rebuildDays;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data/bench",
      description = "Where datasets (landing, truth) and the bench lake live (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--results", paramLabel = "DIR", defaultValue = "bench-results",
      description = "Folder of the result files (default: ${DEFAULT-VALUE}).")
  Path results;

  @Option(names = "--peer-sample", paramLabel = "N", defaultValue = "10000",
      description = "Customers whose every feature column is compared between Spark and DuckDB (default: ${DEFAULT-VALUE}).")
  int peerSample;

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file with spark.* settings for the run.")
  Path config;

  private final List<StageTime> stages = new ArrayList<>();

  @Override
  public Integer call() {
    long target = BenchReport.parseLines(lines);
    if (days < 3) {
      throw new UserError("--days must be at least 3: a history, a nightly day and a closed return window need them");
    }
    if (rebuildDays != null && rebuildDays < 1) {
      throw new UserError("--rebuild-days must be at least 1");
    }
    long customers = Math.max(50, Math.round(target / (LINES_PER_CUSTOMER_DAY * days)));
    Path dataset = dir.resolve("lines-" + BenchReport.label(target) + "-days-" + days + "-seed-" + seed)
        .toAbsolutePath().normalize();
    Path landing = dataset.resolve("landing");
    Path lakeDir = dataset.resolve("lake");
    LocalFiles.deleteTree(lakeDir); // every stage after generate times a first run on an empty lake
    LocalFiles.deleteTree(dataset.resolve("peer"));

    if (DemoCommand.dropDates(landing).isEmpty()) {
      step("generate", customers + " customers, " + days + " days", List.of("generate", "--out", landing.toString(),
          "--truth", dataset.resolve("truth").toString(), "--customers", Long.toString(customers),
          "--days", Integer.toString(days), "--seed", Long.toString(seed)));
    } else {
      stages.add(new StageTime("generate", -1, "reused " + landing));
    }
    TreeSet<LocalDate> drops = DemoCommand.dropDates(landing);
    LocalDate first = drops.first();
    LocalDate last = drops.last();
    LocalDate history = last.minusDays(1);
    LocalDate rebuildFrom = rebuildDays == null || first.isAfter(history.minusDays(rebuildDays - 1))
        ? first : history.minusDays(rebuildDays - 1);
    CommonOptions common = new CommonOptions();
    common.lake = lakeDir.toString();
    common.landing = landing.toString();
    common.master = master;
    common.config = config;
    List<String> where = common.asArgs();
    // The first ingest of a history: one batch that stands for every day of it.
    step("ingest.full", first + ".." + history + " in one pass", with(where, "ingest", "--from", first.toString(),
        "--to", history.toString()));
    step("ingest.nightly", last.toString(), with(where, "ingest", "--date", last.toString()));
    step("features.rebuild", rebuildFrom + ".." + history + " (" + (history.toEpochDay() - rebuildFrom.toEpochDay() + 1)
        + " dates)", with(where, "features", "--from", rebuildFrom.toString(), "--to", history.toString()));
    step("features.nightly", last.toString(), with(where, "features", "--as-of", last.toString()));
    step("train.return-likelihood", "", with(where, "train", "--as-of", last.toString(), "--model", "return-likelihood"));
    step("train.abuse", "", with(where, "train", "--as-of", last.toString(), "--model", "abuse"));
    step("score", "", with(where, "score", "--as-of", last.toString()));

    SparkSession spark = common.session("bench");
    Lake lake = common.lake();
    long orderLines = lake.read(spark, Tables.silver("order_lines")).count();
    Map<String, Object> peer = peer(spark, lake, dataset.resolve("peer"), last);

    Map<String, Object> result = result(spark, target, orderLines, customers, first, last, peer);
    Path previous = BenchReport.previous(results, target, days).orElse(null);
    JsonNode before = previous == null ? null : BenchReport.read(previous);
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    Path file = results.resolve(stamp + ".json");
    BenchReport.write(file, result);

    System.out.printf(Locale.ROOT, "%nbench: %,d order lines (asked %s), %,d customers, %d days, seed %d, %s%n",
        orderLines, lines, customers, days, seed, master);
    if (before != null) {
      System.out.println("previous: " + previous + " (" + before.path("order_lines").asLong() + " order lines)");
    }
    System.out.print(BenchReport.table(BenchReport.compare(before, stages), stages, before != null));
    System.out.printf(Locale.ROOT, "peak driver RSS %.2f GB; heap max %.1f GB%n", BenchReport.peakRssBytes() / 1e9,
        Runtime.getRuntime().maxMemory() / 1e9);
    System.out.println("results: " + file);
    return Boolean.TRUE.equals(peer.get("equal")) ? ExitCode.OK : ExitCode.FAILED;
  }

  /** Exports the daily rows, times both engines on them, and compares their outputs. */
  private Map<String, Object> peer(SparkSession spark, Lake lake, Path dir, LocalDate asOf) {
    Path input = dir.resolve("customer_daily");
    Path sparkOut = dir.resolve("spark");
    Path duckOut = dir.resolve("duckdb");
    time("peer.export", "gold.customer_daily as Parquet", () -> DuckDbPeer.export(
        lake.read(spark, Tables.GOLD_CUSTOMER_DAILY), input));
    // Each engine runs twice; the second (warm) run is the figure, the first is shown too.
    double sparkCold = time("peer.spark.first", "", () -> DuckDbPeer.runSpark(spark, input, asOf, sparkOut));
    double sparkWarm = time("peer.spark", "customer windows", () -> DuckDbPeer.runSpark(spark, input, asOf, sparkOut));
    double duckCold = time("peer.duckdb.first", "", () -> DuckDbPeer.runDuckDb(input, asOf, duckOut));
    double duckWarm = time("peer.duckdb", "the same, as SQL", () -> DuckDbPeer.runDuckDb(input, asOf, duckOut));
    DuckDbPeer.Comparison[] c = new DuckDbPeer.Comparison[1];
    time("peer.compare", "", () -> c[0] = DuckDbPeer.compare(spark.read().parquet(sparkOut.toString()),
        spark.read().parquet(duckOut.toString()), peerSample));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("aggregation", "customer feature windows (CustomerFeatures.windows / CustomerWindowsSql) as of " + asOf);
    m.put("input_rows", spark.read().parquet(input.toString()).count());
    m.put("spark_seconds", sparkWarm);
    m.put("spark_first_seconds", sparkCold);
    m.put("duckdb_seconds", duckWarm);
    m.put("duckdb_first_seconds", duckCold);
    m.put("ratio_spark_to_duckdb", sparkWarm / duckWarm);
    m.put("spark_rows", c[0].sparkRows());
    m.put("duckdb_rows", c[0].duckdbRows());
    m.put("only_spark", c[0].onlySpark());
    m.put("only_duckdb", c[0].onlyDuckdb());
    m.put("rows_compared", c[0].compared());
    m.put("mismatches", c[0].mismatches());
    m.put("first_mismatch", c[0].firstMismatch());
    m.put("equal", c[0].equal());
    System.out.printf(Locale.ROOT, "peer: Spark %.2fs, DuckDB %.2fs, ratio %.1f; %,d rows each side? %s; %,d rows "
            + "compared column by column, %d differ%s%n", sparkWarm, duckWarm, sparkWarm / duckWarm, c[0].sparkRows(),
        c[0].sparkRows() == c[0].duckdbRows() ? "yes" : "no (DuckDB " + c[0].duckdbRows() + ")", c[0].compared(),
        c[0].mismatches(), c[0].firstMismatch() == null ? "" : ": " + c[0].firstMismatch());
    return m;
  }

  private Map<String, Object> result(SparkSession spark, long target, long orderLines, long customers,
      LocalDate first, LocalDate last, Map<String, Object> peer) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("timestamp", Instant.now().toString());
    r.put("lines_requested", target);
    r.put("order_lines", orderLines);
    r.put("customers", customers);
    r.put("days", days);
    r.put("first_day", first.toString());
    r.put("nightly_day", last.toString());
    r.put("seed", seed);
    r.put("rebuild_days", rebuildDays == null ? days - 1 : rebuildDays);
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("host", hostName());
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("memory_bytes", BenchReport.machineMemoryBytes());
    machine.put("java", System.getProperty("java.version"));
    r.put("machine", machine);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("spark.master", spark.sparkContext().master());
    settings.put("spark.version", spark.version());
    for (String k : new TreeSet<>(SparkSessions.DEFAULTS.keySet())) {
      settings.put(k, spark.conf().get(k, null));
    }
    settings.put("driver_heap_max_bytes", Runtime.getRuntime().maxMemory());
    r.put("spark", settings);
    List<Map<String, Object>> times = new ArrayList<>();
    for (StageTime s : stages) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", s.name());
      t.put("seconds", s.seconds());
      t.put("note", s.note());
      times.add(t);
    }
    r.put("stages", times);
    r.put("peer", peer);
    r.put("peak_driver_rss_bytes", BenchReport.peakRssBytes());
    return r;
  }

  /** Runs one real command, timed; a failing command stops the bench with its exit code named. */
  private void step(String name, String note, List<String> args) {
    time(name, note, () -> {
      int code = Main.execute(args.toArray(String[]::new));
      if (code != ExitCode.OK) {
        throw new UserError("bench stopped at " + name + ": '" + String.join(" ", args) + "' exited with " + code);
      }
    });
  }

  private double time(String name, String note, Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    double s = (System.nanoTime() - t0) / 1e9;
    stages.add(new StageTime(name, s, note));
    return s;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static List<String> with(List<String> where, String... command) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(where);
    return all;
  }
}
