package dev.boomerang.cli;

import dev.boomerang.common.Lake;
import dev.boomerang.common.UserError;
import dev.boomerang.ingest.IngestJob;
import dev.boomerang.ingest.IngestRules;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Loads landing drops up to a date into bronze and silver: validates each row, quarantines bad ones "
        + "(ops.quarantine), holds rows whose reference is not known yet (ops.pending_references, "
        + IngestRules.PENDING_WINDOW_DAYS + " drop days), and reconciles counts per batch and entity (ops.ingest_audit).",
        "Re-running a date is harmless; a file already ingested is skipped, a changed one is refused. "
            + "--rules prints every entity's validation rules; docs/INGESTION.md explains them."},
    footer = {"", "Example: ./boomerang ingest --date 2025-11-03",
        "Example: ./boomerang ingest --from 2025-09-01 --to 2025-10-30   (same result as one run per day)"})
public class IngestCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "Ingest every new file of drops up to and including this date (never later drops).")
  String date;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "Backfill: first drop date (with --to). The range is one batch that gives what a run on "
          + "each day would have.")
  String from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Backfill: last drop date (with --from).")
  String to;

  @Option(names = "--rules", description = "Print the validation rules of every entity as Markdown and exit.")
  boolean rules;

  @Override
  public Integer call() {
    if (rules) {
      System.out.print(IngestRules.markdown());
      return ExitCode.OK;
    }
    IngestJob.Args args;
    if (date != null && from == null && to == null) {
      args = IngestJob.Args.day(parse("--date", date));
    } else if (date == null && from != null && to != null) {
      args = new IngestJob.Args(parse("--from", from), parse("--to", to));
    } else {
      throw new UserError("give either --date D, or --from D1 and --to D2");
    }
    SparkSession spark = common.session("ingest");
    Lake lake = common.lake();
    lake.ensureLocalRoot();
    IngestJob.Result r = IngestJob.run(spark, lake, common.landingLocation(), args);
    System.out.printf(Locale.ROOT, "%-16s %-16s %6s %10s %8s %9s %9s %11s %8s%n", "batch", "entity", "files",
        "rows_read", "pend_in", "upserted", "collapsed", "quarantined", "pend_out");
    for (IngestJob.Audit a : r.audits()) {
      System.out.printf(Locale.ROOT, "%-16s %-16s %6d %10d %8d %9d %9d %11d %8d%n", a.batchId(), a.entity(), a.files(),
          a.rowsRead(), a.pendingIn(), a.rowsUpserted(), a.duplicatesCollapsed(), a.quarantined(), a.pendingOut());
    }
    r.problems().forEach(p -> System.err.println("boomerang ingest: " + p));
    return r.problems().isEmpty() ? ExitCode.OK : ExitCode.FAILED;
  }

  private static LocalDate parse(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UserError(option + " '" + value + "' is not a date YYYY-MM-DD");
    }
  }
}
