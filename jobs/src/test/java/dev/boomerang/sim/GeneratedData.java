package dev.boomerang.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Reads a generated landing tree in plain Java: clean rows per entity, raw lines, truth files. */
final class GeneratedData {

  final Path landing;
  final Path truth;
  /** "file:line" of every dirty row the truth lists. */
  final Set<String> dirtyLines = new HashSet<>();
  final List<Map<String, String>> dirtyTruth;

  GeneratedData(Path landing, Path truth) {
    this.landing = landing;
    this.truth = truth;
    this.dirtyTruth = truth("dirty_rows.csv");
    for (Map<String, String> d : dirtyTruth) {
      dirtyLines.add(d.get("file") + ":" + d.get("line_number"));
    }
  }

  /** Every clean row of an entity over all drops (dirty lines skipped), with its drop date as "_drop". */
  List<Map<String, String>> rows(String entity) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Path f : files(entity)) {
      List<byte[]> lines = rawLines(f);
      String rel = landing.relativize(f).toString();
      List<String> header = split(new String(lines.get(0), StandardCharsets.UTF_8));
      String drop = f.getParent().getFileName().toString().substring("date=".length());
      for (int i = 1; i < lines.size(); i++) {
        if (dirtyLines.contains(rel + ":" + (i + 1))) {
          continue;
        }
        List<String> v = split(new String(lines.get(i), StandardCharsets.UTF_8));
        Map<String, String> row = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
          row.put(header.get(c), v.get(c));
        }
        row.put("_drop", drop);
        out.add(row);
      }
    }
    return out;
  }

  /** Latest row per key (by the given version column), for entities resent in later drops. */
  Map<String, Map<String, String>> latest(String entity, String key, String version) {
    Map<String, Map<String, String>> m = new HashMap<>();
    for (Map<String, String> r : rows(entity)) {
      m.merge(r.get(key), r, (a, b) -> java.time.OffsetDateTime.parse(b.get(version))
          .isAfter(java.time.OffsetDateTime.parse(a.get(version))) ? b : a);
    }
    return m;
  }

  List<Path> files(String entity) {
    try (Stream<Path> s = Files.walk(landing.resolve(entity))) {
      return s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<byte[]> rawLines(Path f) {
    try {
      byte[] all = Files.readAllBytes(f);
      List<byte[]> lines = new ArrayList<>();
      int from = 0;
      for (int i = 0; i < all.length; i++) {
        if (all[i] == '\n') {
          lines.add(java.util.Arrays.copyOfRange(all, from, i));
          from = i + 1;
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean validUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  List<Map<String, String>> truth(String file) {
    try {
      List<String> lines = Files.readAllLines(truth.resolve(file), StandardCharsets.UTF_8);
      List<String> header = split(lines.get(0));
      List<Map<String, String>> out = new ArrayList<>();
      for (String l : lines.subList(1, lines.size())) {
        List<String> v = split(l);
        Map<String, String> row = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
          row.put(header.get(c), v.get(c));
        }
        out.add(row);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RFC 4180 fields of one line (the simulator never writes line breaks inside a value). */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
