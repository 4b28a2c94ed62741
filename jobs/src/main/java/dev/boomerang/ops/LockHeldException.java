package dev.boomerang.ops;

/** Another live process holds the lake's run lock. The message names the holder. */
public class LockHeldException extends RuntimeException {
  public LockHeldException(String message) {
    super(message);
  }
}
