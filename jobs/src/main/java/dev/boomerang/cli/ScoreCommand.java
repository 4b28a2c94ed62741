package dev.boomerang.cli;

import dev.boomerang.common.Tables;
import dev.boomerang.models.ModelSpec;
import dev.boomerang.models.ReturnRiskScoring;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Scores every order line known by a date whose return window is still open with the return-likelihood "
        + "model, into " + Tables.GOLD_RETURN_RISK_SCORES + " (one row per order_id, line_no, as_of_date).")
public class ScoreCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--as-of", required = true, paramLabel = "DATE",
      description = "Score the lines still open as of this date (yyyy-MM-dd).")
  LocalDate asOf;

  @Option(names = "--model-version", paramLabel = "VERSION",
      description = "Use this registered version even if it failed the gate (default: the newest version trained "
          + "as of DATE or earlier that passed the gate).")
  String modelVersion;

  @Override
  public Integer call() {
    SparkSession spark = common.session("score");
    ReturnRiskScoring.Outcome o = ReturnRiskScoring.run(spark, common.lake(), ModelSpec.RETURN_LIKELIHOOD, asOf, modelVersion);
    System.out.println("scored " + o.linesScored() + " open order lines as of " + asOf + " with return-likelihood "
        + o.modelVersion() + (o.passedGate() ? "" : " (which FAILED the gate: " + o.gateFailures() + ")")
        + " into " + Tables.GOLD_RETURN_RISK_SCORES);
    return ExitCode.OK;
  }
}
