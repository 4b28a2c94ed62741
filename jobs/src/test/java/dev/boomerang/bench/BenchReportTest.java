package dev.boomerang.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.bench.BenchReport.Delta;
import dev.boomerang.bench.BenchReport.StageTime;
import dev.boomerang.common.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

  @TempDir Path dir;

  @Test
  void sizesParseAndLabel() {
    assertEquals(1_000_000, BenchReport.parseLines("1M"));
    assertEquals(20_000_000, BenchReport.parseLines("20m"));
    assertEquals(2_500_000, BenchReport.parseLines("2.5M"));
    assertEquals(500_000, BenchReport.parseLines("500k"));
    assertEquals(123_456, BenchReport.parseLines("123_456"));
    for (String bad : List.of("", "M", "-1M", "0", "lots")) {
      UserError e = assertThrows(UserError.class, () -> BenchReport.parseLines(bad), bad);
      assertTrue(e.getMessage().contains("--lines '" + bad + "'"), e.getMessage());
    }
    assertEquals("5M", BenchReport.label(5_000_000));
    assertEquals("500k", BenchReport.label(500_000));
    assertEquals("123456", BenchReport.label(123_456));
  }

  @Test
  void comparesWithThePreviousRunOfTheSameSizeElseTheNewest() {
    assertTrue(BenchReport.previous(dir, 1_000_000, 60).isEmpty(), "no previous file");
    BenchReport.write(dir.resolve("20260101T000000Z.json"), Map.of("lines_requested", 1_000_000, "days", 60,
        "stages", List.of(Map.of("name", "ingest.full", "seconds", 100.0), Map.of("name", "generate", "seconds", -1.0))));
    BenchReport.write(dir.resolve("20260102T000000Z.json"), Map.of("lines_requested", 5_000_000, "days", 60,
        "stages", List.of(Map.of("name", "ingest.full", "seconds", 400.0))));
    Path same = BenchReport.previous(dir, 1_000_000, 60).orElseThrow();
    assertEquals("20260101T000000Z.json", same.getFileName().toString());
    assertEquals("20260102T000000Z.json", BenchReport.previous(dir, 20_000_000, 60).orElseThrow()
        .getFileName().toString(), "no run of that size: the newest");

    List<StageTime> now = List.of(new StageTime("ingest.full", 80.0, ""), new StageTime("generate", -1, "reused"),
        new StageTime("train.abuse", 3.0, ""));
    List<Delta> d = BenchReport.compare(BenchReport.read(same), now);
    assertEquals(100.0, d.get(0).previous());
    assertEquals("-20%", d.get(0).change());
    assertEquals("", d.get(1).change(), "a skipped stage has no change");
    assertTrue(Double.isNaN(d.get(2).previous()), "a stage the previous run lacked");
    String table = BenchReport.table(d, now, true);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("ingest.full") && l.contains("80.0") && l.contains("100.0")
        && l.contains("-20%")), table);
    assertTrue(table.lines().anyMatch(l -> l.matches("generate\\s+-\\s+-\\s+reused")), "a skipped stage: " + table);
  }

  @Test
  void anUnreadablePreviousFileIsNamed() throws Exception {
    Path broken = Files.writeString(dir.resolve("20260101T000000Z.json"), "{not json");
    UserError e = assertThrows(UserError.class, () -> BenchReport.read(broken));
    assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
  }
}
