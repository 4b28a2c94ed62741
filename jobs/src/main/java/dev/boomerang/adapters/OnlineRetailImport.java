package dev.boomerang.adapters;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import dev.boomerang.common.LocalFiles;
import dev.boomerang.common.Stage;
import dev.boomerang.common.UserError;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The UCI Online Retail dataset (one row per invoice line, 541,909 rows) → the landing contract,
 * one drop per UK-local invoice day: customers (first purchase day), products (first sale day),
 * orders and order lines (invoice day), returns and refunds (cancellation day). Rules, in order,
 * each input row getting the first that applies ({@link #RULES}); excluded rows go to
 * {@code <landing>/_rejected/online-retail/rule=<rule>/} and the counts to
 * {@code <landing>/_import/online-retail/report.json}. Cost: a few shuffles over the file
 * (duplicate detection, line numbering, one as-of join of cancellations onto purchases).
 */
public final class OnlineRetailImport {

  private OnlineRetailImport() {}

  public record Report(Map<String, Long> counts, List<String> lines) {}

  /** Exclusion rules in the order they apply; see docs/REAL-DATA.md. */
  public static final List<String> RULES = List.of("duplicate", "missing_customer", "non_product",
      "zero_price", "bad_quantity", "unmatched_cancellation");

  /** Stock codes that are charges, fees, adjustments or vouchers, not products. */
  static final List<String> NON_PRODUCT = List.of("POST", "DOT", "C2", "M", "D", "S", "B", "PADS", "CRUK",
      "BANK CHARGES", "AMAZONFEE");
  /** Of those, the ones that charge carriage: their sale amounts become the order's shipping fee. */
  static final List<String> POSTAGE = List.of("POST", "DOT", "C2");

  /** Country names as the dataset writes them → ISO 3166-1 alpha-2; ZZ where none fits. */
  static final Map<String, String> COUNTRIES = Map.ofEntries(
      Map.entry("United Kingdom", "GB"), Map.entry("Germany", "DE"), Map.entry("France", "FR"),
      Map.entry("EIRE", "IE"), Map.entry("Spain", "ES"), Map.entry("Netherlands", "NL"),
      Map.entry("Belgium", "BE"), Map.entry("Switzerland", "CH"), Map.entry("Portugal", "PT"),
      Map.entry("Australia", "AU"), Map.entry("Norway", "NO"), Map.entry("Italy", "IT"),
      Map.entry("Channel Islands", "ZZ"), Map.entry("Finland", "FI"), Map.entry("Cyprus", "CY"),
      Map.entry("Sweden", "SE"), Map.entry("Unspecified", "ZZ"), Map.entry("Austria", "AT"),
      Map.entry("Denmark", "DK"), Map.entry("Japan", "JP"), Map.entry("Poland", "PL"),
      Map.entry("Israel", "IL"), Map.entry("USA", "US"), Map.entry("Hong Kong", "HK"),
      Map.entry("Singapore", "SG"), Map.entry("Iceland", "IS"), Map.entry("Canada", "CA"),
      Map.entry("Greece", "GR"), Map.entry("Malta", "MT"), Map.entry("United Arab Emirates", "AE"),
      Map.entry("European Community", "ZZ"), Map.entry("RSA", "ZA"), Map.entry("Lebanon", "LB"),
      Map.entry("Lithuania", "LT"), Map.entry("Brazil", "BR"), Map.entry("Czech Republic", "CZ"),
      Map.entry("Bahrain", "BH"), Map.entry("Saudi Arabia", "SA"));

  static final StructType RAW = new StructType()
      .add("InvoiceNo", DataTypes.StringType).add("StockCode", DataTypes.StringType)
      .add("Description", DataTypes.StringType).add("Quantity", DataTypes.StringType)
      .add("InvoiceDate", DataTypes.StringType).add("UnitPrice", DataTypes.StringType)
      .add("CustomerID", DataTypes.StringType).add("Country", DataTypes.StringType);

  public static Report run(SparkSession spark, Path file, Path landing) {
    long t0 = System.nanoTime();
    Dataset<Row> raw;
    try (Stage s = Stage.start("import.online_retail.read")) {
      // the gz is one unsplittable partition, so the id follows the file's line order
      raw = spark.read().schema(RAW).option("header", true).option("escape", "\"")
          .option("mode", "FAILFAST").csv(file.toString())
          .withColumn("line_number", monotonically_increasing_id().plus(2));
    }
    Dataset<Row> ruled = withRules(parse(raw), countries(spark)).cache();
    try {
      Dataset<Row> sales = ruled.filter(col("rule").isNull().and(col("is_cancellation").equalTo(false)));
      Dataset<Row> lines = withLineNumbers(sales).cache();
      Dataset<Row> returns = matchCancellations(lines, ruled.filter(col("rule").isNull().and(col("is_cancellation")))).cache();
      Dataset<Row> shipping = shippingFees(ruled);
      Map<Entity, Dataset<Row>> out = new LinkedHashMap<>();
      out.put(Contract.CUSTOMERS, customers(lines));
      out.put(Contract.PRODUCTS, products(lines));
      out.put(Contract.ORDERS, orders(lines, shipping));
      out.put(Contract.ORDER_LINES, orderLines(lines));
      out.put(Contract.RETURNS, returnRows(returns.filter(col("matched"))));
      out.put(Contract.REFUNDS, refundRows(returns.filter(col("matched"))));

      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("input_rows", ruled.count());
      Map<String, Long> byRule = new LinkedHashMap<>();
      for (Row r : ruled.groupBy("rule").agg(count(lit(1))).collectAsList()) {
        byRule.put(r.isNullAt(0) ? "kept" : r.getString(0), r.getLong(1));
      }
      long unmatched = returns.filter(col("matched").equalTo(false)).count();
      for (String rule : RULES) {
        counts.put("excluded_" + rule, rule.equals("unmatched_cancellation") ? unmatched : byRule.getOrDefault(rule, 0L));
      }
      counts.put("kept_rows", byRule.getOrDefault("kept", 0L) - unmatched);
      counts.put("returns_quantity_capped", returns.filter(col("matched").and(col("is_capped"))).count());
      List<String> report = new ArrayList<>();
      for (Map.Entry<Entity, Dataset<Row>> e : out.entrySet()) {
        try (Stage s = Stage.start("import.online_retail." + e.getKey().name())) {
          long n = writeDrops(e.getValue(), e.getKey(), landing);
          counts.put(e.getKey().name(), n);
          s.rows(-1, n);
        }
      }
      Dataset<Row> excluded = ruled.filter(col("rule").isNotNull())
          .unionByName(returns.filter(col("matched").equalTo(false))
              .select(java.util.Arrays.stream(ruled.columns()).map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
              .withColumn("rule", lit("unmatched_cancellation")));
      writeRejected(excluded, landing);
      LocalFiles.deleteTree(landing.resolve("_staging").resolve("online-retail"));
      try {
        Files.deleteIfExists(landing.resolve("_staging"));
      } catch (IOException notEmpty) {
        // another import's staging is in use; leave it
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      counts.put("seconds", Math.round(seconds));
      LocalFiles.writeJson(landing.resolve("_import").resolve("online-retail").resolve("report.json"), counts);
      for (String k : counts.keySet()) {
        report.add(String.format(Locale.ROOT, "%-32s %,d", k, counts.get(k)));
      }
      report.add("report: " + landing.resolve("_import/online-retail/report.json"));
      return new Report(counts, report);
    } finally {
      ruled.unpersist();
    }
  }

  // ---- pure transforms --------------------------------------------------------------------

  /** Typed columns; {@code ts_local} is the UK wall-clock time the file gives. */
  static Dataset<Row> parse(Dataset<Row> raw) {
    return raw.select(
        col("InvoiceNo"), col("StockCode"), col("Description"), col("Quantity"), col("InvoiceDate"),
        col("UnitPrice"), col("CustomerID"), col("Country"), col("line_number"),
        upper(trim(col("InvoiceNo"))).as("invoice"),
        upper(trim(col("StockCode"))).as("stock_code"),
        trim(col("Description")).as("item_description"),
        col("Quantity").cast("int").as("qty"),
        to_timestamp(col("InvoiceDate"), "yyyy-MM-dd HH:mm:ss").as("ts_local"),
        col("UnitPrice").cast("decimal(12,3)").as("unit_price"),
        // CustomerID is written as 17850 or 17850.0 depending on the export
        col("CustomerID").cast("double").cast("long").cast("string").as("customer_no"),
        trim(col("Country")).as("country_name"),
        upper(trim(col("InvoiceNo"))).startsWith("C").as("is_cancellation"));
  }

  /** Adds {@code rule}: the first exclusion rule that applies, or null for a kept row. */
  static Dataset<Row> withRules(Dataset<Row> parsed, Dataset<Row> countries) {
    Column firstCopy = row_number().over(Window.partitionBy(col("InvoiceNo"), col("StockCode"), col("Description"),
        col("Quantity"), col("InvoiceDate"), col("UnitPrice"), col("CustomerID"), col("Country"))
        .orderBy(col("line_number"))).equalTo(1);
    Column nonProduct = col("stock_code").isin(NON_PRODUCT.toArray()).or(col("stock_code").startsWith("GIFT_"));
    Column badQuantity = col("qty").isNull().or(col("qty").equalTo(0))
        .or(col("is_cancellation").and(col("qty").gt(0)))
        .or(col("is_cancellation").equalTo(false).and(col("qty").lt(0)))
        .or(col("ts_local").isNull());
    return parsed.join(countries, parsed.col("country_name").equalTo(countries.col("name")), "left")
        .withColumn("rule",
            when(firstCopy.equalTo(false), lit("duplicate"))
                .when(col("customer_no").isNull(), lit("missing_customer"))
                .when(nonProduct, lit("non_product"))
                .when(col("unit_price").isNull().or(col("unit_price").leq(0)), lit("zero_price"))
                .when(badQuantity, lit("bad_quantity")))
        .withColumn("customer_id", concat(lit("UCI-"), col("customer_no")))
        .withColumn("country", coalesce(col("iso"), lit("ZZ")))
        .drop("name", "iso");
  }

  /** line_no 1.. within an invoice, by stock code then file order. */
  static Dataset<Row> withLineNumbers(Dataset<Row> sales) {
    return sales.withColumn("line_no", row_number().over(
        Window.partitionBy(col("invoice")).orderBy(col("stock_code"), col("line_number"))));
  }

  /**
   * The as-of join: each cancellation line onto the same customer's most recent purchase of the
   * same stock code at or before it (ties: the later invoice, then the higher line). Adds
   * {@code matched}, the matched {@code order_id, line_no}, the return quantity (the cancelled
   * units, capped at the matched line's; {@code is_capped}) and a per-unit refund price (the lower
   * of the two prices, so a refund never exceeds what was paid).
   */
  static Dataset<Row> matchCancellations(Dataset<Row> lines, Dataset<Row> cancels) {
    Dataset<Row> s = lines.select(col("customer_id").as("s_customer"), col("stock_code").as("s_stock"),
        col("invoice").as("s_invoice"), col("line_no").as("s_line_no"), col("ts_local").as("s_ts"),
        col("qty").as("s_quantity"), col("unit_price").as("s_price"));
    Dataset<Row> c = cancels.withColumn("c_line", row_number().over(
        Window.partitionBy(col("invoice")).orderBy(col("stock_code"), col("line_number"))));
    Column sameBuyerAndItem = col("customer_id").equalTo(col("s_customer")).and(col("stock_code").equalTo(col("s_stock")));
    Column purchasedBefore = col("s_ts").leq(col("ts_local"));
    Dataset<Row> joined = c.join(s, sameBuyerAndItem.and(purchasedBefore), "left")
        .withColumn("rank", row_number().over(Window.partitionBy(col("line_number"))
            .orderBy(col("s_ts").desc_nulls_last(), col("s_invoice").desc_nulls_last(), col("s_line_no").desc_nulls_last())))
        .filter(col("rank").equalTo(1));
    List<String> keep = new ArrayList<>(List.of(c.columns()));
    keep.addAll(List.of("matched", "order_id", "matched_line_no", "return_quantity", "is_capped", "refund_price"));
    return joined
        .withColumn("matched", col("s_invoice").isNotNull())
        .withColumn("order_id", col("s_invoice"))
        .withColumn("matched_line_no", col("s_line_no"))
        .withColumn("return_quantity", least(col("qty").multiply(-1), col("s_quantity")))
        .withColumn("is_capped", coalesce(col("qty").multiply(-1).gt(col("s_quantity")), lit(false)))
        .withColumn("refund_price", least(col("unit_price"), col("s_price")))
        .select(keep.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
  }

  /** Carriage charged on sale invoices (POST, DOT, C2 lines), per invoice. */
  static Dataset<Row> shippingFees(Dataset<Row> ruled) {
    Column postageSale = col("stock_code").isin(POSTAGE.toArray()).and(col("rule").equalTo("non_product"))
        .and(col("is_cancellation").equalTo(false)).and(col("qty").gt(0)).and(col("unit_price").gt(0));
    return ruled.filter(postageSale).groupBy(col("invoice").as("fee_invoice"))
        .agg(sum(col("unit_price").multiply(col("qty"))).as("postage"));
  }

  static Dataset<Row> customers(Dataset<Row> lines) {
    return lines.groupBy("customer_id")
        .agg(min("ts_local").as("first_ts"), min_by(col("country"), col("line_number")).as("country"))
        .select(col("customer_id"), withOffset(col("first_ts")).as("created_at"), col("country"),
            lit(null).cast("string").as("region"), lit(null).cast("string").as("postal_code"),
            lit(null).cast("string").as("email_hash"), lit(null).cast("string").as("address_hash"),
            lit(null).cast("string").as("payment_fingerprint"), withOffset(col("first_ts")).as("updated_ts"),
            to_date(col("first_ts")).as("date"));
  }

  static Dataset<Row> products(Dataset<Row> lines) {
    return lines.groupBy("stock_code")
        .agg(min("ts_local").as("first_ts"), max_by(col("item_description"), col("line_number")).as("title"),
            max_by(col("unit_price"), col("line_number")).as("list_price"))
        .select(col("stock_code").as("sku"), coalesce(col("title"), col("stock_code")).as("title"),
            lit("Gifts").as("category"), lit(null).cast("string").as("subcategory"),
            lit(null).cast("string").as("brand"), money(col("list_price")).as("list_price"), lit("GBP").as("currency"),
            lit(null).cast("string").as("weight_grams"), lit("true").as("is_returnable"), lit("false").as("is_hygiene"),
            withOffset(col("first_ts")).as("updated_ts"), to_date(col("first_ts")).as("date"));
  }

  static Dataset<Row> orders(Dataset<Row> lines, Dataset<Row> shipping) {
    Dataset<Row> o = lines.groupBy("invoice")
        .agg(first("customer_id").as("customer_id"), min("ts_local").as("ts"),
            min_by(col("country"), col("line_number")).as("ship_country"));
    return o.join(shipping, o.col("invoice").equalTo(shipping.col("fee_invoice")), "left")
        .select(col("invoice").as("order_id"), col("customer_id"), withOffset(col("ts")).as("order_ts"),
            lit("WEB").as("channel"), lit("webshop").as("marketplace"), col("ship_country"),
            lit(null).cast("string").as("ship_region"), lit(null).cast("string").as("ship_postal_code"),
            lit("STANDARD").as("ship_service_level"), money(coalesce(col("postage"), lit(0))).as("shipping_fee"),
            lit("GBP").as("currency"), lit(null).cast("string").as("promo_code"), to_date(col("ts")).as("date"));
  }

  static Dataset<Row> orderLines(Dataset<Row> lines) {
    return lines.select(col("invoice").as("order_id"), col("line_no").cast("string").as("line_no"),
        col("stock_code").as("sku"), col("qty").cast("string").as("quantity"),
        money(col("unit_price")).as("unit_price"), lit("0.00").as("discount"),
        lit(null).cast("string").as("size"), to_date(col("ts_local")).as("date"));
  }

  /** Cancellation → return: reason and condition are not in the data; see REAL-DATA.md. */
  static Dataset<Row> returnRows(Dataset<Row> matched) {
    Column rma = concat(col("invoice"), lit("-"), col("c_line").cast("string"));
    return matched.select(rma.as("rma_id"), col("order_id"), col("matched_line_no").cast("string").as("line_no"),
        col("customer_id"), withOffset(col("ts_local")).as("requested_ts"), lit("UNWANTED_ITEM").as("reason_code"),
        col("return_quantity").cast("string").as("quantity"), lit("REFUND").as("resolution"),
        lit(null).cast("string").as("label_issued_ts"), lit(null).cast("string").as("label_expires_ts"),
        lit(null).cast("string").as("return_carrier"), lit(null).cast("string").as("return_tracking_id"),
        lit(null).cast("string").as("received_ts"), lit(null).cast("string").as("received_condition"),
        lit("REFUNDED").as("status"), withOffset(col("ts_local")).as("updated_ts"),
        lit("UNKNOWN").as("src_reason"), to_date(col("ts_local")).as("date"));
  }

  static Dataset<Row> refundRows(Dataset<Row> matched) {
    return matched.select(concat(lit("RF-"), col("invoice"), lit("-"), col("c_line").cast("string")).as("refund_id"),
        col("order_id"), col("matched_line_no").cast("string").as("line_no"),
        concat(col("invoice"), lit("-"), col("c_line").cast("string")).as("rma_id"),
        lit(null).cast("string").as("claim_id"), withOffset(col("ts_local")).as("refund_ts"),
        money(col("refund_price").multiply(col("return_quantity"))).as("item_amount"), lit("0.00").as("shipping_amount"),
        lit("GBP").as("currency"), lit("ORIGINAL_PAYMENT").as("method"), lit("false").as("is_returnless"),
        lit("SELLER").as("funded_by"), to_date(col("ts_local")).as("date"));
  }

  /**
   * UK wall-clock time → ISO-8601 with its offset ({@code +00:00} in winter, {@code +01:00} in
   * summer time), so the instant survives. The session time zone is UTC.
   */
  static Column withOffset(Column local) {
    Column offsetSeconds = unix_timestamp(local).minus(unix_timestamp(to_utc_timestamp(local, "Europe/London")));
    return concat(date_format(local, "yyyy-MM-dd'T'HH:mm:ss"),
        when(offsetSeconds.equalTo(3600), lit("+01:00")).otherwise(lit("+00:00")));
  }

  static Column money(Column amount) {
    return round(amount, 2).cast("decimal(12,2)").cast("string");
  }

  static Dataset<Row> countries(SparkSession spark) {
    List<Row> rows = COUNTRIES.entrySet().stream().map(e -> RowFactory.create(e.getKey(), e.getValue())).toList();
    return org.apache.spark.sql.functions.broadcast(spark.createDataFrame(rows,
        new StructType().add("name", DataTypes.StringType).add("iso", DataTypes.StringType)));
  }

  // ---- I/O --------------------------------------------------------------------------------

  /**
   * Writes one file per drop date, {@code <landing>/<entity>/date=D/uci-online-retail.csv}, through
   * a staging folder, replacing an earlier import's file of the same name. Returns the row count.
   */
  static long writeDrops(Dataset<Row> df, Entity e, Path landing) {
    Path staging = landing.resolve("_staging").resolve("online-retail").resolve(e.name());
    LocalFiles.deleteTree(staging);
    List<String> cols = new ArrayList<>(e.columnNames());
    for (String c : df.columns()) {
      if (!cols.contains(c) && !c.equals("date")) {
        cols.add(c);
      }
    }
    cols.add("date");
    Dataset<Row> ordered = df.select(cols.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new)).cache();
    long n = ordered.count();
    ordered.repartition(col("date")).write().partitionBy("date").option("header", true)
        .option("escape", "\"").option("emptyValue", "").csv(staging.toString());
    ordered.unpersist();
    try (Stream<Path> files = Files.walk(staging)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")
          && p.getFileName().toString().endsWith(".csv")).sorted(Comparator.naturalOrder()).toList()) {
        Path target = landing.resolve(e.name()).resolve(f.getParent().getFileName().toString()).resolve("uci-online-retail.csv");
        Files.createDirectories(target.getParent());
        Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException ex) {
      throw new UserError("cannot move drop files from " + staging + ": " + ex.getMessage(), ex);
    }
    LocalFiles.deleteTree(staging);
    return n;
  }

  static void writeRejected(Dataset<Row> excluded, Path landing) {
    Path dir = landing.resolve("_rejected").resolve("online-retail");
    LocalFiles.deleteTree(dir);
    excluded.select(col("rule"), col("line_number"), col("InvoiceNo"), col("StockCode"), col("Description"),
            col("Quantity"), col("InvoiceDate"), col("UnitPrice"), col("CustomerID"), col("Country"))
        .repartition(col("rule")).write().partitionBy("rule").option("header", true).option("escape", "\"")
        .csv(dir.toString());
  }
}
