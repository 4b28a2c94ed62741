package dev.boomerang.cli;

import dev.boomerang.testing.Cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.testing.SparkTest;
import org.junit.jupiter.api.Test;

class ModelCommandsTest extends SparkTest {

  @Test
  void helpDescribesEveryOption() {
    Cli.Result train = Cli.run("train", "--help");
    assertEquals(0, train.code());
    for (String o : new String[] {"--as-of", "--model", "--run-id", "--max-iter", "--max-depth", "--class-weights",
        "--train-fraction", "--valid-fraction"}) {
      assertTrue(train.out().contains(o), "train --help documents " + o + ":\n" + train.out());
    }
    Cli.Result score = Cli.run("score", "--help");
    assertEquals(0, score.code());
    assertTrue(score.out().contains("--model-version"), score.out());
    Cli.Result evaluate = Cli.run("evaluate", "--help");
    assertEquals(0, evaluate.code());
    assertTrue(evaluate.out().contains("--out") && evaluate.out().contains("--model-version"), evaluate.out());
  }

  @Test
  void theAbuseModelWithoutTrainingDataNamesTheMissingTable() {
    Cli.Result r = Cli.run("train", "--lake", lakeDir.toString(), "--as-of", "2026-03-01", "--model", "abuse");
    assertEquals(ExitCode.FAILED, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("gold.customer_training"), r.err());
  }

  @Test
  void scoreOnALakeWithoutFeaturesSaysWhatToRunFirst() {
    Cli.Result r = Cli.run("score", "--lake", lakeDir.toString(), "--as-of", "2026-03-01");
    assertEquals(ExitCode.FAILED, r.code());
    assertEquals("boomerang score: table gold.customer_features does not exist in lake " + lake.root()
        + "; run 'features --as-of 2026-03-01' first", r.err().strip());
  }

  @Test
  void trainWithoutTheTrainingTableNamesIt() {
    Cli.Result r = Cli.run("train", "--lake", lakeDir.toString(), "--as-of", "2026-03-01");
    assertEquals(ExitCode.FAILED, r.code());
    assertTrue(r.err().contains("table gold.order_line_training does not exist"), r.err());
  }

  @Test
  void badDateIsAUsageError() {
    Cli.Result r = Cli.run("score", "--as-of", "yesterday");
    assertEquals(ExitCode.USAGE, r.code(), r.err());
  }
}
