package dev.boomerang.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code import} command line: wiring, summaries and one-line errors (no Spark involved). */
class ImportCommandTest {

  @TempDir Path landing;

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
  void helpDescribesTheSubcommands() {
    Result r = run("import", "--help");
    assertEquals(0, r.code());
    for (String c : new String[] {"amazon", "tracking", "online-retail"}) {
      assertTrue(r.out().contains("  " + c + " "), "import --help lists " + c + ":\n" + r.out());
    }
    Result a = run("import", "amazon", "--help");
    assertTrue(a.out().contains("--customer-key-salt") && a.out().contains("--encoding") && a.out().contains("--date"), a.out());
  }

  @Test
  void amazonImportPrintsOneLinePerEntity() {
    Result r = run("import", "amazon", "--landing", landing.toString(), "--report",
        "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL", "--customer-key-salt", "cli-test-salt-0123456789",
        "src/test/resources/adapters/all-orders.tsv");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("drop date 2025-07-05"), r.out());
    assertTrue(r.out().contains("orders: 2 rows written"), r.out());
    assertTrue(r.out().contains("order_lines: 4 rows written") && r.out().contains("cancelled_order=1"), r.out());
    assertTrue(Files.isDirectory(landing.resolve("orders/date=2025-07-05")));
  }

  @Test
  void errorsAreOneLine() {
    Result noSalt = run("import", "amazon", "--landing", landing.toString(), "--report", "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL",
        "src/test/resources/adapters/all-orders.tsv");
    assertEquals(1, noSalt.code());
    assertEquals(1, noSalt.err().strip().lines().count(), noSalt.err());
    assertTrue(noSalt.err().contains("no customer key salt"), noSalt.err());
    Result badType = run("import", "amazon", "--report", "GET_SOMETHING", "x.tsv");
    assertEquals(1, badType.code());
    assertTrue(badType.err().contains("unknown report type 'GET_SOMETHING'"), badType.err());
    Result missing = run("import", "tracking", "--format", "easypost", "--landing", landing.toString(), "nope.json");
    assertTrue(missing.err().contains("input file nope.json does not exist"), missing.err());
    Result badFormat = run("import", "tracking", "--format", "shippo", "x.json");
    assertEquals(2, badFormat.code());
  }
}
