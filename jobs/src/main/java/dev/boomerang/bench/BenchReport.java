package dev.boomerang.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boomerang.common.LocalFiles;
import dev.boomerang.common.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code bench}'s figures: the stage times of one run, the result file it writes
 * ({@code bench-results/<timestamp>.json}) and the comparison with the previous file.
 */
public final class BenchReport {

  private BenchReport() {}

  /** One timed stage: its name, seconds (or -1 when skipped) and what it did. */
  public record StageTime(String name, double seconds, String note) {}

  /** A stage of this run next to the same stage of the previous run (NaN when it had none). */
  public record Delta(String name, double previous, double now) {
    public String change() {
      if (Double.isNaN(previous) || previous <= 0 || now < 0) {
        return "";
      }
      return String.format(Locale.ROOT, "%+.0f%%", 100 * (now - previous) / previous);
    }
  }

  /** "1M", "5M", "20M", "500k", "250000": a count of order lines. */
  public static long parseLines(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT).replace("_", "");
    long unit = t.endsWith("m") ? 1_000_000L : t.endsWith("k") ? 1_000L : 1L;
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    try {
      double v = Double.parseDouble(digits);
      if (v <= 0 || Double.isNaN(v) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return Math.round(v * unit);
    } catch (NumberFormatException e) {
      throw new UserError("--lines '" + s + "' is not a positive count of order lines (for example 1M, 5M, 20M, 500k)");
    }
  }

  /** "1M", "500k", "1234": the label a dataset folder and the table use. */
  public static String label(long lines) {
    if (lines % 1_000_000 == 0) {
      return lines / 1_000_000 + "M";
    }
    return lines % 1_000 == 0 ? lines / 1_000 + "k" : Long.toString(lines);
  }

  /** Stages of {@code now} with the previous run's seconds for the same stage name. */
  public static List<Delta> compare(JsonNode previous, List<StageTime> now) {
    Map<String, Double> before = new LinkedHashMap<>();
    if (previous != null) {
      for (JsonNode s : previous.path("stages")) {
        before.put(s.path("name").asText(), s.path("seconds").asDouble(Double.NaN));
      }
    }
    List<Delta> out = new ArrayList<>();
    for (StageTime s : now) {
      out.add(new Delta(s.name(), before.getOrDefault(s.name(), Double.NaN), s.seconds()));
    }
    return out;
  }

  /**
   * The result file to compare with: the newest {@code *.json} in {@code dir} of a run with the same
   * line count and days, else the newest of any size (names are timestamps, so newest is last by
   * name); empty when there is none.
   */
  public static Optional<Path> previous(Path dir, long lines, int days) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    List<Path> files;
    try (Stream<Path> all = Files.list(dir)) {
      files = all.filter(p -> p.getFileName().toString().endsWith(".json")).sorted(Comparator.reverseOrder()).toList();
    } catch (IOException e) {
      throw new UserError("cannot list " + dir + ": " + e.getMessage(), e);
    }
    for (Path f : files) {
      try {
        JsonNode r = LocalFiles.JSON.readTree(f.toFile());
        if (r.path("lines_requested").asLong() == lines && r.path("days").asInt() == days) {
          return Optional.of(f);
        }
      } catch (IOException e) {
        // not a result of this size; if it is the newest, reading it below names the problem
      }
    }
    return files.stream().findFirst();
  }

  public static JsonNode read(Path file) {
    try {
      return LocalFiles.JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UserError("cannot read the previous bench result " + file + ": " + e.getMessage(), e);
    }
  }

  public static void write(Path file, Map<String, Object> result) {
    LocalFiles.writeJson(file, result);
  }

  /** The table {@code bench} prints: stage, seconds, previous seconds, change, note. */
  public static String table(List<Delta> deltas, List<StageTime> stages, boolean havePrevious) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-26s %10s %10s %7s  %s%n", "stage", "seconds",
        havePrevious ? "previous" : "", havePrevious ? "change" : "", "note"));
    for (int i = 0; i < stages.size(); i++) {
      StageTime s = stages.get(i);
      Delta d = deltas.get(i);
      b.append(String.format(Locale.ROOT, "%-26s %10s %10s %7s  %s%n", s.name(),
          s.seconds() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", s.seconds()),
          Double.isNaN(d.previous()) ? "" : d.previous() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", d.previous()),
          d.change(),
          s.note() == null ? "" : s.note()));
    }
    return b.toString();
  }

  /** Peak resident memory of this process (VmHWM, Linux), or -1 where /proc is not there. */
  public static long peakRssBytes() {
    return procKilobytes(Path.of("/proc/self/status"), "VmHWM:");
  }

  /** Total memory of the machine (MemTotal, Linux), or -1. */
  public static long machineMemoryBytes() {
    return procKilobytes(Path.of("/proc/meminfo"), "MemTotal:");
  }

  private static long procKilobytes(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException ignored) {
      // not Linux: reported as unknown
    }
    return -1;
  }
}
