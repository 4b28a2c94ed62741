package dev.boomerang.ingest;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.boomerang.common.Delta;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Schemas of the tables ingestion writes, and their explicit creation. */
public final class IngestTables {

  private IngestTables() {}

  /** One row per landing file taken into a batch. */
  public static final StructType INGESTED_FILES = new StructType()
      .add("path", StringType, false).add("entity", StringType, false).add("known_at", DateType, false)
      .add("size", LongType).add("modification_time", TimestampType).add("checksum", StringType)
      .add("row_count", LongType).add("batch_id", StringType, false).add("batch_seq", LongType, false)
      .add("run_date", DateType, false).add("ingested_at", TimestampType);

  /** One row per rejected landing row (docs/ARCHITECTURE.md). */
  public static final StructType QUARANTINE = new StructType()
      .add("entity", StringType, false).add("source_file", StringType).add("row_number", LongType)
      .add("raw_record", StringType).add("rule", StringType, false).add("column_name", StringType)
      .add("detail", StringType).add("batch_id", StringType, false).add("known_at", DateType)
      .add("quarantined_at", TimestampType);

  /**
   * Rows held because a reference is not known yet: the state at the end of batch {@code batch_id}
   * (each batch writes the full set it still holds, so a re-run reads the previous batch's set).
   */
  public static final StructType PENDING = new StructType()
      .add("entity", StringType, false).add("source_file", StringType).add("row_number", LongType)
      .add("raw_record", StringType).add("missing_reference", StringType).add("known_at", DateType)
      .add("pending_since", DateType).add("source_batch_id", StringType).add("batch_id", StringType, false);

  /** One row per batch and entity; a batch is complete once its rows are here. */
  public static final StructType AUDIT = new StructType()
      .add("batch_id", StringType, false).add("batch_seq", LongType, false).add("run_date", DateType, false)
      .add("entity", StringType, false).add("files", LongType).add("rows_read", LongType)
      .add("pending_in", LongType).add("rows_upserted", LongType).add("duplicates_collapsed", LongType)
      .add("quarantined", LongType).add("pending_out", LongType).add("ingested_at", TimestampType);

  /** Completed batches whose silver rows the derived tables have taken in (written after each update). */
  public static final StructType DERIVED_BATCHES = new StructType()
      .add("batch_id", StringType, false)
      .add("absorbed_at", TimestampType, false);

  public static StructType bronze(Entity e) {
    return e.rawSchema().add("_source_file", StringType).add("_row_number", LongType)
        .add("_batch_id", StringType).add("_ingested_at", TimestampType).add("known_at", DateType);
  }

  public static StructType silver(Entity e) {
    return e.typedSchema().add("known_at", DateType).add("_source_file", StringType)
        .add("_row_number", LongType).add("_batch_id", StringType);
  }

  public static String history(Entity e) {
    return Tables.silver(e.name() + "_history");
  }

  /** Creates every table ingestion writes that is not there yet (a cheap folder check first). */
  public static void createAll(SparkSession spark, Lake lake) {
    Map<String, StructType> all = new LinkedHashMap<>();
    all.put(Tables.OPS_INGESTED_FILES, INGESTED_FILES);
    all.put(Tables.OPS_QUARANTINE, QUARANTINE);
    all.put(Tables.OPS_PENDING, PENDING);
    all.put(Tables.OPS_INGEST_AUDIT, AUDIT);
    all.put(Tables.OPS_DERIVED_BATCHES, DERIVED_BATCHES);
    for (Entity e : Contract.ENTITIES) {
      all.put(Tables.bronze(e.name()), bronze(e));
      all.put(Tables.silver(e.name()), silver(e));
      if (IngestRules.WITH_HISTORY.contains(e.name())) {
        all.put(history(e), silver(e));
      }
    }
    try {
      for (Map.Entry<String, StructType> t : all.entrySet()) {
        Path log = new Path(lake.path(t.getKey()), "_delta_log");
        if (!log.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(log)) {
          Delta.createIfNotExists(spark, lake, t.getKey(), t.getValue());
        }
      }
    } catch (IOException ex) {
      throw new IllegalStateException("cannot read lake " + lake.root() + ": " + ex.getMessage(), ex);
    }
  }
}
