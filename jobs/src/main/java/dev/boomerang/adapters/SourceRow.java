package dev.boomerang.adapters;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One input record with its cells by normalised column name ({@link FlatFile#norm}). Columns are
 * read through aliases, never by position, and every column the mapping read is remembered, so
 * {@link #extras()} can hand the rest on as {@code src_<column>} columns of the drop: ingestion keeps
 * them in bronze, silver ignores them.
 */
public final class SourceRow {
  final String file;
  final long number;
  final String raw;
  private final Map<String, String> cells;
  private final Set<String> read = new HashSet<>();

  public SourceRow(String file, long number, String raw, Map<String, String> cells) {
    this.file = file;
    this.number = number;
    this.raw = raw;
    this.cells = cells;
  }

  /** The first non-empty cell among the aliases, or null. */
  public String get(String... aliases) {
    for (String a : aliases) {
      String n = FlatFile.norm(a);
      read.add(n);
      String v = cells.get(n);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  /** The cells no alias asked for, as {@code src_<column>} (hyphens as underscores). */
  public Map<String, String> extras() {
    Map<String, String> m = new LinkedHashMap<>();
    cells.forEach((k, v) -> {
      if (!read.contains(k) && v != null) {
        m.put("src_" + k.replace('-', '_'), v);
      }
    });
    return m;
  }
}
