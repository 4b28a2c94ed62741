package dev.boomerang.sim;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.boomerang.contract.ColumnType;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import dev.boomerang.contract.Field;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes landing drops: one CSV file per (entity, drop date) at
 * {@code <out>/<entity>/date=YYYY-MM-DD/<entity>-YYYY-MM-DD.csv}, opened on first use and kept
 * open (the least recently written are closed, and reopened to append, beyond half the
 * file-descriptor limit), so memory is bounded by the open buffers, not by the data. Rows arrive in the simulator's fixed order, which makes the files deterministic.
 *
 * <p>Dirty rows: each clean row adds, with probability {@code dirtyRate}, one pending dirty row of
 * a kind drawn uniformly from {@link Dirty}. A pending kind is written as an extra line right after
 * the next clean row of an entity it applies to, as a corrupted <em>copy</em> of that row (or an
 * extra order line / extra refund with a fresh key), so no clean row ever depends on a dirty one.
 * Each is recorded in {@code <truth>/dirty_rows.csv} with its physical line number.
 */
final class Landing implements Closeable {

  /** Dirty-row kinds and the quarantine rule each must trigger (docs/ARCHITECTURE.md). */
  enum Dirty {
    UNPARSEABLE_DATE("bad_format"),
    NON_POSITIVE_QUANTITY("out_of_range"),
    UNKNOWN_SKU("unknown_reference"),
    REFUND_EXCEEDS_PAID("refund_exceeds_paid"),
    MISSING_KEY("missing_required"),
    WRONG_COLUMN_COUNT("wrong_column_count"),
    NON_UTF8("bad_encoding");

    final String rule;

    Dirty(String rule) {
      this.rule = rule;
    }

    boolean appliesTo(Entity e) {
      return switch (this) {
        case NON_POSITIVE_QUANTITY, UNKNOWN_SKU -> e == Contract.ORDER_LINES;
        case REFUND_EXCEEDS_PAID -> e == Contract.REFUNDS;
        // order_lines has no date column; its bad_format case is a decimal with a comma instead
        default -> true;
      };
    }
  }

  private static final byte[] NL = {'\n'};

  private final Path out;
  private final LocalDate start;
  private final int days;
  private final double dirtyRate;
  private final SplittableRandom rng;
  private final Sink[][] sinks;
  private final int[] pending = new int[Dirty.values().length];
  private final long[] dirtyCounts = new long[Dirty.values().length];
  private final long[] rowCounts = new long[Simulator.ENTITIES.size()];
  private final BufferedWriter dirtyTruth;

  /** One drop file; its stream may be closed to stay under the open-file limit and reopened to append. */
  private static final class Sink {
    final Path path;
    final String relPath;
    OutputStream os;
    long lines = 1; // the header

    Sink(Path path, String relPath) {
      this.path = path;
      this.relPath = relPath;
    }
  }

  /** Open sinks, least recently written first; bounded by {@link #maxOpen}. */
  private final LinkedHashMap<Sink, Boolean> open = new LinkedHashMap<>(256, 0.75f, true);
  private final int maxOpen;

  /** @param maxOpen how many drop files may be open at once (0: half the file-descriptor limit) */
  Landing(Path out, Path truth, LocalDate start, int days, double dirtyRate, long seed, int maxOpen)
      throws IOException {
    this.maxOpen = maxOpen > 0 ? maxOpen : maxOpenFiles();
    this.out = out;
    this.start = start;
    this.days = days;
    this.dirtyRate = dirtyRate;
    this.rng = new SplittableRandom(Fmt.mix(seed, 0xD1A7L));
    this.sinks = new Sink[Simulator.ENTITIES.size()][days];
    Files.createDirectories(truth);
    this.dirtyTruth = Files.newBufferedWriter(truth.resolve("dirty_rows.csv"), StandardCharsets.UTF_8);
    dirtyTruth.write("entity,drop_date,file,line_number,kind,expected_rule\n");
  }

  /** Whether a drop date lies inside the calendar (rows known later are not written). */
  boolean inCalendar(LocalDate drop) {
    long d = drop.toEpochDay() - start.toEpochDay();
    return d >= 0 && d < days;
  }

  /** Writes a clean row in the drop of {@code drop}; ignored when the drop is past the calendar. */
  void write(Entity e, LocalDate drop, String[] row) {
    write(e, drop, row, -1);
  }

  /** A refund row with what was paid for its order, so a refund-exceeds-paid copy can be made. */
  void writeRefund(LocalDate drop, String[] row, long paidCents) {
    write(Contract.REFUNDS, drop, row, paidCents);
  }

