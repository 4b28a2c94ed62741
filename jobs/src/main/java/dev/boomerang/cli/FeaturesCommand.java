package dev.boomerang.cli;

import dev.boomerang.common.UserError;
import dev.boomerang.features.FeatureCatalog;
import dev.boomerang.features.FeaturesJob;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "features", mixinStandardHelpOptions = true,
    description = {"Builds point-in-time-correct gold features from silver: gold.customer_daily, gold.sku_daily,",
        "gold.customer_features and gold.sku_features for each date, then gold.order_line_training and",
        "gold.customer_training as of the last date. 'As of D' uses only rows with known_at <= D."})
public class FeaturesCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--as-of", paramLabel = "DATE",
      description = "Nightly run for one date (yyyy-MM-dd); needs the previous date built, or nothing built yet.")
  String asOf;

  @Option(names = "--from", paramLabel = "DATE", description = "Full rebuild: first date (with --to).")
  String from;

  @Option(names = "--to", paramLabel = "DATE", description = "Full rebuild: last date (with --from).")
  String to;

  @Option(names = "--dates", split = ",", paramLabel = "DATE",
      description = {"Rebuild only these dates (comma-separated, e.g. month ends), in one run: each date whose day "
          + "before is not listed starts from a base. The training sets are built once, as of the last date."})
  List<String> dates;

  @Option(names = "--dates-per-plan", paramLabel = "N", defaultValue = "" + FeaturesJob.DEFAULT_DATES_PER_PLAN,
      description = {"Consecutive dates computed together in one Spark plan (default: ${DEFAULT-VALUE}). More dates "
          + "share one plan's fixed cost; each repeats the silver rows known by it, so memory grows with N. Lower it "
          + "for long rebuilds of large lakes."})
  int datesPerPlan;

  @Option(names = "--docs", description = "Print the feature catalogue (docs/FEATURES.md) and exit.")
  boolean docs;

  @Override
  public Integer call() {
    if (docs) {
      System.out.print(FeatureCatalog.markdown());
      return ExitCode.OK;
    }
    FeaturesJob.Args args;
    if (asOf != null && from == null && to == null && dates == null) {
      args = FeaturesJob.Args.nightly(date("--as-of", asOf));
    } else if (asOf == null && from != null && to != null && dates == null) {
      args = FeaturesJob.Args.range(date("--from", from), date("--to", to));
    } else if (asOf == null && from == null && to == null && dates != null) {
      args = FeaturesJob.Args.only(dates.stream().map(d -> date("--dates", d)).toList());
    } else {
      throw new UserError("give one of --as-of DATE, --from DATE and --to DATE, or --dates DATE,DATE... (or --docs)");
    }
    if (datesPerPlan < 1) {
      throw new UserError("--dates-per-plan must be at least 1, not " + datesPerPlan);
    }
    FeaturesJob.run(common.session("features"), common.lake(), args, datesPerPlan);
    return ExitCode.OK;
  }

  private static LocalDate date(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UserError(option + " '" + value + "' is not a date of the form yyyy-MM-dd");
    }
  }
}
