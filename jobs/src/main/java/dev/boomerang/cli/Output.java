package dev.boomerang.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints a bounded Dataset as an aligned table, CSV or JSON lines. Collects at most limit + 1 rows. */
public final class Output {

  private Output() {}

  public enum Format { table, csv, json }

  private static final int MAX_CELL = 80;

  /** Prints up to {@code limit} rows to {@code out}; a truncation notice goes to {@code err}. */
  public static void print(Dataset<Row> df, Format format, int limit, PrintStream out, PrintStream err) {
    String[] cols = df.columns();
    List<String[]> rows = new ArrayList<>();
    boolean more;
    if (format == Format.json) {
      List<String> json = df.limit(limit + 1).toJSON().collectAsList();
      more = json.size() > limit;
      json.stream().limit(limit).forEach(out::println);
    } else {
      List<Row> collected = df.limit(limit + 1).collectAsList();
      more = collected.size() > limit;
      for (Row r : collected.subList(0, Math.min(limit, collected.size()))) {
        String[] cells = new String[cols.length];
        for (int i = 0; i < cols.length; i++) {
          cells[i] = r.isNullAt(i) ? null : String.valueOf(r.get(i));
        }
        rows.add(cells);
      }
      if (format == Format.csv) {
        printCsv(cols, rows, out);
      } else {
        printTable(cols, rows, out);
      }
    }
    if (more) {
      err.println("(showing the first " + limit + " rows; --limit N shows more)");
    } else if (format == Format.table) {
      err.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }
  }

  static void printTable(String[] cols, List<String[]> rows, PrintStream out) {
    int[] width = new int[cols.length];
    for (int i = 0; i < cols.length; i++) {
      width[i] = cols[i].length();
      for (String[] r : rows) {
        width[i] = Math.max(width[i], cell(r[i]).length());
      }
    }
    StringBuilder sep = new StringBuilder("+");
    for (int w : width) {
      sep.append("-".repeat(w + 2)).append('+');
    }
    out.println(sep);
    out.println(line(cols, width));
    out.println(sep);
    for (String[] r : rows) {
      String[] cells = new String[r.length];
      for (int i = 0; i < r.length; i++) {
        cells[i] = cell(r[i]);
      }
      out.println(line(cells, width));
    }
    out.println(sep);
  }

  private static String cell(String v) {
    if (v == null) {
      return "NULL";
    }
    String oneLine = v.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() > MAX_CELL ? oneLine.substring(0, MAX_CELL - 3) + "..." : oneLine;
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      b.append(' ').append(String.format(Locale.ROOT, "%-" + width[i] + "s", cells[i])).append(" |");
    }
    return b.toString();
  }

  static void printCsv(String[] cols, List<String[]> rows, PrintStream out) {
    out.println(csvLine(cols));
    for (String[] r : rows) {
      out.println(csvLine(r));
    }
  }

  /** RFC 4180: quote a field holding a comma, quote or line break; null is an empty field. */
  static String csvLine(String[] cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      String v = cells[i];
      if (v == null) {
        continue;
      }
      boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
      b.append(quote ? '"' + v.replace("\"", "\"\"") + '"' : v);
    }
    return b.toString();
  }
}
