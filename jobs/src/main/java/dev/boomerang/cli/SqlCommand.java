package dev.boomerang.cli;

import dev.boomerang.common.Lake;
import dev.boomerang.common.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Runs Spark SQL against the lake. Every Delta table resolves by its name, e.g. silver.orders or gold.abuse_scores.",
        "Example: ./boomerang sql \"SELECT category, count(*) FROM silver.products GROUP BY 1\""})
public class SqlCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Parameters(paramLabel = "QUERY", arity = "0..1", description = "The query. Use --file to read it from a file.")
  String query;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Read the query from this file.")
  Path file;

  @Option(names = "--format", defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Output.Format format;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
      description = "At most N rows are printed (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() throws IOException {
    String sql = resolveQuery();
    if (limit <= 0) {
      throw new UserError("--limit must be a positive number of rows, got " + limit);
    }
    SparkSession spark = common.session("sql");
    Lake lake = common.lake();
    lake.register(spark);
    Output.print(spark.sql(sql), format, limit, System.out, System.err);
    return ExitCode.OK;
  }

  private String resolveQuery() throws IOException {
    if ((query == null) == (file == null)) {
      throw new UserError(query == null
          ? "no query given: pass it as an argument, e.g. ./boomerang sql \"SELECT 1\", or with --file"
          : "give the query either as an argument or with --file, not both");
    }
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new UserError("query file " + file + " does not exist");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    }
    if (query.isBlank()) {
      throw new UserError("the query is empty");
    }
    return query;
  }
}
