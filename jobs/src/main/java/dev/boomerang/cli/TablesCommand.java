package dev.boomerang.cli;

import dev.boomerang.common.Lake;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tables", mixinStandardHelpOptions = true,
    description = "Lists every table in the lake with its row count, Delta version and last-modified time.")
public class TablesCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--format", defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Output.Format format;

  static final StructType SCHEMA = new StructType()
      .add("table", DataTypes.StringType)
      .add("rows", DataTypes.LongType)
      .add("version", DataTypes.LongType)
      .add("last_modified", DataTypes.TimestampType);

  @Override
  public Integer call() {
    SparkSession spark = common.session("tables");
    Lake lake = common.lake();
    List<Row> rows = new ArrayList<>();
    for (String t : lake.tables(spark)) {
      // COUNT(*) on Delta is answered from the log's file statistics, not a scan.
      long count = lake.read(spark, t).count();
      Row last = lake.delta(spark, t).history(1).select("version", "timestamp").head();
      rows.add(RowFactory.create(t, count, last.getLong(0), last.getTimestamp(1)));
    }
    if (rows.isEmpty()) {
      System.err.println("lake " + lake.root() + " has no tables yet");
    }
    Output.print(spark.createDataFrame(rows, SCHEMA), format, Integer.MAX_VALUE - 1, System.out, System.err);
    return ExitCode.OK;
  }
}
