package dev.boomerang.common;

import java.util.List;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Join-column lists for Spark's Scala API. */
public final class Cols {

  private Cols() {}

  /** {@code join(other, using("order_id", "line_no"), "left")}. */
  public static Seq<String> using(String... columns) {
    return using(List.of(columns));
  }

  /** {@code join(other, using(entity.key()), "left_anti")}. */
  public static Seq<String> using(List<String> columns) {
    return CollectionConverters.asScala(columns).toList();
  }
}
