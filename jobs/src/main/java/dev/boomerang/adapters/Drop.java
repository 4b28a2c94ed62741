package dev.boomerang.adapters;

import dev.boomerang.common.UserError;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rows one import produces, per contract entity, plus the input rows it excluded or could not
 * map. {@link #write} turns them into one dated landing drop:
 * {@code <landing>/<entity>/date=D/<name>.csv} per entity (contract columns first, then any extra
 * source columns, which ingestion keeps in bronze), and
 * {@code <landing>/_rejected/<source>/date=D/<name>.csv} with {@code line_number, rule, detail,
 * raw_line} for every input row left out. Nothing is dropped silently: every left-out row is in
 * that file and in the printed counts.
 */
public final class Drop {

  /** An input row left out of the drop, with the rule that left it out. */
  public record Rejected(String file, long lineNumber, String rule, String detail, String rawLine) {}

  private final String source;
  private final Map<String, List<Map<String, String>>> rows = new LinkedHashMap<>();
  private final Map<String, Map<String, Integer>> excluded = new LinkedHashMap<>();
  private final Map<String, Map<String, Integer>> flagged = new LinkedHashMap<>();
  private final List<Rejected> rejected = new ArrayList<>();

  public Drop(String source) {
    this.source = source;
  }

  /** Adds a row for an entity; its keys are contract columns or extra columns. */
  public void add(Entity entity, Map<String, String> row) {
    rows.computeIfAbsent(entity.name(), k -> new ArrayList<>()).add(row);
  }

  /** Leaves an input row out of {@code entity}'s rows, under {@code rule}. */
  public void reject(Entity entity, String file, long lineNumber, String rule, String detail, String raw) {
    excluded.computeIfAbsent(entity.name(), k -> new TreeMap<>()).merge(rule, 1, Integer::sum);
    rejected.add(new Rejected(file, lineNumber, rule, detail, raw));
  }

  /** Counts a row that is written but carries a value ingestion will quarantine (see REAL-DATA.md). */
  public void flag(Entity entity, String what) {
    flagged.computeIfAbsent(entity.name(), k -> new TreeMap<>()).merge(what, 1, Integer::sum);
  }

  public List<Map<String, String>> rows(Entity entity) {
    return rows.getOrDefault(entity.name(), List.of());
  }

  public List<Rejected> rejected() {
    return rejected;
  }

  public Map<String, Integer> excluded(Entity entity) {
    return excluded.getOrDefault(entity.name(), Map.of());
  }

  /** Writes the drop and returns one summary line per entity touched. */
  public List<String> write(Path landing, LocalDate date, String name) {
    List<String> summary = new ArrayList<>();
    for (Entity e : Contract.ENTITIES) {
      List<Map<String, String>> list = rows(e);
      if (list.isEmpty() && !excluded.containsKey(e.name())) {
        continue;
      }
      String where = "";
      if (!list.isEmpty()) {
        Path file = landing.resolve(e.name()).resolve("date=" + date).resolve(name + ".csv");
        writeEntity(file, e, list);
        where = " to " + file;
      }
      summary.add(String.format("%s: %d rows written%s, %d excluded%s%s", e.name(), list.size(), where,
          excluded(e).values().stream().mapToInt(Integer::intValue).sum(), describe(excluded(e)),
          flagged.containsKey(e.name()) ? ", left for ingestion to quarantine " + flagged.get(e.name()) : ""));
    }
    if (!rejected.isEmpty()) {
      Path file = landing.resolve("_rejected").resolve(source).resolve("date=" + date).resolve(name + ".csv");
      List<List<String>> lines = new ArrayList<>();
      lines.add(List.of("file", "line_number", "rule", "detail", "raw_line"));
      for (Rejected r : rejected) {
        lines.add(List.of(r.file(), Long.toString(r.lineNumber()), r.rule(), r.detail(), r.rawLine()));
      }
      writeLines(file, lines);
      summary.add("rejected: " + rejected.size() + " input rows with their rule in " + file);
    }
    return summary;
  }

  private static String describe(Map<String, Integer> counts) {
    return counts.isEmpty() ? "" : " " + counts;
  }

  static void writeEntity(Path file, Entity e, List<Map<String, String>> list) {
    Set<String> columns = new LinkedHashSet<>(e.columnNames());
    for (Map<String, String> r : list) {
      columns.addAll(r.keySet());
    }
    List<List<String>> lines = new ArrayList<>();
    lines.add(List.copyOf(columns));
    for (Map<String, String> r : list) {
      List<String> cells = new ArrayList<>();
      for (String c : columns) {
        cells.add(r.get(c));
      }
      lines.add(cells);
    }
    writeLines(file, lines);
  }

  private static void writeLines(Path file, List<List<String>> lines) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (List<String> l : lines) {
          w.write(Csv.line(l));
        }
      }
      // Written under a dot-name, then renamed, so ingestion never reads half a file.
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException ex) {
      throw new UserError("cannot write " + file + ": " + ex.getMessage(), ex);
    }
  }
}
