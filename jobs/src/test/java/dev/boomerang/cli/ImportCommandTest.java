package dev.boomerang.cli;

import dev.boomerang.testing.Cli;
import dev.boomerang.testing.Cli.Result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code import} command line: wiring, summaries and one-line errors (no Spark involved). */
class ImportCommandTest {

  @TempDir Path landing;

  @Test
  void helpDescribesTheSubcommands() {
    Result r = Cli.run("import", "--help");
    assertEquals(0, r.code());
    for (String c : new String[] {"amazon", "tracking", "online-retail"}) {
      assertTrue(r.out().contains("  " + c + " "), "import --help lists " + c + ":\n" + r.out());
    }
    Result a = Cli.run("import", "amazon", "--help");
    assertTrue(a.out().contains("--customer-key-salt") && a.out().contains("--encoding") && a.out().contains("--date"), a.out());
  }

  @Test
  void amazonImportPrintsOneLinePerEntity() {
    Result r = Cli.run("import", "amazon", "--landing", landing.toString(), "--report",
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
    Result noSalt = Cli.run("import", "amazon", "--landing", landing.toString(), "--report", "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL",
        "src/test/resources/adapters/all-orders.tsv");
    assertEquals(1, noSalt.code());
    assertEquals(1, noSalt.err().strip().lines().count(), noSalt.err());
    assertTrue(noSalt.err().contains("no customer key salt"), noSalt.err());
    Result badType = Cli.run("import", "amazon", "--report", "GET_SOMETHING", "x.tsv");
    assertEquals(1, badType.code());
    assertTrue(badType.err().contains("unknown report type 'GET_SOMETHING'"), badType.err());
    Result missing = Cli.run("import", "tracking", "--format", "easypost", "--landing", landing.toString(), "nope.json");
    assertTrue(missing.err().contains("input file nope.json does not exist"), missing.err());
    Result badFormat = Cli.run("import", "tracking", "--format", "shippo", "x.json");
    assertEquals(2, badFormat.code());
  }
}
