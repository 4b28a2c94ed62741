package dev.boomerang.ingest;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.boomerang.contract.Entity;
import dev.boomerang.contract.Field;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses one landing CSV file (bytes in, records out); no I/O, no Spark. One {@link Record} per
 * data line, numbered from 1 (the header is not a data row). Lines are found at the byte level,
 * honouring RFC 4180 quotes, so that each line's UTF-8 validity is checked on its own and an
 * invalid line never hides its neighbours; fields are split by univocity's CSV parser.
 */
public final class CsvFile {

  private CsvFile() {}

  /** One data line: {@code values} aligned with the header, or {@code rule}/{@code detail} when it is unusable. */
  public record Record(long rowNumber, String[] values, String raw, String rule, String detail)
      implements Serializable {
    public boolean isGood() {
      return rule == null;
    }
  }

  /**
   * A parsed file. {@code fileError} is set when the file as a whole is unusable (missing required
   * column, other delimiter, bad header); its records are then empty.
   */
  public record Parsed(String path, String entity, String knownAt, long size, String checksum,
                       List<String> header, String fileError, List<Record> records) implements Serializable {
    public long rowCount() {
      return records.size();
    }

    /** Header columns outside the contract, in file order. */
    public List<String> extraColumns(Entity e) {
      return header.stream().filter(h -> e.field(h).isEmpty()).toList();
    }
  }

  public static Parsed parse(Entity e, String path, String knownAt, byte[] bytes) {
    String checksum = sha256(bytes);
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    List<int[]> spans = new ArrayList<>(); // {start, end, endedByNewline}
    boolean inQuotes = false;
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == '"') {
        inQuotes = !inQuotes;
      } else if (bytes[i] == '\n' && !inQuotes) {
        spans.add(new int[] {start, i, 1});
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      spans.add(new int[] {start, bytes.length, 0});
    }
    if (spans.isEmpty()) {
      return new Parsed(path, e.name(), knownAt, bytes.length, checksum, List.of(), null, List.of());
    }
    CsvParser csv = parser();
    int[] h = spans.get(0);
    String headerLine = decode(bytes, h[0], trimCr(bytes, h[0], h[1]));
    if (headerLine == null) {
      return fileError(e, path, knownAt, bytes, checksum, List.of(), "the header row is not valid UTF-8");
    }
    List<String> header = new ArrayList<>();
    for (String c : csv.parseLine(headerLine)) {
      header.add(c == null ? "" : c.trim());
    }
    String problem = headerProblem(e, header, headerLine);
    if (problem != null) {
      return fileError(e, path, knownAt, bytes, checksum, header, problem);
    }
    List<Record> records = new ArrayList<>();
    for (int r = 1; r < spans.size(); r++) {
      int[] s = spans.get(r);
      int end = trimCr(bytes, s[0], s[1]);
      boolean last = r == spans.size() - 1;
      String line = decode(bytes, s[0], end);
      if (line == null) {
        records.add(new Record(r, null, new String(bytes, s[0], end - s[0], StandardCharsets.UTF_8),
            "bad_encoding", "line is not valid UTF-8"));
        continue;
      }
      if (last && inQuotes) {
        records.add(new Record(r, null, line, "wrong_column_count",
            "truncated last line: a quoted field is never closed"));
        continue;
      }
      String[] values = line.isEmpty() ? new String[] {null} : csv.parseLine(line);
      if (values == null) {
        values = new String[] {null};
      }
      if (values.length != header.size()) {
        String why = values.length + " fields, the header has " + header.size();
        records.add(new Record(r, null, line, "wrong_column_count",
            last && s[2] == 0 ? "truncated last line (no line end): " + why : why));
        continue;
      }
      records.add(new Record(r, values, line, null, null));
    }
    return new Parsed(path, e.name(), knownAt, bytes.length, checksum, List.copyOf(header), null, records);
  }

  /** Why a header cannot be read as this entity, or null when it can. */
  static String headerProblem(Entity e, List<String> header, String headerLine) {
    if (header.size() == 1) {
      for (String d : new String[] {";", "\t", "|"}) {
        if (headerLine.contains(d)) {
          return "the header uses '" + (d.equals("\t") ? "\\t" : d) + "' as delimiter; the contract says ','";
        }
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String c : header) {
      if (c.isEmpty()) {
        return "the header has an empty column name";
      }
      if (!seen.add(c)) {
        return "the header names column '" + c + "' twice";
      }
    }
    List<String> missing = e.requiredFields().stream().map(Field::name).filter(n -> !seen.contains(n)).toList();
    if (!missing.isEmpty()) {
      return "missing required column(s) " + String.join(", ", missing) + " (header: " + String.join(",", header) + ")";
    }
    return null;
  }

  private static Parsed fileError(Entity e, String path, String knownAt, byte[] bytes, String checksum,
                                  List<String> header, String problem) {
    return new Parsed(path, e.name(), knownAt, bytes.length, checksum, List.copyOf(header), problem, List.of());
  }

  private static CsvParser parser() {
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setDelimiter(',');
    s.getFormat().setQuote('"');
    s.getFormat().setQuoteEscape('"');
    s.getFormat().setLineSeparator("\n");
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    s.setMaxCharsPerColumn(-1);
    s.setMaxColumns(4096);
    s.setNullValue(null);
    s.setEmptyValue(null); // a quoted "" is as missing as an empty field
    return new CsvParser(s);
  }

  private static int trimCr(byte[] b, int start, int end) {
    return end > start && b[end - 1] == '\r' ? end - 1 : end;
  }

  /** Strict UTF-8 decode; null when the bytes are not valid UTF-8. */
  private static String decode(byte[] b, int start, int end) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, start, end - start)).toString();
    } catch (CharacterCodingException ex) {
      return null;
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
