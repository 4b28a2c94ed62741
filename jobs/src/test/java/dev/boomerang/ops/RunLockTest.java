package dev.boomerang.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

  @TempDir Path dir;

  private void writeLock(String host, long pid, String start) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("run.lock"), "{\"host\":\"" + host + "\",\"pid\":" + pid
        + ",\"process_start\":\"" + start + "\",\"run_id\":\"old-run\",\"command\":\"nightly\",\"since\":\"x\"}");
  }

  @Test
  void secondAcquireFailsNamingTheLiveHolderAndReleaseFreesIt() {
    try (RunLock first = RunLock.acquire(dir, "run-1", "nightly --date 2025-11-01")) {
      LockHeldException e = assertThrows(LockHeldException.class,
          () -> RunLock.acquire(dir, "run-2", "nightly --date 2025-11-01"));
      assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
      assertTrue(e.getMessage().contains("run-1"), e.getMessage());
    }
    assertFalse(Files.exists(dir.resolve("run.lock")), "closing the lock removes the file");
    RunLock.acquire(dir, "run-3", "nightly").close();
  }

  @Test
  void lockOfADeadProcessIsTakenOver() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor(10, TimeUnit.SECONDS);
    writeLock(RunLock.hostName(), p.pid(), "");
    try (RunLock lock = RunLock.acquire(dir, "run-new", "nightly")) {
      assertTrue(Files.readString(dir.resolve("run.lock")).contains("run-new"));
    }
  }

  @Test
  void recycledPidIsNotMistakenForTheHolder() throws Exception {
    writeLock(RunLock.hostName(), ProcessHandle.current().pid(), "2001-01-01T00:00:00Z");
    RunLock.acquire(dir, "run-new", "nightly").close();
  }

  @Test
  void holderOnAnotherHostCountsUntilItsHeartbeatAges() throws Exception {
    writeLock("some-other-host", 4242, "");
    assertThrows(LockHeldException.class, () -> RunLock.acquire(dir, "run-new", "nightly"),
        "a fresh heartbeat from another host is respected");
    Files.setLastModifiedTime(dir.resolve("run.lock"),
        FileTime.from(Instant.now().minus(RunLock.STALE_AFTER).minusSeconds(60)));
    RunLock.acquire(dir, "run-new", "nightly").close();
  }

  @Test
  void realSecondProcessBlocksUntilKilledThenItsLockIsTakenOver() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LockHolderMain.class.getName(), dir.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("LOCKED", out.readLine(), "the child process holds the lock");
      LockHeldException e = assertThrows(LockHeldException.class, () -> RunLock.acquire(dir, "run-2", "nightly"));
      assertTrue(e.getMessage().contains("pid " + child.pid()), e.getMessage());

      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9: no cleanup runs
      assertTrue(Files.exists(dir.resolve("run.lock")), "a crashed holder leaves its lock behind");
      RunLock.acquire(dir, "run-3", "nightly").close();
    } finally {
      child.destroyForcibly();
    }
  }
}
