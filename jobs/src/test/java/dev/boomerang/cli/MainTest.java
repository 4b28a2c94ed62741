package dev.boomerang.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.testing.SparkTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest extends SparkTest {

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void helpListsTheCommands() {
    Result r = run("--help");
    assertEquals(0, r.code());
    for (String c : new String[] {"sql", "tables", "contract", "generate"}) {
      assertTrue(r.out().contains("  " + c + " "), "--help lists " + c + ":\n" + r.out());
    }
  }

  @Test
  void sqlPrintsAOneRowTable() {
    Result r = run("sql", "--lake", lakeDir.toString(), "SELECT 1 AS x");
    assertEquals(0, r.code(), r.err());
    assertEquals("+---+\n| x |\n+---+\n| 1 |\n+---+\n", r.out());
  }

  @Test
  void sqlFormatsCsvAndJson() {
    Result csv = run("sql", "--lake", lakeDir.toString(), "--format", "csv",
        "SELECT 'a,b' AS s, CAST(NULL AS INT) AS n");
    assertEquals("s,n\n\"a,b\",\n", csv.out());
    Result json = run("sql", "--lake", lakeDir.toString(), "--format", "json", "--limit", "2",
        "SELECT id FROM range(5)");
    assertEquals("{\"id\":0}\n{\"id\":1}\n", json.out());
    assertTrue(json.err().contains("--limit"), "a truncated result says so: " + json.err());
  }

  @Test
  void unknownCommandIsOneLineUsageError() {
    Result r = run("nosuchcommand");
    assertEquals(ExitCode.USAGE, r.code());
    assertEquals("boomerang: unknown command 'nosuchcommand' (see 'boomerang --help')", r.err().strip());
  }

  @Test
  void sqlWithoutQueryIsOneLineError() {
    Result r = run("sql", "--lake", lakeDir.toString());
    assertEquals(ExitCode.FAILED, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("boomerang sql: no query given"), r.err());
  }

  @Test
  void missingTableIsNamedInOneLineWithoutTrace() {
    Result r = run("sql", "--lake", lakeDir.toString(), "SELECT * FROM silver.nope");
    assertEquals(ExitCode.FAILED, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("silver") && r.err().contains("nope"), r.err());
  }

  @Test
  void badOptionValueIsUsageError() {
    Result r = run("sql", "--format", "xml", "SELECT 1");
    assertEquals(ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("xml"), r.err());
  }
}
