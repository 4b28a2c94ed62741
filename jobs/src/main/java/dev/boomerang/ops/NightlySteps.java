package dev.boomerang.ops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.boomerang.common.Delta;
import dev.boomerang.common.Lake;
import dev.boomerang.common.Text;
import dev.boomerang.common.Tables;
import dev.boomerang.features.FeaturesJob;
import dev.boomerang.ingest.IngestJob;
import dev.boomerang.models.ModelGate;
import dev.boomerang.models.ModelRegistry;
import dev.boomerang.models.ModelSpec;
import dev.boomerang.models.ReturnLikelihoodPipeline;
import dev.boomerang.models.ReturnLikelihoodTrainingJob;
import dev.boomerang.models.ReturnRiskScoring;
import dev.boomerang.models.TimeSplit;
import dev.boomerang.policy.AbuseScoringJob;
import dev.boomerang.policy.AbuseTraining;
import dev.boomerang.report.ReviewReport;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The nightly DAG's steps, each a thin adapter from {@link Nightly.Context} to one job's {@code run}:
 * {@code ingest → features → train (when due) → score → report}.
 */
public final class NightlySteps {

  private NightlySteps() {}

  /** Training is due when the newest usable model is older than this. */
  public static final int RETRAIN_AFTER_DAYS = 7;
  /** Fewer closed (labelled) order lines than this: too early to train a return-likelihood model. */
  public static final long MIN_CLOSED_LINES = 2_000;

  /** Where the review list's CSV and HTML go. */
  public record ReportOptions(int capacity, int cooldownDays, Path exportsDir, Path reportsDir) {}

  public static List<Nightly.Step> all(ReportOptions report) {
    return List.of(new Ingest(), new Features(), new Train(), new Score(), new Report(report));
  }

  static Map<String, Long> versions(SparkSession spark, Lake lake, String... tables) {
    Map<String, Long> v = new LinkedHashMap<>();
    for (String t : tables) {
      if (lake.exists(spark, t)) {
        v.put(t, Delta.version(spark, lake, t));
      }
    }
    return v;
  }

  static final class Ingest implements Nightly.Step {
    @Override
    public String name() {
      return "ingest";
    }

    @Override
    public RunLog.StepOutcome run(Nightly.Context ctx) {
      IngestJob.Result r = IngestJob.run(ctx.spark(), ctx.lake(), ctx.landing().toString(),
          new IngestJob.Args(ctx.first(), ctx.to()));
      if (!r.problems().isEmpty()) {
        throw new IllegalStateException(r.problems().size() + " ingest problem(s), first: " + r.problems().get(0));
      }
      long read = r.audits().stream().mapToLong(IngestJob.Audit::rowsRead).sum();
      long upserted = r.audits().stream().mapToLong(IngestJob.Audit::rowsUpserted).sum();
      long quarantined = r.audits().stream().mapToLong(IngestJob.Audit::quarantined).sum();
      return RunLog.StepOutcome.of(read, upserted, Map.of("batches",
          r.audits().stream().map(IngestJob.Audit::batchId).distinct().count()),
          r.audits().size() + " entity batches, " + quarantined + " rows quarantined");
    }
  }

  static final class Features implements Nightly.Step {
    @Override
    public String name() {
      return "features";
    }

    @Override
    public RunLog.StepOutcome run(Nightly.Context ctx) {
      Map<String, Long> in = versions(ctx.spark(), ctx.lake(), Tables.silver("orders"), Tables.silver("order_lines"),
          Tables.silver("returns"), Tables.silver("refunds"), Tables.silver("claims"), Tables.silver("tracking_events"));
      FeaturesJob.run(ctx.spark(), ctx.lake(), ctx.from() == null
          ? FeaturesJob.Args.nightly(ctx.to()) : FeaturesJob.Args.range(ctx.from(), ctx.to()));
      long out = ctx.lake().read(ctx.spark(), Tables.GOLD_CUSTOMER_FEATURES)
          .filter(col("as_of_date").equalTo(lit(Date.valueOf(ctx.to())))).count();
      return RunLog.StepOutcome.of(0, out, in, out + " customers with features as of " + ctx.to());
    }
  }

  static final class Train implements Nightly.Step {
    @Override
    public String name() {
      return "train";
    }

