package dev.boomerang.adapters;

import static dev.boomerang.adapters.Drops.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.boomerang.testing.SparkTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The UCI import on a 34-row sample the test cuts from the real dataset: every row of customers
 * 15107 (two cancellations that match earlier purchases, a postage line, a zero-price line) and
 * 16048 (a cancellation with no earlier purchase), the dataset's first exact duplicate pair
 * (customer 17908) and its first three rows without a customer. Expected values were worked out
 * by hand from those rows.
 */
class OnlineRetailImportTest extends SparkTest {

  /** The dataset, found in the nearest ancestor folder holding shared/datasets (the team's layout). */
  static Path dataset() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path f = d.resolve("shared/datasets/uci-online-retail/online_retail.csv.gz");
      if (Files.isRegularFile(f)) {
        return f;
      }
    }
    return null;
  }

  static Path landing;
  static Map<String, Long> counts;

  @BeforeAll
  static void importSample() throws Exception {
    Path dataset = dataset();
    assumeTrue(dataset != null, "the UCI dataset is not under any ancestor's shared/datasets: sample test skipped");
    List<String> sample = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int noCustomer = 0;
    boolean duplicateTaken = false;
    String firstCopy = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(dataset)), StandardCharsets.UTF_8))) {
      sample.add(r.readLine());
      List<String> all = r.lines().toList();
      for (String l : all) {
        if (!seen.add(l) && !duplicateTaken) {
          firstCopy = l;
          duplicateTaken = true;
        }
      }
      for (String l : all) {
        boolean wanted = l.contains(",15107,\"") || l.contains(",16048,\"") || l.equals(firstCopy);
        if (!wanted && l.contains(",,\"") && noCustomer < 3) {
          noCustomer++;
          wanted = true;
        }
        if (wanted) {
          sample.add(l);
        }
      }
    }
    assertEquals(35, sample.size(), "header + 34 sample rows");
    Path file = lakeDir.resolve("sample.csv");
    Files.write(file, sample, StandardCharsets.UTF_8);
    landing = lakeDir.resolve("landing");
    counts = OnlineRetailImport.run(spark, file, landing).counts();
  }

  @Test
  void rulesAreCountedAndTheReportWritten() throws Exception {
    assertEquals(34L, counts.get("input_rows"));
    assertEquals(1L, counts.get("excluded_duplicate"));
    assertEquals(3L, counts.get("excluded_missing_customer"));
    assertEquals(1L, counts.get("excluded_non_product"), "the POST line of C539063");
    assertEquals(1L, counts.get("excluded_zero_price"), "541109's free ORGANISER WOOD");
    assertEquals(0L, counts.get("excluded_bad_quantity"));
    assertEquals(1L, counts.get("excluded_unmatched_cancellation"), "C566782: 16048 never bought 85163B before");
    assertEquals(27L, counts.get("kept_rows"));
    Map<?, ?> json = new ObjectMapper().readValue(landing.resolve("_import/online-retail/report.json").toFile(), Map.class);
    assertEquals(27, json.get("kept_rows"));
    Map<String, Long> rejected = rows(landing.resolve("_rejected/online-retail")).stream()
        .collect(Collectors.groupingBy(r -> r.get("line_number") == null ? "?" : "row", Collectors.counting()));
    assertEquals(Map.of("row", 7L), rejected, "every excluded row is in the rejected folder with its line number");
  }

  @Test
  void salesBecomeCustomersProductsOrdersAndLines() {
    assertEquals(List.of(), Drops.violations(landing), "every drop meets the contract");
    assertEquals(3, rows(landing, "customers").size());
    assertEquals(21, rows(landing, "products").size());
    assertEquals(9, rows(landing, "orders").size());
    assertEquals(25, rows(landing, "order_lines").size());
    Map<String, String> order = rows(landing, "orders").stream().filter(o -> o.get("order_id").equals("536748")).findFirst().orElseThrow();
    assertEquals("UCI-15107", order.get("customer_id"));
    assertEquals("2010-12-02T13:45:00+00:00", order.get("order_ts"));
    assertEquals("GB", order.get("ship_country"));
    assertEquals("WEB", order.get("channel"));
    assertTrue(Files.isRegularFile(landing.resolve("orders/date=2010-12-02/uci-online-retail.csv")), "dropped on the invoice day");
    assertTrue(Files.isRegularFile(landing.resolve("customers/date=2010-12-01/uci-online-retail.csv")), "16048 and 17908 first bought on 1 Dec");
    assertTrue(Files.notExists(landing.resolve("_staging/online-retail")));
  }

  @Test
  void cancellationsBecomeReturnsOfTheLatestEarlierPurchase() {
    List<Map<String, String>> returns = rows(landing, "returns");
    assertEquals(List.of("C539063-1|536748|1|6|2010-12-15T16:50:00+00:00", "C540796-1|540542|1|1|2011-01-11T12:03:00+00:00"),
        returns.stream().map(r -> r.get("rma_id") + "|" + r.get("order_id") + "|" + r.get("line_no") + "|"
            + r.get("quantity") + "|" + r.get("requested_ts")).sorted().toList(),
        "C540796 links to 540542 (9 Jan), not to 540797 bought two minutes after the cancellation");
    assertEquals(List.of("51.00", "8.50"), rows(landing, "refunds").stream().map(r -> r.get("item_amount")).sorted().toList());
    assertTrue(Files.isRegularFile(landing.resolve("returns/date=2010-12-15/uci-online-retail.csv")), "dropped on the cancellation day");
  }

  @Test
  void ukLocalTimeKeepsItsSummerOffset() {
    StructType schema = new StructType().add("t", DataTypes.StringType);
    List<Row> in = List.of(RowFactory.create("2011-07-01 10:00:00"), RowFactory.create("2011-01-01 10:00:00"));
    List<String> out = spark.createDataFrame(in, schema)
        .select(OnlineRetailImport.withOffset(org.apache.spark.sql.functions.to_timestamp(
            org.apache.spark.sql.functions.col("t"))).as("iso"))
        .collectAsList().stream().map(r -> r.getString(0)).toList();
    assertEquals(List.of("2011-07-01T10:00:00+01:00", "2011-01-01T10:00:00+00:00"), out);
  }
}
