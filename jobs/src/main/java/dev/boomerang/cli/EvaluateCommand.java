package dev.boomerang.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.boomerang.common.UserError;
import dev.boomerang.models.ModelSpec;
import dev.boomerang.models.ReturnLikelihoodEvaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Measures the served return-likelihood model, its logistic baseline and the SKU-rate baseline on the "
        + "lines closed by a date and ordered after the model's validation period: ROC AUC, PR AUC, log loss, "
        + "calibration error and lift in the top 10%, overall and per category. Prints a table and writes JSON.",
        "The abuse-scoring part (--truth) is not available yet."})
public class EvaluateCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--as-of", required = true, paramLabel = "DATE",
      description = "Evaluate on lines whose return window closed by this date (yyyy-MM-dd).")
  LocalDate asOf;

  @Option(names = "--model-version", paramLabel = "VERSION",
      description = "Evaluate this registered version (default: the newest version trained as of DATE or earlier that passed the gate).")
  String modelVersion;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Where the JSON goes (default: data/reports/<DATE>/return-likelihood-evaluation.json).")
  Path out;

  @Override
  public Integer call() {
    SparkSession spark = common.session("evaluate");
    var o = ReturnLikelihoodEvaluation.run(spark, common.lake(), ModelSpec.RETURN_LIKELIHOOD, asOf, modelVersion);
    Path file = out != null ? out : Path.of("data", "reports", asOf.toString(), "return-likelihood-evaluation.json");
    try {
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o.json()));
    } catch (IOException e) {
      throw new UserError("cannot write " + file + ": " + e.getMessage(), e);
    }
    System.out.print(o.report());
    System.out.println("wrote " + file);
    return ExitCode.OK;
  }
}
