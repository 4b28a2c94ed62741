package dev.boomerang.common;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per job stage: its name, rows in and out, and seconds. Use with try-with-resources;
 * {@link #progress} reports within a long stage.
 *
 * <pre>{@code
 * try (Stage s = Stage.start("ingest.bronze.orders")) {
 *   ...
 *   s.rows(read, written);
 * }
 * }</pre>
 */
public final class Stage implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dev.boomerang.stage");

  private final String name;
  private final long startNanos = System.nanoTime();
  private long rowsIn = -1;
  private long rowsOut = -1;

  private Stage(String name) {
    this.name = name;
  }

  public static Stage start(String name) {
    return new Stage(name);
  }

  public Stage rows(long in, long out) {
    this.rowsIn = in;
    this.rowsOut = out;
    return this;
  }

  public double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  public void progress(String what) {
    LOG.info(String.format(Locale.ROOT, "%-32s ... %s (%.1fs)", name, what, seconds()));
  }

  @Override
  public void close() {
    LOG.info(String.format(Locale.ROOT, "%-32s rows_in=%-10s rows_out=%-10s %6.1fs", name,
        rowsIn < 0 ? "-" : Long.toString(rowsIn), rowsOut < 0 ? "-" : Long.toString(rowsOut),
        seconds()));
  }
}
