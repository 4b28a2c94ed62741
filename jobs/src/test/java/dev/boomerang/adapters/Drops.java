package dev.boomerang.adapters;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import dev.boomerang.contract.Field;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads what an adapter wrote and checks it the way ingestion will: every contract column in the
 * header in contract order, required values present, types parsing, allowed values and patterns.
 */
final class Drops {
  private Drops() {}

  /** Every row of an entity's drops under the landing folder, in file then row order. */
  static List<Map<String, String>> rows(Path landing, String entity) {
    return rows(landing.resolve(entity));
  }

  static List<Map<String, String>> rows(Path dir) {
    List<Map<String, String>> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    CsvParserSettings settings = new CsvParserSettings();
    settings.setMaxCharsPerColumn(-1);
    settings.setNullValue(null);
    for (Path f : files) {
      try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        List<String[]> all = new CsvParser(settings).parseAll(r);
        String[] header = all.get(0);
        for (String[] row : all.subList(1, all.size())) {
          Map<String, String> m = new LinkedHashMap<>();
          for (int i = 0; i < header.length; i++) {
            m.put(header[i], i < row.length ? row[i] : null);
          }
          out.add(m);
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** Headers of an entity's drop files. */
  static List<List<String>> headers(Path landing, String entity) {
    List<List<String>> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(landing.resolve(entity))) {
      for (Path f : s.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
        out.add(List.of(Files.readAllLines(f, StandardCharsets.UTF_8).get(0).split(",", -1)));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Contract violations of every drop under the landing folder: "entity.column=value: why". */
  static List<String> violations(Path landing) {
    List<String> out = new ArrayList<>();
    for (Entity e : Contract.ENTITIES) {
      if (!Files.isDirectory(landing.resolve(e.name()))) {
        continue;
      }
      for (List<String> header : headers(landing, e.name())) {
        if (!header.subList(0, e.columnNames().size()).equals(e.columnNames())) {
          out.add(e.name() + ": header " + header + " does not start with the contract columns");
        }
      }
      for (Map<String, String> r : rows(landing, e.name())) {
        for (Field f : e.fields()) {
          String v = r.get(f.name());
          String at = e.name() + "." + f.name() + "=" + v;
          if (v == null || v.isEmpty()) {
            if (f.required()) {
              out.add(at + ": missing");
            }
            continue;
          }
          try {
            switch (f.type()) {
              case INT -> Integer.parseInt(v);
              case DECIMAL -> new BigDecimal(v);
              case BOOLEAN -> {
                if (!v.equals("true") && !v.equals("false")) {
                  throw new IllegalArgumentException();
                }
              }
              case DATE -> LocalDate.parse(v);
              case TIMESTAMP -> OffsetDateTime.parse(v);
              default -> { }
            }
          } catch (RuntimeException ex) {
            out.add(at + ": bad " + f.type());
          }
          if (!f.allowed().isEmpty() && !f.allowed().contains(v)) {
            out.add(at + ": not allowed");
          }
          if (f.pattern() != null && !v.matches(f.pattern())) {
            out.add(at + ": pattern " + f.pattern());
          }
        }
      }
    }
    return out;
  }

  static Path fixture(String name) {
    return Path.of("src/test/resources/adapters", name);
  }
}
