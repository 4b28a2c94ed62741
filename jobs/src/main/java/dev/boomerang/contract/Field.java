package dev.boomerang.contract;

import java.util.List;

/**
 * One column of a landing entity.
 *
 * @param allowed closed set of values, empty when any value of the type is allowed
 * @param pattern regular expression the text must match, or null
 */
public record Field(String name, ColumnType type, boolean required, List<String> allowed,
                    String pattern, String doc) {

  public static Field req(String name, ColumnType type, String doc) {
    return new Field(name, type, true, List.of(), null, doc);
  }

  public static Field opt(String name, ColumnType type, String doc) {
    return new Field(name, type, false, List.of(), null, doc);
  }

  public Field oneOf(List<String> values) {
    return new Field(name, type, required, List.copyOf(values), pattern, doc);
  }

  public Field matching(String regex) {
    return new Field(name, type, required, allowed, regex, doc);
  }
}
