package dev.boomerang.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.boomerang.common.UserError;
import dev.boomerang.models.ModelRegistry;
import dev.boomerang.models.ModelSpec;
import dev.boomerang.models.ReturnLikelihoodEvaluation;
import dev.boomerang.policy.AbuseEvaluation;
import dev.boomerang.policy.ReviewList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Measures the served return-likelihood model, its logistic baseline and the SKU-rate baseline on the "
        + "lines closed by a date and ordered after the model's validation period: ROC AUC, PR AUC, log loss, "
        + "calibration error and lift in the top 10%, overall and per category. Prints a table and writes JSON.",
        "With --truth it also measures the abuse scores of the date against the simulator's ground truth "
            + "(<truth>/customers.csv): precision and recall at the review capacity and at K = 100, 200, 500, PR AUC, "
            + "recall per persona and the false-positive rate per hard-negative group, with and without the "
            + "supervised stage (docs/ABUSE.md); the return-likelihood part is then included when a model exists."})
public class EvaluateCommand implements Callable<Integer> {

  @Mixin CommonOptions common;

  @Option(names = "--as-of", required = true, paramLabel = "DATE",
      description = "Evaluate on lines whose return window closed by this date, and the abuse scores of this date (yyyy-MM-dd).")
  LocalDate asOf;

  @Option(names = "--model-version", paramLabel = "VERSION",
      description = "Evaluate this registered return-likelihood version (default: the newest version trained as of DATE or earlier that passed the gate).")
  String modelVersion;

  @Option(names = "--segment", paramLabel = "EXPR",
      description = "Split the return-likelihood metrics by this expression instead of category: "
          + ReturnLikelihoodEvaluation.SEGMENT_DOC + ", e.g. \"CASE WHEN unit_price < 2 THEN 'a <2' ELSE 'b >=2' END\".")
  String segment;

  @Option(names = "--truth", paramLabel = "DIR",
      description = "Ground-truth folder written by 'generate' (holds customers.csv): evaluate the abuse scores too.")
  Path truth;

  @Option(names = "--review-capacity", paramLabel = "N", defaultValue = "" + ReviewList.DEFAULT_CAPACITY,
      description = "Review list length the abuse evaluation uses (default: ${DEFAULT-VALUE}).")
  int capacity;

  @Option(names = "--cooldown-days", paramLabel = "DAYS", defaultValue = "" + ReviewList.DEFAULT_COOLDOWN_DAYS,
      description = "Cooldown after a CLEARED review, as for the review list (default: ${DEFAULT-VALUE}).")
  int cooldownDays;

  @Option(names = "--reports", paramLabel = "DIR", defaultValue = "data/reports",
      description = "The JSON goes to <DIR>/<DATE>/return-likelihood-evaluation.json, or evaluation.json with --truth, "
          + "unless --out is given (default: ${DEFAULT-VALUE}).")
  Path reports;

  @Option(names = "--out", paramLabel = "FILE", description = "Where the JSON goes instead.")
  Path out;

  @Override
  public Integer call() {
    if (capacity < 1 || cooldownDays < 0) {
      throw new UserError("--review-capacity must be at least 1 and --cooldown-days at least 0, got "
          + capacity + " and " + cooldownDays);
    }
    SparkSession spark = common.session("evaluate");
    boolean hasModel = modelVersion != null || ModelRegistry.select(
        ModelRegistry.entries(spark, common.lake(), ModelRegistry.RETURN_LIKELIHOOD), asOf, null).isPresent();
    Object json;
    Path file;
    if (truth == null) {
      var o = ReturnLikelihoodEvaluation.run(spark, common.lake(), ModelSpec.RETURN_LIKELIHOOD, asOf, modelVersion, segment);
      System.out.print(o.report());
      json = o.json();
      file = out != null ? out : reports.resolve(asOf.toString()).resolve("return-likelihood-evaluation.json");
    } else {
      Map<String, Object> doc = new LinkedHashMap<>();
      if (hasModel) {
        var o = ReturnLikelihoodEvaluation.run(spark, common.lake(), ModelSpec.RETURN_LIKELIHOOD, asOf, modelVersion, segment);
        System.out.print(o.report());
        doc.put("return_likelihood", o.json());
      } else {
        System.out.println("return likelihood: no gated model trained as of " + asOf + " (not evaluated)");
        doc.put("return_likelihood", null);
      }
      AbuseEvaluation.Outcome a = AbuseEvaluation.run(spark, common.lake(), truth, asOf, capacity, cooldownDays);
      System.out.print(a.table());
      doc.putAll(a.document());
      json = doc;
      file = out != null ? out : reports.resolve(asOf.toString()).resolve("evaluation.json");
    }
    file = file.toAbsolutePath().normalize();
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    } catch (IOException e) {
      throw new UserError("cannot write " + file + ": " + e.getMessage(), e);
    }
    System.out.println("wrote " + file);
    return ExitCode.OK;
  }
}
