package dev.boomerang.models;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Generated order lines with a planted signal, deterministic for a seed: one row per order line
 * ({@code order_id}, {@code line_no} = 1), ordered on {@link #START} + 0..days-1, the last
 * {@code censoredDays} days censored.
 *
 * <p>The true log-odds of a return: {@code -3.4 + 3 * sku_true_rate + 2.5 * customer_rate
 * + 0.8 [apparel] + 2.0 [discount > 0.4 and channel app] + 1.2 [60 <= unit_price <= 120]}. The model sees
 * a noisy SKU rate, the customer rate except for 20% "new customers" (null), the category,
 * channel, discount and price. The interaction and the mid-price band (not monotone) are there so
 * that trees can beat the linear baseline; the customer rate is there so that both beat the SKU-rate
 * baseline.
 */
final class SyntheticLines {

  private SyntheticLines() {}

  static final LocalDate START = LocalDate.of(2026, 1, 1);

  static final ModelSpec SPEC = new ModelSpec(
      List.of("category", "channel"),
      List.of("sku_return_rate_smoothed", "customer_return_rate_90d", "discount_pct", "unit_price"),
      "label_returned", "order_date", "is_censored", "category", "sku_return_rate_smoothed",
      List.of("order_id", "line_no"));

  static Dataset<Row> generate(SparkSession spark, long n, long seed, int days, int censoredDays) {
    Column skuTrue = rand(seed + 3).multiply(0.4);
    Column customer = rand(seed + 5);
    Dataset<Row> base = spark.range(0, n, 1, 2)
        .withColumn("order_id", concat(lit("O"), col("id").cast("string")))
        .withColumn("line_no", lit(1))
        .withColumn("order_date", date_add(lit(START), floor(rand(seed).multiply(days)).cast("int")))
        .withColumn("category", element_at(
            array(lit("apparel"), lit("electronics"), lit("home")), floor(rand(seed + 1).multiply(3)).cast("int").plus(1)))
        .withColumn("channel", element_at(
            array(lit("web"), lit("app"), lit("marketplace")), floor(rand(seed + 2).multiply(3)).cast("int").plus(1)))
        .withColumn("_sku_true", skuTrue)
        .withColumn("sku_return_rate_smoothed", col("_sku_true").plus(rand(seed + 4).minus(0.5).multiply(0.1)))
        .withColumn("_customer", customer)
        .withColumn("customer_return_rate_90d", when(rand(seed + 6).lt(0.2), lit(null).cast("double"))
            .otherwise(col("_customer")))
        .withColumn("discount_pct", rand(seed + 7).multiply(0.6))
        .withColumn("unit_price", lit(5).plus(rand(seed + 8).multiply(200)));
    Column logit = lit(-3.4)
        .plus(col("_sku_true").multiply(3.0))
        .plus(col("_customer").multiply(2.5))
        .plus(when(col("category").equalTo("apparel"), 0.8).otherwise(0.0))
        .plus(when(col("discount_pct").gt(0.4).and(col("channel").equalTo("app")), 2.0).otherwise(0.0))
        .plus(when(col("unit_price").between(60, 120), 1.2).otherwise(0.0));
    Column probability = lit(1.0).divide(lit(1.0).plus(exp(logit.multiply(-1))));
    return base
        .withColumn("label_returned", rand(seed + 9).lt(probability).cast("int"))
        .withColumn("is_censored", col("order_date").gt(lit(START.plusDays(days - 1 - censoredDays))))
        .select("order_id", "line_no", "order_date", "category", "channel", "sku_return_rate_smoothed",
            "customer_return_rate_90d", "discount_pct", "unit_price", "label_returned", "is_censored");
  }
}
