package dev.boomerang.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boomerang.testing.SparkTest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ReviewListTest extends SparkTest {

  static final LocalDate D = LocalDate.of(2025, 11, 30);
  static final StructType REVIEWS = new StructType().add("review_id", "string").add("customer_id", "string")
      .add("reviewed_ts", "timestamp").add("decision", "string").add("known_at", "date");

  static Row review(String id, String customer, String ts, String decision, String knownAt) {
    return RowFactory.create(id, customer, Timestamp.valueOf(ts), decision, Date.valueOf(knownAt));
  }

  static Row score(String customer, double risk, String tier) {
    return RowFactory.create(customer, Date.valueOf(D), risk, tier, List.of("r"), List.of("s"), List.of("T"), List.of(),
        1, risk / 100, 1.0, 0.0, "1", null, risk, AbuseScore.SIGNALS_VERSION);
  }

  Dataset<Row> reviews() {
    return spark.createDataFrame(List.of(
        review("R1", "confirmed_long_ago", "2025-01-10 10:00:00", "CONFIRMED_ABUSE", "2025-01-10"),
        review("R2", "cleared_30d", "2025-10-31 10:00:00", "CLEARED", "2025-10-31"),
        review("R3", "cleared_90d", "2025-09-01 10:00:00", "CLEARED", "2025-09-01"), // D - 90 days: outside
        review("R4", "cleared_89d", "2025-09-02 10:00:00", "CLEARED", "2025-09-02"), // D - 89 days: inside
        review("R5", "cleared_then_watch", "2025-11-01 10:00:00", "CLEARED", "2025-11-01"),
        review("R6", "cleared_then_watch", "2025-11-20 10:00:00", "WATCH", "2025-11-20"),
        review("R7", "confirmed_then_cleared", "2025-03-01 10:00:00", "CONFIRMED_ABUSE", "2025-03-01"),
        review("R8", "confirmed_then_cleared", "2025-04-01 10:00:00", "CLEARED", "2025-04-01"),
        review("R9", "reviewed_after_d", "2025-12-01 09:00:00", "CONFIRMED_ABUSE", "2025-12-01"),
        review("R10", "known_after_d", "2025-11-29 09:00:00", "CONFIRMED_ABUSE", "2025-12-02")), REVIEWS);
  }

  @Test
  void exclusionsFollowConfirmedAndCooldown() {
    Map<String, String> got = new TreeMap<>();
    for (Row r : ReviewList.exclusions(reviews(), D, 90).collectAsList()) {
      got.put(r.getString(0), r.getString(1));
    }
    assertEquals(Map.of(
        "confirmed_long_ago", "confirmed",
        "confirmed_then_cleared", "confirmed",
        "cleared_30d", "cleared_recently",
        "cleared_89d", "cleared_recently"), got,
        "confirmed customers are always excluded; CLEARED only within 90 days, only when it is the latest decision, "
            + "and only reviews known by D count");
  }

  @Test
  void listHoldsTheBestReviewTierCustomersUpToCapacity() {
    List<Row> scores = new ArrayList<>(List.of(
        score("confirmed_long_ago", 99, AbuseScore.REVIEW),
        score("cleared_30d", 98, AbuseScore.REVIEW),
        score("a", 90, AbuseScore.REVIEW),
        score("b", 80, AbuseScore.REVIEW),
        score("c", 70, AbuseScore.REVIEW),
        score("watch_only", 95, AbuseScore.WATCH),
        score("cleared_90d", 85, AbuseScore.REVIEW)));
    Dataset<Row> s = spark.createDataFrame(scores, AbuseScore.SCHEMA);
    Dataset<Row> ex = ReviewList.exclusions(reviews(), D, 90);
    List<String> ids = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    for (Row r : ReviewList.select(s, ex, 3).collectAsList()) {
      ids.add(r.getString(r.fieldIndex("customer_id")));
      ranks.add(r.getInt(r.fieldIndex("rank")));
    }
    assertEquals(List.of("a", "cleared_90d", "b"), ids,
        "capacity 3: excluded and non-review customers are skipped, the rest by score");
    assertEquals(List.of(1, 2, 3), ranks);
    assertEquals(4, ReviewList.select(s, ex, 50).count(), "a larger capacity lists every eligible review-tier customer (a, b, c, cleared_90d)");
  }
}
