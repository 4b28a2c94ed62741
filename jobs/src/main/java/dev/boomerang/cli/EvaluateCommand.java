package dev.boomerang.cli;

import dev.boomerang.common.UserError;
import dev.boomerang.policy.AbuseEvaluation;
import dev.boomerang.policy.ReviewList;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Measures the abuse scores of a date against the simulator's ground truth (<truth>/customers.csv):",
        "precision and recall at the review capacity and at K = 100, 200, 500, PR AUC, recall per persona and the",
        "false-positive rate per hard-negative group, with and without the supervised stage; plus the served",
        "return-likelihood model's test metrics when one exists. Prints a table and writes JSON."})
public class EvaluateCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--truth", required = true, paramLabel = "DIR",
      description = "Ground-truth folder written by 'generate' (holds customers.csv).")
  Path truth;

  @Option(names = "--as-of", required = true, paramLabel = "DATE",
      description = "The scoring date to evaluate (yyyy-MM-dd); 'score --as-of DATE' must have run.")
  LocalDate asOf;

  @Option(names = "--review-capacity", paramLabel = "N", defaultValue = "" + ReviewList.DEFAULT_CAPACITY,
      description = "Review list length to evaluate (default: ${DEFAULT-VALUE}).")
  int capacity;

  @Option(names = "--cooldown-days", paramLabel = "DAYS", defaultValue = "" + ReviewList.DEFAULT_COOLDOWN_DAYS,
      description = "Cooldown after a CLEARED review, as for the list (default: ${DEFAULT-VALUE}).")
  int cooldownDays;

  @Option(names = "--reports", paramLabel = "DIR", defaultValue = "data/reports",
      description = "The JSON goes to <DIR>/<date>/evaluation.json unless --out is given (default: ${DEFAULT-VALUE}).")
  Path reports;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the JSON here instead.")
  Path out;

  @Override
  public Integer call() {
    if (capacity < 1 || cooldownDays < 0) {
      throw new UserError("--review-capacity must be at least 1 and --cooldown-days at least 0, got "
          + capacity + " and " + cooldownDays);
    }
    AbuseEvaluation.Outcome o = AbuseEvaluation.run(common.session("evaluate"), common.lake(), truth, asOf, capacity,
        cooldownDays);
    Path file = out != null ? out : reports.resolve(asOf.toString()).resolve("evaluation.json");
    AbuseEvaluation.write(o.document(), file.toAbsolutePath().normalize());
    System.out.print(o.table());
    System.out.println("written " + file.toAbsolutePath().normalize());
    return ExitCode.OK;
  }
}
