package dev.boomerang.cli;

import dev.boomerang.common.Tables;
import dev.boomerang.models.ModelRegistry;
import dev.boomerang.models.ModelSpec;
import dev.boomerang.policy.AbuseScoringJob;
import dev.boomerang.models.ReturnRiskScoring;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "score", mixinStandardHelpOptions = true,
    description = {"Scores every order line known by a date whose return window is still open with the return-likelihood "
        + "model, into " + Tables.GOLD_RETURN_RISK_SCORES + " (one row per order_id, line_no, as_of_date),",
        "and every customer of gold.customer_features of that date for return abuse, into " + Tables.GOLD_ABUSE_SCORES
            + " (one row per customer_id, as_of_date; docs/ABUSE.md).",
        "Without a gated return-likelihood model the line scoring is skipped; abuse scoring always runs "
            + "(signals and outlier score, plus the abuse classifier once one passes its gate)."})
public class ScoreCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--as-of", required = true, paramLabel = "DATE",
      description = "Score the lines still open as of this date (yyyy-MM-dd).")
  LocalDate asOf;

  @Option(names = "--model-version", paramLabel = "VERSION",
      description = "Use this registered version even if it failed the gate (default: the newest version trained "
          + "as of DATE or earlier that passed the gate).")
  String modelVersion;

  @Option(names = "--abuse-model-version", paramLabel = "VERSION",
      description = "Blend this registered abuse classifier version even if it failed the gate (default: the newest "
          + "abuse model trained as of DATE or earlier that passed the gate, or none).")
  String abuseModelVersion;

  @Override
  public Integer call() {
    SparkSession spark = common.session("score");
    AbuseScoringJob.Outcome a = AbuseScoringJob.run(spark, common.lake(), asOf, abuseModelVersion);
    System.out.println("scored " + a.customers() + " customers for abuse as of " + asOf + " with " + a.modelVersion()
        + a.note() + " into " + Tables.GOLD_ABUSE_SCORES + ": " + a.tiers());
    if (modelVersion == null && ModelRegistry.select(
        ModelRegistry.entries(spark, common.lake(), ModelRegistry.RETURN_LIKELIHOOD), asOf, null).isEmpty()) {
      System.out.println("return-likelihood: no model trained as of " + asOf + " passes the gate; open lines not scored "
          + "(run 'train --as-of D' or pass --model-version)");
      return ExitCode.OK;
    }
    ReturnRiskScoring.Outcome o = ReturnRiskScoring.run(spark, common.lake(), ModelSpec.RETURN_LIKELIHOOD, asOf, modelVersion);
    System.out.println("scored " + o.linesScored() + " open order lines as of " + asOf + " with return-likelihood "
        + o.modelVersion() + (o.passedGate() ? "" : " (which FAILED the gate: " + o.gateFailures() + ")")
        + " into " + Tables.GOLD_RETURN_RISK_SCORES);
    return ExitCode.OK;
  }
}
