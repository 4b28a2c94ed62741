package dev.boomerang.common;

/** Bad input from the user (an option, a file, a missing table): reported in one line, no trace. */
public class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
