package dev.boomerang.ingest;

import dev.boomerang.contract.Contract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes tiny hand-made landing drops: {@code <landing>/<entity>/date=D/<file>} with the contract header. */
final class Drops {

  private final Path landing;

  Drops(Path landing) {
    this.landing = landing;
  }

  Path landing() {
    return landing;
  }

  /** Writes a file with the entity's contract header and these data lines. */
  Path write(String entity, String date, String file, String... lines) {
    return writeRaw(entity, date, file, header(entity), lines);
  }

  /** Writes a file with the given header line. */
  Path writeRaw(String entity, String date, String file, String header, String... lines) {
    StringBuilder b = new StringBuilder(header).append('\n');
    for (String l : lines) {
      b.append(l).append('\n');
    }
    return writeBytes(entity, date, file, b.toString().getBytes(StandardCharsets.UTF_8));
  }

  Path writeBytes(String entity, String date, String file, byte[] bytes) {
    try {
      Path dir = landing.resolve(entity).resolve("date=" + date);
      Files.createDirectories(dir);
      Path p = dir.resolve(file);
      Files.write(p, bytes);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String header(String entity) {
    return String.join(",", Contract.entity(entity).columnNames());
  }

  // One clean row per entity, in contract column order; tests vary them with replace().
  static String customer(String id) {
    return id + ",2025-01-01T10:00:00Z,DE,BY,80331,eh,ah,pf,2025-01-01T10:00:00Z";
  }

  static String product(String sku) {
    return sku + ",Shirt,Apparel,Shirts,Acme,10.00,EUR,200,true,false,2025-01-01T00:00:00Z";
  }

  static String order(String id, String customer) {
    return id + "," + customer + ",2025-11-01T09:00:00+01:00,FBA,amazon.de,DE,,,STANDARD,4.99,EUR,";
  }

  static String line(String order, int lineNo, String sku, int qty) {
    return order + "," + lineNo + "," + sku + "," + qty + ",10.00,0.00,M";
  }

  static String shipment(String id, String order) {
    return id + "," + order + ",DHL,T" + id + ",STANDARD,false,2025-11-01T12:00:00Z,2025-11-04";
  }

  static String scan(String tracking, String eventId, String ts, String status) {
    return "DHL," + tracking + "," + ts + "," + status + ",Berlin,," + eventId;
  }

  static String ret(String rma, String order, int lineNo, int qty, String status, String updatedTs) {
    return rma + "," + order + "," + lineNo + ",C1,2025-11-02T10:00:00Z,APPAREL_TOO_SMALL," + qty + ",REFUND,,,,,,,"
        + status + "," + updatedTs;
  }

  static String refund(String id, String order, String lineNo, String item, String shipping) {
    return id + "," + order + "," + lineNo + ",,," + "2025-11-03T10:00:00Z," + item + "," + shipping
        + ",EUR,ORIGINAL_PAYMENT,false,SELLER";
  }

  static String claim(String id, String order, String status, String updatedTs) {
    return id + "," + order + ",C1,2025-11-03T10:00:00Z,ITEM_NOT_RECEIVED," + status + ",,24.99,EUR,," + updatedTs;
  }
}
