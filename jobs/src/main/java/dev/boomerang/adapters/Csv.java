package dev.boomerang.adapters;

import java.util.List;

/** RFC 4180 CSV lines, as the landing contract wants them. */
final class Csv {
  private Csv() {}

  /** Quotes a field holding a comma, quote or line break; null is an empty field. */
  static String line(List<String> cells) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      String v = cells.get(i);
      if (v == null) {
        continue;
      }
      boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
      b.append(quote ? '"' + v.replace("\"", "\"\"") + '"' : v);
    }
    return b.append("\r\n").toString();
  }
}
