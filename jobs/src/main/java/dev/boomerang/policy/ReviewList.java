package dev.boomerang.policy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_date;

import dev.boomerang.common.Delta;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * The night's review list: the highest-risk customers of tier review, at most the fraud team's
 * capacity. Customers whose latest review known by D is CONFIRMED_ABUSE are never listed (already
 * handled), nor those CLEARED within the cooldown (reviewed_ts date in (D - cooldown, D]).
 * Grain: one row per listed customer_id, with {@code rank} 1..capacity. Pure transforms.
 */
public final class ReviewList {

  private ReviewList() {}

  public static final int DEFAULT_CAPACITY = 50;
  public static final int DEFAULT_COOLDOWN_DAYS = 90;

  /**
   * Customers excluded as of D: one row per customer_id with {@code exclusion}
   * ("confirmed" or "cleared_recently"), from the fraud reviews known by D (known_at <= D when
   * the column exists, and reviewed on or before D).
   */
  public static Dataset<Row> exclusions(Dataset<Row> reviews, LocalDate asOf, int cooldownDays) {
    Column d = lit(Date.valueOf(asOf));
    Dataset<Row> known = reviews.filter(to_date(col("reviewed_ts")).leq(d));
    if (List.of(reviews.columns()).contains("known_at")) {
      known = known.filter(col("known_at").leq(d));
    }
    Dataset<Row> latest = Delta.latestPerKey(known, List.of("customer_id"),
        List.of(col("reviewed_ts").desc(), col("review_id").desc()));
    Column everConfirmed = col("decision").equalTo("CONFIRMED_ABUSE");
    Column clearedRecently = col("decision").equalTo("CLEARED")
        .and(to_date(col("reviewed_ts")).gt(date_sub(d, cooldownDays)));
    Dataset<Row> confirmed = known.filter(everConfirmed).select(col("customer_id")).distinct()
        .withColumn("exclusion", lit("confirmed"));
    Dataset<Row> recent = latest.filter(clearedRecently).select(col("customer_id"));
    Dataset<Row> cleared = recent
        .join(confirmed, recent.col("customer_id").equalTo(confirmed.col("customer_id")), "left_anti")
        .withColumn("exclusion", lit("cleared_recently"));
    return confirmed.unionByName(cleared).select("customer_id", "exclusion");
  }

  /** Scored customers that may be listed, ranked by {@code riskCol}: adds {@code rank}. */
  public static Dataset<Row> eligible(Dataset<Row> scores, Dataset<Row> exclusions, String riskCol) {
    return scores.join(exclusions, scores.col("customer_id").equalTo(exclusions.col("customer_id")), "left_anti")
        .withColumn("rank", row_number().over(Window.orderBy(AbuseScore.ranking(riskCol))));
  }

  /** The list: eligible customers of tier review, best first, at most {@code capacity}. */
  public static Dataset<Row> select(Dataset<Row> scores, Dataset<Row> exclusions, int capacity) {
    Dataset<Row> reviewTier = scores.filter(col("tier").equalTo(AbuseScore.REVIEW));
    return eligible(reviewTier, exclusions, "risk_score").filter(col("rank").leq(capacity)).orderBy("rank");
  }
}
