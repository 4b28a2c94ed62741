package dev.boomerang.common;

/** Small text helpers shared by one-line error and status messages. */
public final class Text {

  private Text() {}

  /** The first line of {@code s}, trimmed; empty for null. */
  public static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
