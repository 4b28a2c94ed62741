package dev.boomerang.cli;

/** Process exit codes, documented in the README. */
public final class ExitCode {
  private ExitCode() {}

  public static final int OK = 0;
  /** The command ran and failed: bad input data, a failed job, an unreadable file. */
  public static final int FAILED = 1;
  /** The command line itself is wrong: unknown command or option, missing argument. */
  public static final int USAGE = 2;
  /** Another nightly run holds the lake's lock. */
  public static final int LOCKED = 3;
}
