package dev.boomerang.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.testing.Cli;
import dev.boomerang.testing.SparkTest;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A backfill ({@code nightly --from D1 --to D2}: ingest of the whole range as one batch, then
 * features for the whole range in one pass, then train, score and report for D2) leaves the lake as
 * day-by-day nightly runs do: the same silver and quarantine (but for the batch that names a row's
 * run), the same gold features for every date, the same training sets and the same scores of D2.
 * Two days keep it affordable (each nightly costs a few dozen Delta commits); a range of many
 * dates runs the same code in {@code FeaturesJobTest}'s rebuild of ten dates.
 */
class NightlyBackfillTest extends SparkTest {

  static final LocalDate FIRST = LocalDate.parse("2025-10-01");
  static final int DAYS = 2;
  static final LocalDate LAST = FIRST.plusDays(DAYS - 1);

  /** Every table the product writes, compared whole, or for D2 only where day by day keeps every date. */
  static final List<String> WHOLE = List.of("silver.customers", "silver.products", "silver.orders",
      "silver.order_lines", "silver.shipments", "silver.tracking_events", "silver.returns", "silver.refunds",
      "silver.claims", "silver.fraud_reviews", "silver.shipment_status", "silver.return_lifecycle",
      "ops.quarantine", Tables.GOLD_CUSTOMER_DAILY, Tables.GOLD_SKU_DAILY, Tables.GOLD_CUSTOMER_FEATURES,
      Tables.GOLD_SKU_FEATURES, Tables.GOLD_ORDER_LINE_TRAINING, Tables.GOLD_CUSTOMER_TRAINING);

  /** Columns that name the batch or run a row came with: one batch for the range, one per day otherwise. */
  static final List<String> LINEAGE = List.of("_batch_id", "batch_id", "quarantined_at");

  @Test
  void backfillEqualsDayByDay() {
    Path landing = lakeDir.resolve("landing");
    assertEquals(0, Cli.run("generate", "--days", String.valueOf(DAYS), "--customers", "150", "--seed", "5",
        "--out", landing.toString(), "--truth", lakeDir.resolve("truth").toString()).code(), "generate");

    Lake backfill = Lake.local(lakeDir.resolve("backfill"));
    nightly(backfill, landing, "--from", FIRST.toString(), "--to", LAST.toString());
    Lake daily = Lake.local(lakeDir.resolve("daily"));
    for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
      nightly(daily, landing, "--date", d.toString());
    }

    for (String t : List.of("silver.orders", "silver.order_lines", "silver.tracking_events",
        "silver.shipment_status", Tables.GOLD_CUSTOMER_FEATURES, Tables.GOLD_SKU_FEATURES)) {
      assertTrue(!rows(backfill, t, "true").isEmpty(), t + " has rows, so the comparison means something");
    }
    for (String t : WHOLE) {
      assertEquals(rows(backfill, t, "true"), rows(daily, t, "true"), t + ": backfill and day-by-day runs differ");
    }
    String ofLast = "as_of_date = DATE'" + LAST + "'";
    assertEquals(rows(backfill, Tables.GOLD_ABUSE_SCORES, ofLast), rows(daily, Tables.GOLD_ABUSE_SCORES, ofLast),
        "abuse scores of the last day");
    assertEquals(DAYS, backfill.read(spark, Tables.GOLD_CUSTOMER_FEATURES).select("as_of_date").distinct().count(),
        "customer features for every day of the range");
  }

  private void nightly(Lake lake, Path landing, String... dates) {
    String[] args = concat(new String[] {"nightly", "--lake", lake.root(), "--landing", landing.toString(),
        "--exports", lakeDir.resolve("exports").toString(), "--reports", lakeDir.resolve("reports").toString()}, dates);
    Cli.Result r = Cli.run(args);
    assertEquals(0, r.code(), "nightly " + String.join(" ", dates) + ": " + r.out() + r.err());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** The table's rows as "column=value" strings, in a total order. */
  private static List<String> rows(Lake lake, String table, String where) {
    if (!lake.exists(spark, table)) {
      return List.of();
    }
    var df = lake.read(spark, table).where(where).drop(LINEAGE.toArray(String[]::new));
    String[] cols = Arrays.stream(df.columns()).sorted().toArray(String[]::new);
    Column[] order = Arrays.stream(cols).map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    return df.select(order).orderBy(order).collectAsList().stream().map(r -> describe(cols, r)).toList();
  }

  private static String describe(String[] cols, Row r) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cols.length; i++) {
      b.append(i == 0 ? "" : ", ").append(cols[i]).append('=').append(r.isNullAt(i) ? "null" : String.valueOf(r.get(i)));
    }
    return b.toString();
  }
}
