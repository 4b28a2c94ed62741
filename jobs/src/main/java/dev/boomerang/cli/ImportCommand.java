package dev.boomerang.cli;

import dev.boomerang.adapters.AmazonImport;
import dev.boomerang.adapters.ImportResult;
import dev.boomerang.adapters.OnlineRetailImport;
import dev.boomerang.adapters.TrackingImport;
import dev.boomerang.common.UserError;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code import}: real exports → dated landing drops that {@code ingest} then loads. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Converts real exports into landing-contract drops (see docs/REAL-DATA.md).",
    subcommands = {ImportCommand.Amazon.class, ImportCommand.Tracking.class, ImportCommand.OnlineRetail.class})
public class ImportCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "give a source: amazon, tracking or online-retail");
  }

  static List<Path> existing(List<Path> files) {
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new UserError("input file " + f + " does not exist");
      }
    }
    return files;
  }

  @Command(name = "amazon", mixinStandardHelpOptions = true,
      description = "Seller Central reports (tab- or comma-separated flat files, or the XML returns report) → one dated drop.")
  static class Amazon implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--report", required = true, paramLabel = "TYPE",
        description = "Report type: GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL, GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA, "
            + "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE, GET_XML_RETURNS_DATA_BY_RETURN_DATE or GET_FBA_REIMBURSEMENTS_DATA.")
    String report;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Report files of that type.")
    List<Path> files;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
        description = "Drop date (known_at). Default: the UTC date of the latest timestamp in the files.")
    LocalDate date;

    @Option(names = "--encoding", paramLabel = "CHARSET",
        description = "Character set of flat files, e.g. windows-1252. Default: UTF-8 when the bytes are valid UTF-8, else windows-1252.")
    Charset encoding;

    @Option(names = "--customer-key-salt", paramLabel = "SECRET",
        description = "Secret (>= 16 characters) keying the pseudonymous customer key of the All Orders report "
            + "(env BOOMERANG_CUSTOMER_KEY_SALT or config key customer-key-salt; no default).")
    String salt;

    @Override
    public Integer call() {
      ImportResult r = AmazonImport.run(new AmazonImport.Args(AmazonImport.Report.of(report),
          existing(files), date, encoding, common.landing(), salt));
      System.out.println("drop date " + r.date());
      r.summary().forEach(System.out::println);
      return ExitCode.OK;
    }
  }

  @Command(name = "tracking", mixinStandardHelpOptions = true,
      description = "Carrier tracking JSON (AfterShip trackings or EasyPost trackers, single, array or webhook) → tracking_events drop.")
  static class Tracking implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "aftership or easypost.")
    TrackingImport.Format format;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JSON files.")
    List<Path> files;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD",
        description = "Drop date (known_at). Default: the UTC date of the latest scan in the files.")
    LocalDate date;

    @Override
    public Integer call() {
      ImportResult r = TrackingImport.run(new TrackingImport.Args(format, existing(files), date, common.landing()));
      System.out.println("drop date " + r.date());
      r.summary().forEach(System.out::println);
      return ExitCode.OK;
    }
  }

  @Command(name = "online-retail", mixinStandardHelpOptions = true,
      description = "The UCI Online Retail CSV (.csv or .csv.gz) → one drop per invoice day; excluded rows under _rejected, counts in _import/online-retail/report.json.")
  static class OnlineRetail implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(paramLabel = "FILE", description = "online_retail.csv.gz")
    Path file;

    @Override
    public Integer call() {
      existing(List.of(file));
      SparkSession spark = common.session("import online-retail");
      try {
        OnlineRetailImport.Report r = OnlineRetailImport.run(spark, file, common.landing());
        r.lines().forEach(System.out::println);
      } finally {
        spark.stop();
      }
      return ExitCode.OK;
    }
  }
}
