package dev.boomerang.adapters;

import dev.boomerang.common.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Seller Central flat file read the way real downloads need it: one record per data line, cells
 * keyed by normalised header name.
 *
 * <ul>
 *   <li>Encoding: {@code --encoding} if given; else UTF-8 when the bytes are valid UTF-8 (a BOM is
 *       skipped), otherwise windows-1252 (EU downloads).</li>
 *   <li>Delimiter: tab when the header line holds a tab, else comma.</li>
 *   <li>No quoting: quotes are data. A line with more cells than the header (a comma inside a
 *       product name of a comma-separated file) has its surplus cells joined back into the one
 *       free-text column ({@link #FREE_TEXT}); without such a column it is rejected.</li>
 *   <li>Cells are trimmed; a cell holding only spaces is empty (null).</li>
 *   <li>A line equal to the header (files concatenated) is skipped and counted.</li>
 *   <li>Header names are normalised by {@link #norm}: lower case, runs of spaces, underscores and
 *       hyphens become one hyphen ({@code Order ID}, {@code order_id} and {@code order-id} match).</li>
 * </ul>
 */
public record FlatFile(String name, Charset charset, char delimiter, List<String> header,
                       List<Line> lines, List<Line> malformed, int repeatedHeaders) {

  /** A data line: its 1-based physical line number, raw text and cells by normalised header. */
  public record Line(long number, String raw, Map<String, String> cells) {
    /** The first non-empty cell among the aliases (normalised names), or null. */
    public String get(String... aliases) {
      for (String a : aliases) {
        String v = cells.get(norm(a));
        if (v != null) {
          return v;
        }
      }
      return null;
    }
  }

  /** Columns that may hold the delimiter unquoted, in order of preference. */
  static final List<String> FREE_TEXT = List.of("product-name", "item-name", "title", "customer-comments");

  public static String norm(String header) {
    return header.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]+", "-");
  }

  public static FlatFile read(Path file, Charset forced) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
    }
    Charset cs = forced != null ? forced : detect(bytes);
    String text = new String(bytes, cs);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return parse(file.getFileName().toString(), cs, text);
  }

  /** UTF-8 when the bytes decode strictly as UTF-8, else windows-1252. */
  static Charset detect(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return StandardCharsets.UTF_8;
    } catch (CharacterCodingException e) {
      return Charset.forName("windows-1252");
    }
  }

  static FlatFile parse(String name, Charset cs, String text) {
    String[] physical = text.split("\r?\n|\r", -1);
    int h = 0;
    while (h < physical.length && physical[h].isBlank()) {
      h++;
    }
    if (h == physical.length) {
      throw new UserError(name + " is empty: expected a header line");
    }
    String headerLine = physical[h];
    char delim = headerLine.indexOf('\t') >= 0 ? '\t' : ',';
    List<String> header = Arrays.stream(split(headerLine, delim)).map(FlatFile::norm).toList();
    int free = -1;
    for (String f : FREE_TEXT) {
      if (header.contains(f)) {
        free = header.indexOf(f);
        break;
      }
    }
    List<Line> lines = new ArrayList<>();
    List<Line> malformed = new ArrayList<>();
    int repeated = 0;
    for (int i = h + 1; i < physical.length; i++) {
      String raw = physical[i];
      if (raw.isBlank()) {
        continue;
      }
      String[] cells = split(raw, delim);
      if (Arrays.stream(cells).map(FlatFile::norm).toList().equals(header)) {
        repeated++;
        continue;
      }
      if (cells.length > header.size() && free >= 0) {
        cells = joinSurplus(cells, header.size(), free, delim);
      }
      if (cells.length != header.size()) {
        malformed.add(new Line(i + 1, raw, Map.of()));
        continue;
      }
      Map<String, String> m = new LinkedHashMap<>();
      for (int c = 0; c < cells.length; c++) {
        String v = cells[c].trim();
        m.put(header.get(c), v.isEmpty() ? null : v);
      }
      lines.add(new Line(i + 1, raw, m));
    }
    return new FlatFile(name, cs, delim, header, lines, malformed, repeated);
  }

  private static String[] split(String line, char delim) {
    return line.split(java.util.regex.Pattern.quote(String.valueOf(delim)), -1);
  }

  /** Joins the surplus cells back into the free-text column at index {@code free}. */
  private static String[] joinSurplus(String[] cells, int width, int free, char delim) {
    int surplus = cells.length - width;
    String[] out = new String[width];
    System.arraycopy(cells, 0, out, 0, free);
    out[free] = String.join(String.valueOf(delim), Arrays.copyOfRange(cells, free, free + surplus + 1));
    System.arraycopy(cells, free + surplus + 1, out, free + 1, width - free - 1);
    return out;
  }
}