  private void write(Entity e, LocalDate drop, String[] row, long paidCents) {
    if (!inCalendar(drop)) {
      return;
    }
    Sink s = sink(e, drop);
    line(s, encode(row));
    rowCounts[Simulator.ENTITIES.indexOf(e)]++;
    if (dirtyRate > 0 && rng.nextDouble() < dirtyRate) {
      pending[rng.nextInt(pending.length)]++;
    }
    for (Dirty k : Dirty.values()) {
      if (pending[k.ordinal()] > 0 && k.appliesTo(e)) {
        pending[k.ordinal()]--;
        dirtyCounts[k.ordinal()]++;
        line(s, dirty(k, e, row, paidCents));
        try {
          dirtyTruth.write(e.name() + "," + drop + "," + s.relPath + "," + s.lines + "," + k.name().toLowerCase(Locale.ROOT)
              + "," + k.rule + "\n");
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
        break; // one dirty companion per clean row at most
      }
    }
  }

  private byte[] dirty(Dirty k, Entity e, String[] clean, long paidCents) {
    String[] r = clean.clone();
    List<Field> fields = e.fields();
    switch (k) {
      case UNPARSEABLE_DATE -> {
        int i = firstOfType(fields, ColumnType.TIMESTAMP, ColumnType.DATE);
        if (i < 0) { // order_lines: a decimal written with a comma
          i = e.columnNames().indexOf("unit_price");
          r[i] = r[i].replace('.', ',');
        } else {
          String[] bad = {"31.10.2025 14:22", "2025-13-45T10:00:00+01:00", "yesterday", "2025/11/03 09:15:00"};
          r[i] = bad[rng.nextInt(bad.length)];
        }
      }
      case NON_POSITIVE_QUANTITY -> {
        r[1] = Integer.toString(90 + rng.nextInt(9)); // an extra line: line numbers 90+ are never clean
        r[3] = rng.nextBoolean() ? "0" : "-" + (1 + rng.nextInt(3));
      }
      case UNKNOWN_SKU -> {
        r[1] = Integer.toString(90 + rng.nextInt(9));
        r[2] = "SKU-X" + Fmt.pad(rng.nextInt(1_000_000), 6);
      }
      case REFUND_EXCEEDS_PAID -> {
        r[0] = r[0] + "-X"; // a fresh refund id
        r[2] = "";
        r[3] = "";
        r[4] = "";
        r[6] = Fmt.money(paidCents + 500 + rng.nextInt(20_000));
        r[7] = "0.00";
      }
      case MISSING_KEY -> r[e.columnNames().indexOf(e.key().get(0))] = "";
      case WRONG_COLUMN_COUNT -> r = rng.nextBoolean() ? Arrays.copyOf(r, r.length - 1) : append(r, "extra");
      case NON_UTF8 -> {
        // a Latin-1 'é' (0xE9) appended to a text field: invalid UTF-8 on its own
        int i = textField(fields);
        r[i] = r[i] + '\u0000';
        byte[] bytes = encode(r);
        for (int j = 0; j < bytes.length; j++) {
          if (bytes[j] == 0) {
            bytes[j] = (byte) 0xE9;
          }
        }
        return bytes;
      }
    }
    return encode(r);
  }

  private static String[] append(String[] r, String v) {
    String[] a = Arrays.copyOf(r, r.length + 1);
    a[r.length] = v;
    return a;
  }

  private static int firstOfType(List<Field> fields, ColumnType... types) {
    for (int i = 0; i < fields.size(); i++) {
      for (ColumnType t : types) {
        if (fields.get(i).type() == t) {
          return i;
        }
      }
    }
    return -1;
  }

  /** An optional free-text column if there is one, else the last string column. */
  private static int textField(List<Field> fields) {
    int last = 0;
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      if (f.type() == ColumnType.STRING && f.allowed().isEmpty() && f.pattern() == null) {
        if (!f.required()) {
          return i;
        }
        last = i;
      }
    }
    return last;
  }

  private Sink sink(Entity e, LocalDate drop) {
    int ei = Simulator.ENTITIES.indexOf(e);
    int di = (int) (drop.toEpochDay() - start.toEpochDay());
    Sink s = sinks[ei][di];
    try {
      if (s == null) {
        String rel = e.name() + "/date=" + drop + "/" + e.name() + "-" + drop + ".csv";
        s = new Sink(out.resolve(rel), rel);
        Files.createDirectories(s.path.getParent());
        s.os = new BufferedOutputStream(Files.newOutputStream(s.path), 1 << 15);
        s.os.write(encode(e.columnNames().toArray(String[]::new)));
        s.os.write(NL);
        sinks[ei][di] = s;
      } else if (s.os == null) {
        s.os = new BufferedOutputStream(Files.newOutputStream(s.path, StandardOpenOption.APPEND), 1 << 15);
      }
      if (open.put(s, Boolean.TRUE) == null && open.size() > maxOpen) {
        Sink eldest = open.keySet().iterator().next();
        open.remove(eldest);
        eldest.os.close();
        eldest.os = null;
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return s;
  }

  /** Half of the process's file-descriptor limit (others need some too), at least 64. */
  private static int maxOpenFiles() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      return (int) Math.max(64, Math.min(8192, unix.getMaxFileDescriptorCount() / 2));
    }
    return 512;
  }

  private static void line(Sink s, byte[] bytes) {
    try {
      s.os.write(bytes);
      s.os.write(NL);
      s.lines++;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** One CSV record, RFC 4180 quoting; values never hold line breaks, so a record is one line. */
  static byte[] encode(String[] row) {
    StringBuilder b = new StringBuilder(128);
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      String v = row[i] == null ? "" : row[i];
      if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0) {
        b.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        b.append(v);
      }
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  long[] rowCounts() {
    return rowCounts;
  }

  long[] dirtyCounts() {
    return dirtyCounts;
  }

  @Override
  public void close() throws IOException {
    for (Sink s : open.keySet()) {
      s.os.close();
    }
    open.clear();
    dirtyTruth.close();
  }
}
