package dev.boomerang.adapters;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.boomerang.common.UserError;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What earlier drops in the landing folder already say about orders and customers: order id →
 * customer, (order id, SKU) → line number, customer → first {@code created_at}. Return and
 * reimbursement reports name only the order and SKU, so their adapters look the rest up here.
 * Reads every {@code orders}, {@code order_lines} and {@code customers} CSV under the landing
 * folder once (a full scan of those three entities' drops).
 */
public final class LandingIndex {

  private final Map<String, String> customerOfOrder = new HashMap<>();
  private final Map<String, Integer> lineOfSku = new HashMap<>();
  private final Map<String, String> createdAt = new HashMap<>();

  public static LandingIndex read(Path landing) {
    LandingIndex ix = new LandingIndex();
    ix.scan(landing.resolve("orders"), r -> ix.customerOfOrder.put(r.get("order_id"), r.get("customer_id")));
    ix.scan(landing.resolve("order_lines"), r -> {
      if (r.get("line_no") != null) {
        ix.lineOfSku.putIfAbsent(r.get("order_id") + "\u001f" + r.get("sku"), Integer.valueOf(r.get("line_no")));
      }
    });
    ix.scan(landing.resolve("customers"), r -> ix.createdAt.merge(r.get("customer_id"), r.get("created_at"),
        (a, b) -> Values.timestamp(a).isBefore(Values.timestamp(b)) ? a : b));
    return ix;
  }

  public String customerOfOrder(String orderId) {
    return customerOfOrder.get(orderId);
  }

  public Integer lineNo(String orderId, String sku) {
    return lineOfSku.get(orderId + "\u001f" + sku);
  }

  /** The earliest {@code created_at} an earlier drop gave this customer, or null. */
  public String createdAt(String customerId) {
    return createdAt.get(customerId);
  }

  private void scan(Path entityDir, Consumer<Map<String, String>> sink) {
    if (!Files.isDirectory(entityDir)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(entityDir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".csv")
          && !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UserError("cannot list " + entityDir + ": " + e.getMessage(), e);
    }
    CsvParserSettings settings = new CsvParserSettings();
    settings.setMaxCharsPerColumn(-1);
    for (Path f : files) {
      try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        CsvParser p = new CsvParser(settings);
        p.beginParsing(r);
        String[] header = p.parseNext();
        String[] row;
        if (header == null) {
          continue;
        }
        while ((row = p.parseNext()) != null) {
          Map<String, String> m = new HashMap<>();
          for (int i = 0; i < header.length && i < row.length; i++) {
            m.put(header[i], row[i]);
          }
          sink.accept(m);
        }
      } catch (IOException e) {
        throw new UserError("cannot read " + f + ": " + e.getMessage(), e);
      }
    }
  }
}