    @Override
    public String notDueReason(Nightly.Context ctx) {
      if (ctx.retrain()) {
        return null;
      }
      Optional<ModelRegistry.Entry> usable = ModelRegistry.select(
          ModelRegistry.entries(ctx.spark(), ctx.lake(), ModelRegistry.RETURN_LIKELIHOOD), ctx.to(), null);
      if (usable.isPresent() && !usable.get().asOf().isBefore(ctx.to().minusDays(RETRAIN_AFTER_DAYS))) {
        return "model " + usable.get().version() + " (as of " + usable.get().asOf() + ") is less than "
            + RETRAIN_AFTER_DAYS + " days old";
      }
      long closed = ctx.lake().read(ctx.spark(), Tables.GOLD_ORDER_LINE_TRAINING)
          .filter(col("is_censored").equalTo(false)).count();
      if (closed < MIN_CLOSED_LINES) {
        return "only " + closed + " order lines have a closed return window (need " + MIN_CLOSED_LINES + ")";
      }
      return null;
    }

    @Override
    public RunLog.StepOutcome run(Nightly.Context ctx) {
      Map<String, Long> in = versions(ctx.spark(), ctx.lake(), Tables.GOLD_ORDER_LINE_TRAINING,
          Tables.GOLD_CUSTOMER_TRAINING);
      String runId = "nightly-" + ctx.to();
      var rl = ReturnLikelihoodTrainingJob.run(ctx.spark(), ctx.lake(), ctx.to(), runId,
          ReturnLikelihoodPipeline.Params.defaults(ModelSpec.RETURN_LIKELIHOOD), TimeSplit.Fractions.DEFAULT,
          ModelGate.DEFAULT);
      var abuse = AbuseTraining.run(ctx.spark(), ctx.lake(), ctx.to(), runId);
      return RunLog.StepOutcome.of(0, abuse.trained() ? 2 : 1, in,
          "return-likelihood " + rl.entry().version() + (rl.entry().passedGate() ? " passed" : " FAILED")
              + " its gate; abuse classifier " + (abuse.trained() ? abuse.entry().version() : "not trained ("
              + Text.firstLine(abuse.report()) + ")"));
    }
  }

  static final class Score implements Nightly.Step {
    @Override
    public String name() {
      return "score";
    }

    @Override
    public RunLog.StepOutcome run(Nightly.Context ctx) {
      Map<String, Long> in = versions(ctx.spark(), ctx.lake(), Tables.GOLD_CUSTOMER_FEATURES,
          Tables.GOLD_ORDER_LINE_TRAINING);
      boolean haveModel = ModelRegistry.select(ModelRegistry.entries(ctx.spark(), ctx.lake(),
          ModelRegistry.RETURN_LIKELIHOOD), ctx.to(), null).isPresent();
      String risk = "no usable return-likelihood model yet: line scoring skipped";
      long lines = 0;
      if (haveModel) {
        var r = ReturnRiskScoring.run(ctx.spark(), ctx.lake(), ModelSpec.RETURN_LIKELIHOOD, ctx.to(), null);
        lines = r.linesScored();
        risk = lines + " open lines scored with " + r.modelVersion();
      }
      var a = AbuseScoringJob.run(ctx.spark(), ctx.lake(), ctx.to(), null);
      return RunLog.StepOutcome.of(0, lines + a.customers(), in,
          risk + "; " + a.customers() + " customers scored for abuse " + a.tiers() + " (" + a.note() + ")");
    }
  }

  static final class Report implements Nightly.Step {
    private final ReportOptions options;

    Report(ReportOptions options) {
      this.options = options;
    }

    @Override
    public String name() {
      return "report";
    }

    @Override
    public RunLog.StepOutcome run(Nightly.Context ctx) {
      Map<String, Long> in = versions(ctx.spark(), ctx.lake(), Tables.GOLD_ABUSE_SCORES);
      var r = ReviewReport.run(ctx.spark(), ctx.lake(), ctx.to(), options.capacity(), options.cooldownDays(),
          options.exportsDir(), options.reportsDir());
      return RunLog.StepOutcome.of(0, r.listed(), in, r.listed() + " customers listed: " + r.csv() + ", " + r.html());
    }
  }

}
