package dev.boomerang.cli;

import dev.boomerang.testing.Cli;
import dev.boomerang.testing.Cli.Result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.testing.SparkTest;
import org.junit.jupiter.api.Test;

class MainTest extends SparkTest {

  @Test
  void helpListsTheCommands() {
    Result r = Cli.run("--help");
    assertEquals(0, r.code());
    for (String c : new String[] {"sql", "tables", "contract", "generate", "ingest", "features", "train", "score",
        "report", "nightly", "runs", "evaluate", "import", "batch"}) {
      assertTrue(r.out().contains("  " + c + " "), "--help lists " + c + ":\n" + r.out());
    }
  }

  @Test
  void sqlPrintsAOneRowTable() {
    Result r = Cli.run("sql", "--lake", lakeDir.toString(), "SELECT 1 AS x");
    assertEquals(0, r.code(), r.err());
    assertEquals("+---+\n| x |\n+---+\n| 1 |\n+---+\n", r.out());
  }

  @Test
  void sqlFormatsCsvAndJson() {
    Result csv = Cli.run("sql", "--lake", lakeDir.toString(), "--format", "csv",
        "SELECT 'a,b' AS s, CAST(NULL AS INT) AS n");
    assertEquals("s,n\n\"a,b\",\n", csv.out());
    Result json = Cli.run("sql", "--lake", lakeDir.toString(), "--format", "json", "--limit", "2",
        "SELECT id FROM range(5)");
    assertEquals("{\"id\":0}\n{\"id\":1}\n", json.out());
    assertTrue(json.err().contains("--limit"), "a truncated result says so: " + json.err());
  }

  @Test
  void batchRunsItsCommandsInOrderAndStopsAtTheFirstFailure() throws Exception {
    java.nio.file.Path ok = lakeDir.resolve("ok.batch");
    java.nio.file.Files.writeString(ok, "# two commands, one process\n\nsql --lake " + lakeDir + " 'SELECT 41+1 AS x'\n"
        + "  sql --lake " + lakeDir + " --format csv \"SELECT 'second' AS y\"  \n");
    Result r = Cli.run("batch", ok.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().indexOf("| 42 |") < r.out().indexOf("second"), "both ran, in order:\n" + r.out());
    assertTrue(r.out().contains("== batch: 2 commands in "), r.out());

    java.nio.file.Path failing = lakeDir.resolve("failing.batch");
    java.nio.file.Files.writeString(failing, "sql --lake " + lakeDir + " 'SELECT * FROM silver.nope'\n"
        + "sql --lake " + lakeDir + " \"SELECT 'never' AS z\"\n");
    Result f = Cli.run("batch", failing.toString());
    assertEquals(ExitCode.FAILED, f.code());
    assertTrue(f.err().contains("boomerang batch: stopped, 'sql --lake " + lakeDir + " SELECT * FROM silver.nope' exited with 1"),
        f.err());
    assertTrue(!f.out().contains("never"), "nothing after the failure runs:\n" + f.out());

    java.nio.file.Files.writeString(failing, "sql --lake " + lakeDir + " 'SELECT 1'\ndemo\n");
    Result nested = Cli.run("batch", failing.toString());
    assertEquals(ExitCode.FAILED, nested.code());
    assertEquals("boomerang batch: " + failing + " line 2: 'demo' cannot run inside batch", nested.err().strip());
    java.nio.file.Files.writeString(failing, "sql 'SELECT 1\n");
    assertEquals("boomerang batch: " + failing + " line 1: the quote ' is never closed",
        Cli.run("batch", failing.toString()).err().strip());
  }

  @Test
  void unknownCommandIsOneLineUsageError() {
    Result r = Cli.run("nosuchcommand");
    assertEquals(ExitCode.USAGE, r.code());
    assertEquals("boomerang: unknown command 'nosuchcommand' (see 'boomerang --help')", r.err().strip());
  }

  @Test
  void sqlWithoutQueryIsOneLineError() {
    Result r = Cli.run("sql", "--lake", lakeDir.toString());
    assertEquals(ExitCode.FAILED, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("boomerang sql: no query given"), r.err());
  }

  @Test
  void missingTableIsNamedInOneLineWithoutTrace() {
    Result r = Cli.run("sql", "--lake", lakeDir.toString(), "SELECT * FROM silver.nope");
    assertEquals(ExitCode.FAILED, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("silver") && r.err().contains("nope"), r.err());
  }

  @Test
  void badOptionValueIsUsageError() {
    Result r = Cli.run("sql", "--format", "xml", "SELECT 1");
    assertEquals(ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("xml"), r.err());
  }

  @Test
  void featuresNeedsADateAndPrintsItsCatalogue() {
    Result none = Cli.run("features", "--lake", lakeDir.toString());
    assertEquals(ExitCode.FAILED, none.code());
    assertEquals("boomerang features: give one of --as-of DATE, --from DATE and --to DATE, or --dates DATE,DATE... "
        + "(or --docs)", none.err().strip());
    Result mixed = Cli.run("features", "--lake", lakeDir.toString(), "--as-of", "2025-03-31", "--dates", "2025-03-01");
    assertEquals(none.err(), mixed.err(), "--dates does not mix with --as-of");
    Result malformed = Cli.run("features", "--lake", lakeDir.toString(), "--dates", "2025-03-31,2025-03-x");
    assertEquals("boomerang features: --dates '2025-03-x' is not a date of the form yyyy-MM-dd", malformed.err().strip());
    Result bad = Cli.run("features", "--lake", lakeDir.toString(), "--as-of", "31.03.2025");
    assertEquals("boomerang features: --as-of '31.03.2025' is not a date of the form yyyy-MM-dd", bad.err().strip());
    Result docs = Cli.run("features", "--docs");
    assertEquals(0, docs.code());
    assertEquals(dev.boomerang.features.FeatureCatalog.markdown(), docs.out());
  }

  @Test
  void nightlyNeedsExactlyOneOfDateOrRange() {
    Result none = Cli.run("nightly", "--lake", lakeDir.toString());
    assertEquals(ExitCode.USAGE, none.code());
    assertEquals(1, none.err().strip().lines().count(), none.err());
    assertTrue(none.err().contains("--date"), none.err());

    Result both = Cli.run("nightly", "--lake", lakeDir.toString(), "--date", "2025-10-02", "--from", "2025-10-01", "--to", "2025-10-02");
    assertEquals(ExitCode.USAGE, both.code(), both.err());

    Result backwards = Cli.run("nightly", "--lake", lakeDir.toString(), "--from", "2025-10-05", "--to", "2025-10-01");
    assertEquals(ExitCode.FAILED, backwards.code());
    assertEquals("boomerang nightly: --from 2025-10-05 is after --to 2025-10-01", backwards.err().strip());
  }

  @Test
  void runsOnALakeWithoutRunsSaysSo() {
    Result r = Cli.run("runs", "--lake", lakeDir.resolve("empty").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("no runs recorded yet"), r.err());
  }
}
