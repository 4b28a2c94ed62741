package dev.boomerang.ops;

import java.nio.file.Path;

/** A second process for {@link RunLockTest}: takes the lock, says so, then sleeps until killed. */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    try (RunLock lock = RunLock.acquire(Path.of(args[0]), "child-run", "nightly --date 2025-11-01")) {
      System.out.println("LOCKED");
      System.out.flush();
      Thread.sleep(120_000);
    }
  }
}
