package dev.boomerang.cli;

import dev.boomerang.common.UserError;
import dev.boomerang.models.ModelGate;
import dev.boomerang.models.ModelSpec;
import dev.boomerang.models.ReturnLikelihoodPipeline.ClassWeighting;
import dev.boomerang.models.ReturnLikelihoodPipeline.Params;
import dev.boomerang.models.ReturnLikelihoodTrainingJob;
import dev.boomerang.models.TimeSplit.Fractions;
import dev.boomerang.policy.AbuseTraining;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains a model on the gold training tables as of a date, measures it on the latest closed period "
        + "against its baselines, and registers it under <lake>/models/<name>/<version>/ and in ops.model_runs.",
        "A model that fails the gate (docs/MODELS.md) is kept and marked, and score will not use it."})
public class TrainCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--as-of", required = true, paramLabel = "DATE",
      description = "Train on order lines ordered on or before this date (yyyy-MM-dd).")
  LocalDate asOf;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = "return-likelihood",
      description = "Which model: return-likelihood or abuse (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--run-id", paramLabel = "ID",
      description = "Run id recorded with the model (default: a new random id).")
  String runId;

  @Option(names = "--max-iter", paramLabel = "N",
      description = "Boosting rounds of the return-likelihood GBT (default: without --max-iter and --max-depth, "
          + "both 50 rounds of depth 5 and 100 rounds of depth 3 are fitted, and the better on the validation "
          + "period is served; with one of them, 50).")
  Integer maxIter;

  @Option(names = "--max-depth", paramLabel = "N",
      description = "Depth of each tree (default: see --max-iter; with one of them, 5).")
  Integer maxDepth;

  @Option(names = "--class-weights", paramLabel = "MODE", defaultValue = "NONE",
      description = "Class weighting: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ClassWeighting weighting;

  @Option(names = "--train-fraction", paramLabel = "F", defaultValue = "0.70",
      description = "Share of the closed lines' date span used to train, oldest first (default: ${DEFAULT-VALUE}).")
  double trainFraction;

  @Option(names = "--valid-fraction", paramLabel = "F", defaultValue = "0.15",
      description = "Share of the date span after it used to validate and calibrate; the rest is the test period (default: ${DEFAULT-VALUE}).")
  double validFraction;

  @Override
  public Integer call() {
    switch (model) {
      case "return-likelihood" -> { }
      case "abuse" -> {
        var outcome = AbuseTraining.run(common.session("train"), common.lake(), asOf,
            runId == null ? UUID.randomUUID().toString() : runId);
        System.out.print(outcome.report());
        return ExitCode.OK;
      }
      default -> throw new UserError("unknown model '" + model + "': expected return-likelihood or abuse");
    }
    if (maxIter != null && maxIter < 1 || maxDepth != null && maxDepth < 1) {
      throw new UserError("--max-iter and --max-depth must be at least 1, got " + maxIter + " and " + maxDepth);
    }
    Fractions fractions;
    try {
      fractions = new Fractions(trainFraction, validFraction);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    Params one = Params.gbt(ModelSpec.RETURN_LIKELIHOOD);
    List<Params> candidates = (maxIter == null && maxDepth == null ? Params.defaults(ModelSpec.RETURN_LIKELIHOOD)
        : List.of(one.withTrees(maxIter == null ? one.maxIter() : maxIter, maxDepth == null ? one.maxDepth() : maxDepth)))
        .stream().map(p -> p.withWeighting(weighting)).toList();
    SparkSession spark = common.session("train");
    var outcome = ReturnLikelihoodTrainingJob.run(spark, common.lake(), asOf,
        runId == null ? UUID.randomUUID().toString() : runId, candidates, fractions, ModelGate.DEFAULT);
    System.out.print(outcome.report());
    return ExitCode.OK;
  }
}
