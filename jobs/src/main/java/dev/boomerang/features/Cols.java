package dev.boomerang.features;

import java.util.List;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** Join-column lists for Spark's Scala API. */
final class Cols {

  private Cols() {}

  /** {@code join(other, using("order_id", "line_no"), "left")}. */
  static Seq<String> using(String... columns) {
    return CollectionConverters.asScala(List.of(columns)).toList();
  }
}
