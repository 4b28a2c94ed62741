package dev.boomerang.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per lake. The lock is a file {@code <lake>/_lock/run.lock} created atomically
 * (create-if-absent), holding the holder's host, pid, process start time, run id and command.
 * While held, a heartbeat refreshes its modification time.
 *
 * <p>A lock is <b>stale</b>, and is taken over, when its holder is on this host and that process
 * (same pid <i>and</i> same start time, so a recycled pid does not count) no longer runs, or when
 * its heartbeat is older than {@link #STALE_AFTER} (a holder on another host, or a frozen one).
 * Take-over is safe against a race: the stale file is first renamed atomically to a unique
 * tombstone, which only one contender can do, and the new lock is then created if absent.
 *
 * <p>Needs a file system with atomic create and rename (a local disk or NFS v4 mount shared by the
 * schedulers); object-store lakes keep their lock on such a path via {@code --lock-dir}.
 */
public final class RunLock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  public static final Duration HEARTBEAT = Duration.ofSeconds(20);
  public static final Duration STALE_AFTER = Duration.ofMinutes(10);

  private final Path file;
  private final ScheduledExecutorService heartbeat;

  private RunLock(Path file) {
    this.file = file;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "boomerang-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleAtFixedRate(this::touch, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The holder recorded in a lock file. */
  public record Holder(String host, long pid, String processStart, String runId, String command, String since) {
    String describe() {
      return "pid " + pid + " on " + host + " (run " + runId + ", '" + command + "', since " + since + ")";
    }
  }

  /**
   * Takes the lock in {@code dir} or throws {@link LockHeldException} naming the live holder.
   */
  public static RunLock acquire(Path dir, String runId, String command) {
    Path file = dir.resolve("run.lock");
    try {
      Files.createDirectories(dir);
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          Files.writeString(file, describeSelf(runId, command), StandardCharsets.UTF_8,
              StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          return new RunLock(file);
        } catch (FileAlreadyExistsException held) {
          Optional<Holder> holder = read(file);
          if (holder.isEmpty()) {
            continue; // released between our create and read: try again
          }
          String why = staleReason(file, holder.get());
          if (why == null) {
            throw new LockHeldException("the lake is locked by another run: " + holder.get().describe()
                + "; lock file " + file);
          }
          Path tombstone = dir.resolve("run.lock.stale-" + holder.get().pid() + "-" + System.nanoTime());
          try {
            Files.move(file, tombstone, StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("took over a stale lock from {}: {}", holder.get().describe(), why);
            Files.deleteIfExists(tombstone);
          } catch (NoSuchFileException raced) {
            // another contender moved it first; loop and compete for the fresh lock
          } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException("lock folder " + dir + " does not support atomic rename", e);
          }
        }
      }
      throw new LockHeldException("could not take the lake lock " + file + " after 3 attempts (contended)");
    } catch (IOException e) {
      throw new IllegalStateException("cannot use lock file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Why the holder is stale, or null when it is alive. */
  static String staleReason(Path file, Holder h) throws IOException {
    String host = hostName();
    if (host.equals(h.host())) {
      Optional<ProcessHandle> p = ProcessHandle.of(h.pid());
      if (p.isEmpty() || !p.get().isAlive()) {
        return "process " + h.pid() + " is no longer running";
      }
      String start = p.get().info().startInstant().map(Instant::toString).orElse("");
      if (!start.isEmpty() && !h.processStart().isEmpty() && !start.equals(h.processStart())) {
        return "pid " + h.pid() + " now belongs to another process";
      }
    }
    FileTime beat = Files.getLastModifiedTime(file);
    Duration age = Duration.between(beat.toInstant(), Instant.now());
    if (age.compareTo(STALE_AFTER) > 0) {
      return "no heartbeat for " + age.toMinutes() + " minutes";
    }
    return null;
  }

  static Optional<Holder> read(Path file) throws IOException {
    try {
      var n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      return Optional.of(new Holder(n.path("host").asText(), n.path("pid").asLong(),
          n.path("process_start").asText(), n.path("run_id").asText(), n.path("command").asText(),
          n.path("since").asText()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // a holder killed while writing leaves a torn file: treat it as held until the heartbeat ages
      return Optional.of(new Holder("?", -1, "", "?", "?", "?"));
    }
  }

  static String describeSelf(String runId, String command) {
    ProcessHandle self = ProcessHandle.current();
    ObjectNode n = JSON.createObjectNode()
        .put("host", hostName())
        .put("pid", self.pid())
        .put("process_start", self.info().startInstant().map(Instant::toString).orElse(""))
        .put("run_id", runId)
        .put("command", command)
        .put("since", Instant.now().toString());
    return n.toString();
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private void touch() {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      LOG.warn("lock heartbeat failed on {}: {}", file, e.getMessage());
    }
  }

  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not remove lock file {}: {}", file, e.getMessage());
    }
  }
}
