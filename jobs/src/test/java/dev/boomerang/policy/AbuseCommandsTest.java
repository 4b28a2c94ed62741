package dev.boomerang.policy;

import dev.boomerang.testing.Cli;
import dev.boomerang.testing.Cli.Result;

import static dev.boomerang.policy.FeatureRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.boomerang.cli.Main;
import dev.boomerang.common.Tables;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import dev.boomerang.testing.Fixtures;
import dev.boomerang.testing.SparkTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** score -> report -> evaluate through the CLI on a hand-made lake. */
class AbuseCommandsTest extends SparkTest {

  @TempDir
  Path out;

  static void silver(String table, Entity entity, String[]... rows) {
    Dataset<Row> d = rows.length == 0 ? Fixtures.empty(spark, entity) : Fixtures.silver(spark, entity, rows);
    d.write().format("delta").mode("overwrite").save(lake.path(table));
  }

  @Test
  void helpDocumentsTheOptions() {
    Result r = Cli.run("report", "--help");
    assertEquals(0, r.code());
    for (String o : List.of("--as-of", "--review-capacity", "--cooldown-days", "--exports", "--reports")) {
      assertTrue(r.out().contains(o), "report --help documents " + o);
    }
    Result e = Cli.run("evaluate", "--help");
    for (String o : List.of("--truth", "--as-of", "--review-capacity", "--out")) {
      assertTrue(e.out().contains(o), "evaluate --help documents " + o);
    }
    assertTrue(Cli.run("score", "--help").out().contains("--abuse-model-version"));
  }

  @Test
  void scoreReportEvaluate() throws Exception {
    String d = FeatureRows.AS_OF.toString();
    FeatureRows.frame(spark, List.of(
        row("box", "returns_365d", 3, "received_empty_box_365d", 2, "orders_365d", 5),
        row("inr", "orders_365d", 5, "inr_claims_delivered_365d", 3, "inr_claims_delivered_signed_365d", 1),
        row("known", "returns_365d", 2, "received_empty_box_365d", 2, "orders_365d", 4),
        row("bracketer", "units_365d", 12, "return_units_365d", 6, "returns_365d", 6, "orders_365d", 6,
            "return_rate_units_vs_category_365d", 2.6, "bracketing_orders_365d", 5),
        row("plain"))).write().format("delta").mode("overwrite").save(lake.path(Tables.GOLD_CUSTOMER_FEATURES));
    silver("silver.customers_history", Contract.CUSTOMERS);
    silver("silver.products_history", Contract.PRODUCTS);
    silver("silver.orders", Contract.ORDERS,
        new String[] {"O1", "box", "2025-11-20T10:00:00Z", "FBA", "amazon.de", "DE", "", "", "STANDARD", "0", "EUR", "", "2025-11-20"});
    silver("silver.order_lines", Contract.ORDER_LINES, new String[] {"O1", "1", "SKU-A", "1", "80.00", "0", "", "2025-11-20"});
    silver("silver.shipments", Contract.SHIPMENTS);
    silver("silver.tracking_events", Contract.TRACKING_EVENTS);
    silver("silver.returns_history", Contract.RETURNS);
    silver("silver.refunds", Contract.REFUNDS);
    silver("silver.claims_history", Contract.CLAIMS);
    silver("silver.fraud_reviews", Contract.FRAUD_REVIEWS,
        new String[] {"V1", "known", "2025-10-01T10:00:00Z", "ana", "CONFIRMED_ABUSE", "EMPTY_BOX", "", "2025-10-01"});
    String lakeArg = lakeDir.toString();

    Result s = Cli.run("score", "--lake", lakeArg, "--as-of", d);
    assertEquals(0, s.code(), s.err());
    assertTrue(s.out().contains("scored 5 customers for abuse"), s.out());
    assertTrue(s.out().contains("return-likelihood: no model"), "line scoring is skipped without a model: " + s.out());

    Result r = Cli.run("report", "--lake", lakeArg, "--as-of", d, "--exports", out.resolve("exports").toString(),
        "--reports", out.resolve("reports").toString());
    assertEquals(0, r.code(), r.err());
    List<String> csv = Files.readAllLines(out.resolve("exports/review-list-" + d + ".csv"));
    assertEquals(3, csv.size(), "header + box + inr; 'known' is already confirmed: " + csv);
    assertTrue(csv.get(1).startsWith("1,box,84.50,review,\"2 returned parcel(s) arrived empty") && csv.get(2).startsWith("2,inr,"),
        csv.toString());
    String html = Files.readString(out.resolve("reports/" + d + "/review-list.html"));
    assertTrue(html.contains("order O1 via FBA"), "box's order is on its timeline");
    assertFalse(html.contains("http") || html.contains("<script"));

    Path truth = out.resolve("truth");
    Files.createDirectories(truth);
    Files.writeString(truth.resolve("customers.csv"), String.join("\n",
        "customer_id,persona,is_abuser,abuse_types,intensity,ring_id,hard_negative_group",
        "box,empty_box_returner,true,EMPTY_BOX,0.7,,",
        "inr,normal,false,,,,",
        "known,empty_box_returner,true,EMPTY_BOX,0.5,,",
        "bracketer,normal,false,,,,bracketer",
        "plain,normal,false,,,,",
        "ghost,serial_returner,true,SERIAL_RETURNER,0.4,,") + "\n");
    Path json = out.resolve("eval.json");
    Result e = Cli.run("evaluate", "--lake", lakeArg, "--truth", truth.toString(), "--as-of", d, "--out", json.toString());
    assertEquals(0, e.code(), e.err());
    assertTrue(e.out().contains("precision @ review list"), e.out());
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    JsonNode list = doc.path("abuse").path("with_supervised").path("review_list");
    assertEquals(2, list.path("listed").asInt(), "inr and box are listed; known is excluded");
    assertEquals(0.5, list.path("precision").asDouble(), 1e-12, "box is an abuser, inr is not");
    assertEquals(0.5, list.path("recall").asDouble(), 1e-12, "of the eligible abusers box and ghost (known is confirmed)");
    assertEquals(0.0, doc.path("abuse").path("with_supervised").path("fp_rate_per_hard_negative_group")
        .path("bracketer").path("fp_rate_review_tier").asDouble(), 1e-12);
    assertTrue(doc.path("return_likelihood").isNull(), "no return-likelihood model: not evaluated");
  }
}
