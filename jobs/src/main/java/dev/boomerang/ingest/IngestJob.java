package dev.boomerang.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.boomerang.common.Cols;
import dev.boomerang.common.Delta;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Stage;
import dev.boomerang.common.Tables;
import dev.boomerang.common.UserError;
import dev.boomerang.silver.DerivedTables;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ingest --date D}: landing drops up to D → {@code bronze.<entity>} (append, once per file)
 * → {@code silver.<entity>} (validated, one keyed MERGE per entity), with quarantine, pending
 * references and a reconciled audit per batch and entity. {@code --from D1 --to D2} is one batch
 * that gives what a run on each of those days would have ({@link #firstDay}). See
 * {@code docs/INGESTION.md}.
 *
 * <p>Crash safety: a batch's files are claimed in {@code ops.ingested_files} first, each later
 * step is idempotent given the claim (bronze append skipped when the batch is already there,
 * MERGEs that never change a row twice, quarantine and pending replaced by batch and entity), and
 * the audit rows are written last: a batch without audit rows is resumed by the next run.
 *
 * <p>Cost: parsing runs one Spark task per group of files; each entity with rows costs one bronze
 * append, one filtered bronze read, one MERGE (two with history) and two small replace writes.
 */
public final class IngestJob {

  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private IngestJob() {}

  /** {@code from..to} inclusive; {@code ingest --date D} is {@code from = to = D}. */
  public record Args(LocalDate from, LocalDate to) {
    public Args {
      if (to.isBefore(from)) {
        throw new UserError("--from " + from + " is after --to " + to);
      }
    }

    public static Args day(LocalDate d) {
      return new Args(d, d);
    }
  }

  /** A landing file as listed: fully qualified path, entity, drop date, size and modification time. */
  public record LandingFile(String path, String entity, LocalDate dropDate, long size, long mtime)
      implements Serializable {}

  /** One batch and entity's reconciled counts (a row of {@code ops.ingest_audit}). */
  public record Audit(String batchId, String entity, long files, long rowsRead, long pendingIn,
                      long rowsUpserted, long duplicatesCollapsed, long quarantined, long pendingOut) {
    public boolean reconciles() {
      return rowsRead + pendingIn == rowsUpserted + duplicatesCollapsed + quarantined + pendingOut;
    }
  }

  /** What a run did; {@code problems} are the user-facing lines for files or entities not loaded. */
  public record Result(List<Audit> audits, List<String> problems) {}

  public static Result run(SparkSession spark, Lake lake, String landing, Args args) {
    IngestTables.createAll(spark, lake);
    Result result = runBatch(spark, lake, landing, args);
    // Every completed batch the derived tables have not taken in yet: this run's, and those of a
    // run that died after its audit rows but before (or during) the derived update.
    Dataset<Row> absorbed = lake.read(spark, Tables.OPS_DERIVED_BATCHES);
    Dataset<Row> completed = lake.read(spark, Tables.OPS_INGEST_AUDIT).select("batch_id").distinct();
    List<String> unabsorbed = completed
        .join(absorbed, completed.col("batch_id").equalTo(absorbed.col("batch_id")), "left_anti")
        .orderBy("batch_id").collectAsList().stream().map(r -> r.getString(0)).toList();
    if (!unabsorbed.isEmpty()) {
      DerivedTables.update(spark, lake, unabsorbed, args.to());
      Timestamp now = Timestamp.from(args.to().atTime(23, 59, 59).toInstant(ZoneOffset.UTC));
      Delta.upsertLatest(spark, lake, Tables.OPS_DERIVED_BATCHES, spark.createDataFrame(
              unabsorbed.stream().map(b -> RowFactory.create(b, now)).toList(), IngestTables.DERIVED_BATCHES),
          List.of("batch_id"), List.of(col("absorbed_at").desc()), null);
    }
    return result;
  }

  /**
   * One batch for the drops of {@code args}' days: first the batch an earlier run claimed but did
   * not complete, then every new file dated up to {@code to}, as if a run had taken each day's drops
   * on that day ({@link #firstDay}).
   */
  static Result runBatch(SparkSession spark, Lake lake, String landing, Args args) {
    LocalDate date = args.to();
    List<Audit> audits = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    // 1. finish a batch an earlier run claimed but did not complete
    Dataset<Row> completed = lake.read(spark, Tables.OPS_INGEST_AUDIT).select(col("batch_id").as("_done")).distinct();
    List<Row> unfinished = lake.read(spark, Tables.OPS_INGESTED_FILES)
        .join(completed, col("batch_id").equalTo(col("_done")), "left_anti")
        .orderBy("batch_seq", "path").collectAsList();
    Map<String, List<Row>> byBatch = new LinkedHashMap<>();
    unfinished.forEach(r -> byBatch.computeIfAbsent(r.<String>getAs("batch_id"), k -> new ArrayList<>()).add(r));
    for (List<Row> claimed : byBatch.values()) {
      Row first = claimed.get(0);
      List<LandingFile> files = claimed.stream().map(r -> new LandingFile(r.getAs("path"), r.getAs("entity"),
          r.<Date>getAs("known_at").toLocalDate(), r.<Long>getAs("size"),
          r.<Timestamp>getAs("modification_time").getTime())).toList();
      Map<String, String> checksums = claimed.stream().collect(Collectors.toMap(r -> r.getAs("path"), r -> r.getAs("checksum")));
      LOG.info("resuming unfinished batch {} ({} files)", first.<String>getAs("batch_id"), files.size());
      audits.addAll(processBatch(spark, lake, first.getAs("batch_id"), first.getAs("batch_seq"), null,
          first.<Date>getAs("run_date").toLocalDate(), files, checksums, problems));
    }
    // 2. rows of a batch that crashed before claiming any file are garbage: drop them
    Object[] done = lake.read(spark, Tables.OPS_INGEST_AUDIT).select("batch_id").distinct().collectAsList().stream()
        .map(r -> r.get(0)).toArray();
    Column garbage = done.length == 0 ? lit(true) : not(col("batch_id").isin(done));
    for (String t : List.of(Tables.OPS_QUARANTINE, Tables.OPS_PENDING)) {
      if (!lake.read(spark, t).filter(garbage).isEmpty()) {
        lake.delta(spark, t).delete(garbage);
      }
    }

    // 3. this run's new files, up to and including the date
    List<LandingFile> listed = list(spark, landing, date, problems);
    Map<String, Row> known = new HashMap<>();
    lake.read(spark, Tables.OPS_INGESTED_FILES).collectAsList().forEach(r -> known.put(r.getAs("path"), r));
    List<LandingFile> fresh = new ArrayList<>();
    for (LandingFile f : listed) {
      Row k = known.get(f.path());
      if (k == null) {
        fresh.add(f);
      } else if (k.<Long>getAs("size") != f.size() || k.<Timestamp>getAs("modification_time").getTime() != f.mtime()) {
        String now = checksum(spark, f.path());
        if (!now.equals(k.getAs("checksum"))) {
          problems.add("changed file refused: " + f.path() + " was ingested in batch " + k.getAs("batch_id") + " ("
              + k.getAs("size") + " bytes) and now has other content (" + f.size()
              + " bytes); drop the correction as a new file");
        }
      }
    }
    Row last = lake.read(spark, Tables.OPS_INGEST_AUDIT).orderBy(col("batch_seq").desc()).limit(1)
        .collectAsList().stream().findFirst().orElse(null);
    long seq = last == null ? 1 : last.<Long>getAs("batch_seq") + 1;
    String batchId = date + "." + seq;
    // Without new files, only time can change a held row (its window expires): worth a batch only
    // when this date is later than the last batch's.
    boolean expiryDue = last != null && date.isAfter(last.<Date>getAs("run_date").toLocalDate())
        && !lake.read(spark, Tables.OPS_PENDING).isEmpty();
    if (fresh.isEmpty() && !expiryDue) {
      LOG.info("ingest {}: no new files, no held row to re-check", date);
      return new Result(audits, problems);
    }
    audits.addAll(processBatch(spark, lake, batchId, seq, args.from(), date, fresh, Map.of(), problems));
    return new Result(audits, problems);
  }

  /** Every {@code <landing>/<entity>/date=YYYY-MM-DD/*.csv} with a date up to {@code upTo}. */
  static List<LandingFile> list(SparkSession spark, String landing, LocalDate upTo, List<String> problems) {
    List<LandingFile> out = new ArrayList<>();
    try {
      Path root = new Path(landing);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        throw new UserError("landing folder " + landing + " does not exist");
      }
      for (Entity e : Contract.ENTITIES) {
        Path dir = new Path(root, e.name());
        if (!fs.exists(dir)) {
          continue;
        }
        for (FileStatus day : fs.listStatus(dir)) {
          String name = day.getPath().getName();
          if (!day.isDirectory() || !name.startsWith("date=")) {
            continue;
          }
          LocalDate d;
          try {
            d = LocalDate.parse(name.substring(5));
          } catch (DateTimeParseException ex) {
            problems.add("folder skipped: " + day.getPath() + " is not date=YYYY-MM-DD");
            continue;
          }
          if (d.isAfter(upTo)) {
            continue;
          }
          for (FileStatus f : fs.listStatus(day.getPath())) {
            String fn = f.getPath().getName();
            if (!f.isFile() || !fn.endsWith(".csv") || fn.startsWith(".") || fn.startsWith("_")) {
              continue;
            }
            if (fn.matches(".*[{}\\[\\]*?\\\\,].*")) {
              problems.add("file skipped: " + f.getPath() + " has a character ({}[]*?\\,) Hadoop reads as a pattern; rename it");
              continue;
            }
            out.add(new LandingFile(f.getPath().toString(), e.name(), d, f.getLen(), f.getModificationTime()));
          }
        }
      }
    } catch (IOException ex) {
      throw new UserError("cannot list landing folder " + landing + ": " + ex.getMessage(), ex);
    }
    out.sort((a, b) -> a.path().compareTo(b.path()));
    return out;
  }

  static String checksum(SparkSession spark, String path) {
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(p)) {
      return CsvFile.sha256(in.readAllBytes());
    } catch (IOException ex) {
      throw new UserError("cannot read " + path + ": " + ex.getMessage(), ex);
    }
  }

  /** Per-file facts the driver needs; the records stay in the executors. */
  record Summary(String path, String entity, String checksum, List<String> header, String fileError,
                 long rows, long bad) implements Serializable {}

  /** {@code from}: the first day the batch stands for, when the run said (null when resuming a batch). */
  static List<Audit> processBatch(SparkSession spark, Lake lake, String batchId, long seq, LocalDate from,
                                  LocalDate runDate,
                                  List<LandingFile> files, Map<String, String> claimedChecksums, List<String> problems) {
    Timestamp ingestedAt = Timestamp.from(runDate.atTime(23, 59, 59).toInstant(ZoneOffset.UTC));
    Date runDay = Date.valueOf(runDate);
    JavaRDD<CsvFile.Parsed> parsed = parse(spark, files);
    Map<String, Summary> summaries = new TreeMap<>();
    parsed.map(p -> new Summary(p.path(), p.entity(), p.checksum(), p.header(), p.fileError(), p.rowCount(),
            p.records().stream().filter(r -> !r.isGood()).count()))
        .collect().forEach(s -> summaries.put(s.path(), s));

    // An entity with an unreadable file is not loaded this run: its files stay new, the rest lands.
    Set<String> failed = new LinkedHashSet<>();
    for (Summary s : summaries.values()) {
      String was = claimedChecksums.get(s.path());
      if (was != null && !was.equals(s.checksum())) {
        throw new UserError("cannot resume batch " + batchId + ": " + s.path() + " changed since it was claimed");
      }
      if (s.fileError() != null) {
        failed.add(s.entity());
        problems.add(s.entity() + " not loaded: " + s.path() + ": " + s.fileError());
      }
    }
    List<LandingFile> accepted = files.stream().filter(f -> !failed.contains(f.entity())).toList();

    try (Stage st = Stage.start("ingest.claim " + batchId)) {
      List<Row> claim = accepted.stream().map(f -> RowFactory.create(f.path(), f.entity(), Date.valueOf(f.dropDate()),
          f.size(), new Timestamp(f.mtime()), summaries.get(f.path()).checksum(), summaries.get(f.path()).rows(),
          batchId, seq, runDay, ingestedAt)).toList();
      if (claimedChecksums.isEmpty()) { // a resumed batch is claimed already
        spark.createDataFrame(claim, IngestTables.INGESTED_FILES).write().format("delta").mode("append")
            .save(lake.path(Tables.OPS_INGESTED_FILES));
      }
      st.rows(files.size(), claim.size());
    }

    Row prev = lake.read(spark, Tables.OPS_INGEST_AUDIT).filter(col("batch_seq").lt(seq))
        .orderBy(col("batch_seq").desc()).select("batch_id", "run_date").limit(1).collectAsList().stream().findFirst()
        .orElse(null);
    LocalDate firstDay = firstDay(prev == null ? from : latest(prev.getDate(1).toLocalDate().plusDays(1), from),
        accepted, runDate);
    Dataset<Row> pendingIn = lake.read(spark, Tables.OPS_PENDING)
        .filter(col("batch_id").equalTo(prev == null ? "" : prev.getString(0)));
    Map<String, Long> heldCounts = new HashMap<>();
    pendingIn.groupBy("entity").count().collectAsList().forEach(r -> heldCounts.put(r.getString(0), r.getLong(1)));
    boolean resumed = !claimedChecksums.isEmpty();

    List<Audit> audits = new ArrayList<>();
    Map<String, Dataset<Row>> acceptedOn = new HashMap<>();
    for (Entity e : Contract.ENTITIES) {
      // a failed entity's files are not claimed, but the rows it holds are still re-checked
      List<Summary> mine = failed.contains(e.name()) ? List.of()
          : summaries.values().stream().filter(s -> s.entity().equals(e.name())).toList();
      Dataset<Row> held = pendingIn.filter(col("entity").equalTo(e.name()));
      long heldCount = heldCounts.getOrDefault(e.name(), 0L);
      if (mine.isEmpty() && heldCount == 0) {
        continue;
      }
      appendBronze(spark, lake, e, parsed, mine, batchId, ingestedAt, resumed);
      Audit a = toSilver(spark, lake, e, batchId, firstDay, runDate, ingestedAt, parsed, mine, held, heldCount, resumed,
          acceptedOn);
      if (!a.reconciles()) {
        throw new IllegalStateException("ingest audit does not reconcile for " + e.name() + " in batch " + batchId
            + ": rows_read " + a.rowsRead() + " + pending_in " + a.pendingIn() + " != upserted " + a.rowsUpserted()
            + " + collapsed " + a.duplicatesCollapsed() + " + quarantined " + a.quarantined() + " + pending_out "
            + a.pendingOut());
      }
      audits.add(a);
    }
    parsed.unpersist(false);

    // Completion: the audit rows, last. A batch with audit rows is never redone.
    List<Row> rows = audits.stream().map(a -> RowFactory.create(a.batchId(), seq, runDay, a.entity(), a.files(),
        a.rowsRead(), a.pendingIn(), a.rowsUpserted(), a.duplicatesCollapsed(), a.quarantined(), a.pendingOut(),
        ingestedAt)).toList();
    if (rows.isEmpty()) {
      rows = List.of(RowFactory.create(batchId, seq, runDay, "*", 0L, 0L, 0L, 0L, 0L, 0L, 0L, ingestedAt));
    }
    spark.createDataFrame(rows, IngestTables.AUDIT).write().format("delta").mode("append")
        .save(lake.path(Tables.OPS_INGEST_AUDIT));
    if (resumed || !heldCounts.isEmpty()) {
      lake.delta(spark, Tables.OPS_PENDING).delete(col("batch_id").notEqual(batchId));
    }
    return audits;
  }

  /**
   * The first drop day a batch stands for: {@code floor} (the run's {@code --from}, and never before
   * the day after the previous batch's run), or the batch's earliest drop if later, and at most the
   * run date. A batch covering several days ({@code ingest --from D1 --to D2}, a backfill) gives the
   * same result as a run on each of those days: each row's retry window starts on the day such a run
   * would first have seen it, and a reference resolves only to a row accepted within that window
   * ({@link Validation#ACCEPTED_ON}). {@code ingest --date D} stands for D alone, as before.
   */
  static LocalDate firstDay(LocalDate floor, List<LandingFile> files, LocalDate runDate) {
    LocalDate first = latest(floor, files.stream().map(LandingFile::dropDate).min(LocalDate::compareTo).orElse(null));
    return first == null || first.isAfter(runDate) ? runDate : first;
  }

  private static LocalDate latest(LocalDate a, LocalDate b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  static JavaRDD<CsvFile.Parsed> parse(SparkSession spark, List<LandingFile> files) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    if (files.isEmpty()) {
      return jsc.emptyRDD();
    }
    HashMap<String, LandingFile> byPath = new HashMap<>();
    files.forEach(f -> byPath.put(new Path(f.path()).toUri().getPath(), f));
    String paths = files.stream().map(LandingFile::path).collect(Collectors.joining(","));
    int parts = Math.max(2, Math.min(files.size(), jsc.defaultParallelism() * 2));
    JavaRDD<CsvFile.Parsed> parsed = jsc.binaryFiles(paths, parts).map(t -> {
      LandingFile f = byPath.get(new Path(t._1()).toUri().getPath());
      return CsvFile.parse(Contract.entity(f.entity()), f.path(), f.dropDate().toString(), t._2().toArray());
    });
    return parsed.persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * Appends the entity's good rows of this batch to bronze, once: a resumed batch skips it when
   * the batch is already there.
   */
  static void appendBronze(SparkSession spark, Lake lake, Entity e, JavaRDD<CsvFile.Parsed> parsed,
                           List<Summary> mine, String batchId, Timestamp ingestedAt, boolean resumed) {
    String table = Tables.bronze(e.name());
    if (mine.stream().mapToLong(s -> s.rows() - s.bad()).sum() == 0
        || resumed && !lake.read(spark, table).filter(col("_batch_id").equalTo(batchId)).limit(1).isEmpty()) {
      return;
    }
    List<String> extras = new ArrayList<>(mine.stream().flatMap(s -> s.header().stream())
        .filter(h -> e.field(h).isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new)));
    List<String> columns = new ArrayList<>(e.columnNames());
    columns.addAll(extras);
    StructType schema = new StructType();
    for (String c : columns) {
      schema = schema.add(c, "string");
    }
    for (var f : IngestTables.bronze(e).fields()) {
      if (f.name().startsWith("_") || f.name().equals("known_at")) {
        schema = schema.add(f);
      }
    }
    String name = e.name();
    HashSet<String> paths = mine.stream().map(Summary::path).collect(Collectors.toCollection(HashSet::new));
    JavaRDD<Row> rows = parsed.filter(p -> paths.contains(p.path())).flatMap(p -> {
      int[] at = columns.stream().mapToInt(p.header()::indexOf).toArray();
      Date knownAt = Date.valueOf(p.knownAt());
      List<Row> out = new ArrayList<>();
      for (CsvFile.Record r : p.records()) {
        if (!r.isGood()) {
          continue;
        }
        Object[] v = new Object[at.length + 5];
        for (int i = 0; i < at.length; i++) {
          v[i] = at[i] < 0 ? null : r.values()[at[i]];
        }
        v[at.length] = p.path();
        v[at.length + 1] = r.rowNumber();
        v[at.length + 2] = batchId;
        v[at.length + 3] = ingestedAt;
        v[at.length + 4] = knownAt;
        out.add(RowFactory.create(v));
      }
      return out.iterator();
    });
    try (Stage st = Stage.start("ingest.bronze." + name)) {
      spark.createDataFrame(rows, schema).write().format("delta").mode("append").option("mergeSchema", "true")
          .save(lake.path(table));
      st.rows(mine.stream().mapToLong(Summary::rows).sum(), -1);
    }
  }

  /**
   * Validates the batch's bronze rows plus the held ones, merges the good ones, quarantines and
   * holds the rest. The counts come from one aggregation over the checked rows. A fresh batch has
   * no quarantine or pending rows yet (a crashed one's were dropped as garbage), so it writes those
   * tables only when it has rows for them; a resumed batch replaces its rows, empty or not.
   */
  static Audit toSilver(SparkSession spark, Lake lake, Entity e, String batchId, LocalDate firstDay, LocalDate runDate,
                        Timestamp ingestedAt, JavaRDD<CsvFile.Parsed> parsed, List<Summary> mine, Dataset<Row> held,
                        long heldCount, boolean resumed, Map<String, Dataset<Row>> acceptedOn) {
    try (Stage st = Stage.start("ingest.silver." + e.name())) {
      List<Column> raw = new ArrayList<>();
      e.columnNames().forEach(c -> raw.add(col(c)));
      // A row is first checked on its drop day, or on the batch's first day for an older drop.
      Dataset<Row> fromBronze = lake.read(spark, Tables.bronze(e.name())).filter(col("_batch_id").equalTo(batchId))
          .select(both(raw, List.of(col("_source_file"), col("_row_number"), col("_batch_id"), col("known_at"),
              greatest(col("known_at"), lit(Date.valueOf(firstDay))).as("pending_since"))));
      Dataset<Row> fromPending = held
          .withColumn("_r", from_json(col("raw_record"), e.rawSchema()))
          .select(both(e.columnNames().stream().map(c -> col("_r." + c).as(c)).toList(),
              List.of(col("source_file").as("_source_file"), col("row_number").as("_row_number"),
                  col("source_batch_id").as("_batch_id"), col("known_at"), col("pending_since"))));
      List<String> targets = new ArrayList<>(IngestRules.references(e).stream().map(IngestRules.Reference::target).toList());
      if (e.name().equals("refunds") || e.name().equals("returns")) {
        targets.addAll(List.of("order_lines", "orders"));
      }
      Map<String, Dataset<Row>> silver = new HashMap<>();
      for (String t : targets) {
        Dataset<Row> rows = lake.read(spark, Tables.silver(t));
        Dataset<Row> thisBatch = acceptedOn.get(t);
        silver.put(t, thisBatch == null ? rows : rows.join(thisBatch, Cols.using(Contract.entity(t).key()), "left"));
      }
      Dataset<Row> checked = Validation.checkReferences(
          Validation.checkRows(fromBronze.unionByName(fromPending), e), e, silver)
          .persist(StorageLevel.MEMORY_AND_DISK());

      Column failed = col("_fail").isNotNull();
      Column unresolved = not(failed).and(col("_missing_ref").isNotNull());
      Column expired = datediff(lit(Date.valueOf(runDate)), col("pending_since")).geq(IngestRules.PENDING_WINDOW_DAYS);
      Column isValid = not(failed).and(col("_missing_ref").isNull());
      Column isRejected = failed.or(unresolved.and(expired));
      Column isHeld = unresolved.and(not(expired));
      Row n = checked.agg(
          count(when(isValid, true)),
          count_distinct(when(isValid, struct(e.key().stream().map(org.apache.spark.sql.functions::col)
              .toArray(Column[]::new)))),
          count(when(isRejected, true)),
          count(when(isHeld, true))).head();
      long validCount = n.getLong(0);
      long keys = n.getLong(1);
      long unreadableCount = mine.stream().mapToLong(Summary::bad).sum();
      long quarantined = n.getLong(2) + unreadableCount;
      long pendingOut = n.getLong(3);
      if (firstDay.isBefore(runDate) && IngestRules.isReferenced(e)) {
        acceptedOn.put(e.name(), acceptedKeys(spark, lake, e, checked.filter(isValid), firstDay));
      }
      upsert(spark, lake, e, checked.filter(isValid));

      Dataset<Row> rejected = checked.filter(isRejected).select(
          lit(e.name()).as("entity"), col("_source_file").as("source_file"), col("_row_number").as("row_number"),
          col("raw_record"),
          when(failed, col("_fail.rule")).otherwise(lit("unknown_reference")).as("rule"),
          when(failed, col("_fail.column_name")).as("column_name"),
          when(failed, col("_fail.detail")).otherwise(concat(col("_missing_ref"),
              lit(" after " + IngestRules.PENDING_WINDOW_DAYS + " drop days"))).as("detail"),
          lit(batchId).as("batch_id"), col("known_at"), lit(ingestedAt).as("quarantined_at"));
      String name = e.name();
      HashSet<String> paths = mine.stream().map(Summary::path).collect(Collectors.toCollection(HashSet::new));
      JavaRDD<Row> unreadable = parsed.filter(p -> paths.contains(p.path())).flatMap(p -> p.records().stream()
          .filter(r -> !r.isGood())
          .map(r -> RowFactory.create(name, p.path(), r.rowNumber(), r.raw(), r.rule(), null, r.detail(), batchId,
              Date.valueOf(p.knownAt()), ingestedAt))
          .iterator());
      String where = "batch_id = '" + batchId + "' AND entity = '" + name + "'";
      if (resumed || quarantined > 0) {
        replace(spark, lake, Tables.OPS_QUARANTINE,
            rejected.unionByName(spark.createDataFrame(unreadable, IngestTables.QUARANTINE)), where);
      }

      Dataset<Row> holdOn = checked.filter(isHeld).select(
          lit(name).as("entity"), col("_source_file").as("source_file"), col("_row_number").as("row_number"),
          col("raw_record"), col("_missing_ref").as("missing_reference"), col("known_at"), col("pending_since"),
          col("_batch_id").as("source_batch_id"), lit(batchId).as("batch_id"));
      if (resumed || pendingOut > 0) {
        replace(spark, lake, Tables.OPS_PENDING, holdOn, where);
      }
      checked.unpersist();

      long read = mine.stream().mapToLong(Summary::rows).sum();
      st.rows(read + heldCount, keys);
      return new Audit(batchId, name, mine.size(), read, heldCount, keys, validCount - keys, quarantined, pendingOut);
    }
  }

  /**
   * The keys this batch brings into silver with the drop day each was accepted on: its row's
   * first check day, or the day the last of its references was accepted if later. Computed before
   * the MERGE, so that keys silver already had stay unbounded. (A resumed batch whose MERGE had
   * committed sees its own keys as older: its bounds are then looser than day by day.)
   */
  static Dataset<Row> acceptedKeys(SparkSession spark, Lake lake, Entity e, Dataset<Row> valid, LocalDate firstDay) {
    Column[] key = e.key().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    return valid.groupBy(key)
        .agg(min(greatest(col("pending_since"), lit(Date.valueOf(firstDay)), col(Validation.REFS_ACCEPTED_ON)))
            .as(Validation.ACCEPTED_ON))
        .join(lake.read(spark, Tables.silver(e.name())).select(key), Cols.using(e.key()), "left_anti")
        .localCheckpoint();
  }

  /**
   * Merges valid rows into silver (and every version into history). Versions order by the version
   * column, then the earliest drop, file and row. Without a version column the latest drop wins,
   * and {@code known_at} is the first drop that carried exactly this content.
   */
  static void upsert(SparkSession spark, Lake lake, Entity e, Dataset<Row> valid) {
    List<Column> cols = new ArrayList<>();
    for (String c : IngestTables.silver(e).fieldNames()) {
      cols.add(col(c));
    }
    String v = e.versionColumn();
    if (v != null) {
      Dataset<Row> rows = valid.select(cols.toArray(Column[]::new));
      Delta.upsertLatest(spark, lake, Tables.silver(e.name()), rows, e.key(),
          List.of(col(v).desc(), col("known_at").asc(), col("_source_file").asc(), col("_row_number").asc()),
          "s." + v + " > t." + v);
      if (IngestRules.WITH_HISTORY.contains(e.name())) {
        List<String> versionKey = new ArrayList<>(e.key());
        versionKey.add(v);
        Delta.upsertLatest(spark, lake, IngestTables.history(e), rows, versionKey,
            List.of(col("known_at").asc(), col("_source_file").asc(), col("_row_number").asc()),
            "s.known_at < t.known_at");
      }
      return;
    }
    Column[] content = e.columnNames().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> rows = valid.select(cols.toArray(Column[]::new))
        .withColumn("_drop", col("known_at"))
        .withColumn("known_at", min("known_at").over(org.apache.spark.sql.expressions.Window.partitionBy(content)));
    String differs = "NOT (" + e.columnNames().stream().map(c -> "t." + c + " <=> s." + c)
        .collect(Collectors.joining(" AND ")) + ")";
    Delta.upsertLatest(spark, lake, Tables.silver(e.name()), rows, e.key(),
        List.of(col("_drop").desc(), col("_source_file").desc(), col("_row_number").desc()), differs);
  }

  private static Column[] both(List<Column> a, List<Column> b) {
    List<Column> all = new ArrayList<>(a);
    all.addAll(b);
    return all.toArray(Column[]::new);
  }

  /** Atomically replaces the rows matching {@code where} with {@code rows} (one Delta commit). */
  static void replace(SparkSession spark, Lake lake, String table, Dataset<Row> rows, String where) {
    rows.write().format("delta").mode("overwrite").option("replaceWhere", where).save(lake.path(table));
  }
}
