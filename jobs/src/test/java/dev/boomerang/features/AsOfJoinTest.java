package dev.boomerang.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boomerang.testing.SparkTest;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The Feathr documentation's table: each label gets the value closest from the past. */
class AsOfJoinTest extends SparkTest {

  private Dataset<Row> labels() {
    return spark.sql("SELECT * FROM VALUES "
        + "('u1', DATE'2025-01-10', 'a'), ('u1', DATE'2025-01-03', 'b'), ('u1', DATE'2025-01-01', 'c'),"
        + "('u2', DATE'2025-01-05', 'd'), ('u3', DATE'2025-01-05', 'e'), ('u1', DATE'2025-01-10', 'f')"
        + " AS t(customer_id, label_date, label_id)");
  }

  private Dataset<Row> features() {
    return spark.sql("SELECT * FROM VALUES "
        + "('u1', DATE'2025-01-01', 1), ('u1', DATE'2025-01-02', 2), ('u1', DATE'2025-01-09', 9),"
        + "('u1', DATE'2025-01-10', 10), ('u1', DATE'2025-01-11', 11),"
        + "('u2', DATE'2025-01-05', 50), ('u2', DATE'2025-01-06', 60)"
        + " AS t(customer_id, as_of_date, orders_30d)");
  }

  private List<String> render(Dataset<Row> joined) {
    return joined.orderBy("label_id").selectExpr(
        "concat_ws('|', label_id, customer_id, cast(label_date as string),"
            + " coalesce(cast(as_of_date as string), 'null'), coalesce(cast(orders_30d as string), 'null'))")
        .as(Encoders.STRING()).collectAsList();
  }

  @Test
  void eachLabelGetsTheClosestStrictlyEarlierFeatureRowOrNull() {
    Dataset<Row> joined = AsOfJoin.join(labels(), features(), List.of("customer_id"),
        "label_date", "as_of_date", true, null);
    assertEquals(List.of(
        "a|u1|2025-01-10|2025-01-09|9",
        "b|u1|2025-01-03|2025-01-02|2",
        "c|u1|2025-01-01|null|null",
        "d|u2|2025-01-05|null|null",
        "e|u3|2025-01-05|null|null",
        "f|u1|2025-01-10|2025-01-09|9"), render(joined),
        "a/f take 01-09 (never the equal 01-10 or the later 01-11); b takes 01-02; c has nothing before;"
            + " u2's only earlier-or-equal row is on the label day, so NULL; u3 has no features;"
            + " duplicate label times are kept, not merged");
  }

  @Test
  void inclusiveModeAndTtl() {
    Dataset<Row> inclusive = AsOfJoin.join(labels(), features(), List.of("customer_id"),
        "label_date", "as_of_date", false, null);
    assertEquals(List.of(
        "a|u1|2025-01-10|2025-01-10|10",
        "b|u1|2025-01-03|2025-01-02|2",
        "c|u1|2025-01-01|2025-01-01|1",
        "d|u2|2025-01-05|2025-01-05|50",
        "e|u3|2025-01-05|null|null",
        "f|u1|2025-01-10|2025-01-10|10"), render(inclusive),
        "non-strict mode accepts a feature row of the label's own time");

    Dataset<Row> ttl = AsOfJoin.join(labels(), features(), List.of("customer_id"),
        "label_date", "as_of_date", true, 1);
    assertEquals(List.of(
        "a|u1|2025-01-10|2025-01-09|9",
        "b|u1|2025-01-03|2025-01-02|2",
        "c|u1|2025-01-01|null|null",
        "d|u2|2025-01-05|null|null",
        "e|u3|2025-01-05|null|null",
        "f|u1|2025-01-10|2025-01-09|9"), render(ttl),
        "a 1-day TTL still accepts yesterday's row");
    Dataset<Row> ttl0 = AsOfJoin.join(labels().filter("label_id = 'b'"), features(), List.of("customer_id"),
        "label_date", "as_of_date", true, 0);
    assertEquals(List.of("b|u1|2025-01-03|null|null"), render(ttl0),
        "with TTL 0 a strictly earlier row is always too old");
  }
}
