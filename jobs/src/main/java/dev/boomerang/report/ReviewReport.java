package dev.boomerang.report;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import dev.boomerang.common.Lake;
import dev.boomerang.common.Tables;
import dev.boomerang.common.UserError;
import dev.boomerang.contract.Contract;
import dev.boomerang.features.SilverSnapshot;
import dev.boomerang.policy.ReviewList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code report --as-of D}: the review list of D from {@code gold.abuse_scores}, exported as
 * {@code <exports>/review-list-<D>.csv} and {@code <reports>/<D>/review-list.html}. The HTML page
 * is self-contained (inline CSS, no script, no link, no external resource) and shows, per listed
 * customer, the reasons, key figures from {@code gold.customer_features} of D and a timeline of
 * their recent orders, returns, refunds, claims and outbound tracking scans from silver as known
 * by D ({@code known_at <= D}, the last {@link #TIMELINE_DAYS} days, at most
 * {@link #TIMELINE_MAX} entries each).
 */
public final class ReviewReport {

  private ReviewReport() {}

  public static final int TIMELINE_DAYS = 90;
  public static final int TIMELINE_MAX = 60;

  /** Key figures shown per customer: feature column and label. */
  public static final Map<String, String> KEY_FIGURES = keyFigures();

  private static Map<String, String> keyFigures() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("orders_365d", "orders (365 d)");
    m.put("units_365d", "units ordered");
    m.put("return_units_365d", "units returned");
    m.put("spend_365d", "spend");
    m.put("refund_value_365d", "refunded");
    m.put("returnless_refunds_365d", "keep-it refunds");
    m.put("inr_claims_delivered_365d", "INR claims on delivered parcels");
    m.put("received_empty_box_365d", "empty boxes received");
    m.put("linked_accounts", "linked accounts");
    m.put("account_age_days", "account age (days)");
    return m;
  }

  /** One listed customer as the exports show it. */
  public record Listed(int rank, String customerId, double riskScore, String tier, List<String> reasons,
      List<String> abuseTypes, List<String> mitigations, String modelVersion, Map<String, String> figures) {}

  /** One timeline entry. */
  public record Event(String customerId, Timestamp ts, String kind, String detail) {}

  /**
   * The timeline of {@code customers} (one column customer_id) from a snapshot already as of D:
   * one row per event (customer_id, ts, kind, detail) dated in the last {@code days} days. Pure.
   */
  public static Dataset<Row> timeline(SilverSnapshot s, Dataset<Row> customers, LocalDate asOf, int days) {
    Column since = date_sub(lit(Date.valueOf(asOf)), days - 1);
    Dataset<Row> orders = s.orders().join(customers, "customer_id");
    Dataset<Row> lineSums = s.orderLines().groupBy("order_id").agg(count(lit(1)).as("n_lines"),
        sum(col("quantity").multiply(col("unit_price")).minus(col("discount"))).as("value"));
    Dataset<Row> orderEvents = orders.join(lineSums, "order_id").select(col("customer_id"), col("order_ts").as("ts"),
        lit("order").as("kind"), format_string("order %s via %s: %d line(s), %.2f %s", col("order_id"), col("channel"),
            col("n_lines"), col("value").cast("double"), col("currency")).as("detail"));
    Dataset<Row> returnEvents = s.returns().join(customers, "customer_id").select(col("customer_id"),
        col("requested_ts").as("ts"), lit("return").as("kind"),
        concat_ws(" ", format_string("return %s of order %s line %d: %s, %s, status %s", col("rma_id"),
            col("order_id"), col("line_no"), col("reason_code"), col("resolution"), col("status")),
            optional("(received %s)", col("received_condition"))).as("detail"));
    Dataset<Row> refundEvents = s.refunds().join(orders.select("order_id", "customer_id"), "order_id").select(
        col("customer_id"), col("refund_ts").as("ts"), lit("refund").as("kind"),
        format_string("refund %s on order %s: %.2f item + %.2f shipping %s%s", col("refund_id"), col("order_id"),
            col("item_amount").cast("double"), col("shipping_amount").cast("double"), col("currency"),
            org.apache.spark.sql.functions.when(col("is_returnless"), lit(", returnless")).otherwise(lit("")))
            .as("detail"));
    Dataset<Row> claimEvents = s.claims().join(customers, "customer_id").select(col("customer_id"),
        col("claim_ts").as("ts"), lit("claim").as("kind"),
        format_string("claim %s on order %s: %s, %s%s, %.2f", col("claim_id"), col("order_id"), col("claim_type"),
            col("status"), coalesce(optional(" (%s)", col("decision")), lit("")), col("amount").cast("double")).as("detail"));
    Dataset<Row> ships = s.shipments().join(orders.select("order_id", "customer_id"), "order_id")
        .select("customer_id", "order_id", "carrier", "tracking_id");
    Dataset<Row> scanEvents = s.events().join(ships, List.of("carrier", "tracking_id").stream()
            .map(c -> s.events().col(c).equalTo(ships.col(c))).reduce(Column::and).get(), "inner")
        .select(ships.col("customer_id"), s.events().col("event_ts").as("ts"), lit("tracking").as("kind"),
            concat_ws(" ", format_string("parcel of order %s (%s %s): %s", ships.col("order_id"), ships.col("carrier"),
                ships.col("tracking_id"), s.events().col("status")),
                optional("signed by %s", s.events().col("signed_by"))).as("detail"));
    return orderEvents.unionByName(returnEvents).unionByName(refundEvents).unionByName(claimEvents)
        .unionByName(scanEvents)
        .filter(to_date(col("ts")).geq(since).and(to_date(col("ts")).leq(lit(Date.valueOf(asOf)))))
        .select("customer_id", "ts", "kind", "detail");
  }

  /** The formatted text when the value is present, else null (format_string would print "null"). */
  static Column optional(String template, Column value) {
    return org.apache.spark.sql.functions.when(value.isNotNull(), format_string(template, value));
  }

  /** The listed customers with their key figures (features of D), best first. */
  static List<Listed> listed(Dataset<Row> list, Dataset<Row> featuresOfD) {
    List<Column> cols = new ArrayList<>(List.of(col("rank"), col("l.customer_id"), col("risk_score"), col("tier"),
        col("reasons"), col("abuse_types"), col("mitigations"), col("model_version")));
    KEY_FIGURES.keySet().forEach(f -> cols.add(col("f." + f).cast("string").as(f)));
    List<Listed> out = new ArrayList<>();
    for (Row r : list.as("l").join(featuresOfD.as("f"), col("l.customer_id").equalTo(col("f.customer_id")), "left")
        .select(cols.toArray(Column[]::new)).orderBy("rank").collectAsList()) {
      Map<String, String> figures = new LinkedHashMap<>();
      int i = 8;
      for (String f : KEY_FIGURES.keySet()) {
        figures.put(f, r.isNullAt(i) ? "" : r.getString(i));
        i++;
      }
      out.add(new Listed(r.getInt(0), r.getString(1), r.getDouble(2), r.getString(3), r.getList(4), r.getList(5),
          r.getList(6), r.getString(7), figures));
    }
    return out;
  }

  /** The CSV text: a header and one row per listed customer (RFC 4180 quoting). */
  public static String csv(LocalDate asOf, List<Listed> rows) {
    List<String> header = new ArrayList<>(List.of("rank", "customer_id", "risk_score", "tier", "reason_1", "reason_2",
        "reason_3", "abuse_types", "mitigations"));
    header.addAll(KEY_FIGURES.keySet());
    header.addAll(List.of("model_version", "as_of_date"));
    StringBuilder b = new StringBuilder(String.join(",", header)).append('\n');
    for (Listed l : rows) {
      List<String> v = new ArrayList<>(List.of(String.valueOf(l.rank()), l.customerId(),
          String.format(Locale.ROOT, "%.2f", l.riskScore()), l.tier()));
      for (int i = 0; i < 3; i++) {
        v.add(i < l.reasons().size() ? l.reasons().get(i) : "");
      }
      v.add(String.join(";", l.abuseTypes()));
      v.add(String.join(" | ", l.mitigations()));
      v.addAll(l.figures().values());
      v.add(l.modelVersion());
      v.add(asOf.toString());
      b.append(String.join(",", v.stream().map(ReviewReport::csvField).toList())).append('\n');
    }
    return b.toString();
  }

  static String csvField(String s) {
    if (s == null) {
      return "";
    }
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  /** The self-contained HTML page. */
  public static String html(LocalDate asOf, List<Listed> rows, Map<String, List<Event>> timelines, String rules) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Review list ")
        .append(asOf).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:70em}")
        .append("h1{font-size:1.5em}h2{font-size:1.15em;margin:0}")
        .append("section{border:1px solid #ccc;border-radius:6px;padding:1em;margin:1em 0}")
        .append(".score{font-size:1.4em;font-weight:bold;color:#a40000;float:right}")
        .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.2em .5em;")
        .append("text-align:left;font-size:.9em}th{background:#f3f3f3}.kind{font-weight:bold}")
        .append(".muted{color:#666;font-size:.9em}ul{margin:.4em 0}\n</style></head><body>\n");
    b.append("<h1>Return-abuse review list, ").append(asOf).append("</h1>\n<p class=\"muted\">")
        .append(rows.size()).append(" customer(s). ").append(esc(rules)).append("</p>\n");
    if (rows.isEmpty()) {
      b.append("<p>No customer reached the review tier today.</p>\n");
    }
    for (Listed l : rows) {
      b.append("<section id=\"c-").append(esc(l.customerId())).append("\">\n<div class=\"score\">")
          .append(String.format(Locale.ROOT, "%.1f", l.riskScore())).append("</div>\n<h2>#").append(l.rank())
          .append(" ").append(esc(l.customerId())).append("</h2>\n<p class=\"muted\">")
          .append(esc(String.join(", ", l.abuseTypes()))).append(" &middot; model ").append(esc(l.modelVersion()))
          .append("</p>\n<ul>\n");
      for (String r : l.reasons()) {
        b.append("<li>").append(esc(r)).append("</li>\n");
      }
      b.append("</ul>\n");
      if (!l.mitigations().isEmpty()) {
        b.append("<p class=\"muted\">Mitigating: ").append(esc(String.join("; ", l.mitigations()))).append("</p>\n");
      }
      b.append("<table><tr>");
      KEY_FIGURES.values().forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
      b.append("</tr><tr>");
      l.figures().values().forEach(v -> b.append("<td>").append(esc(v)).append("</td>"));
      b.append("</tr></table>\n");
      List<Event> events = timelines.getOrDefault(l.customerId(), List.of());
      b.append("<table><tr><th>time (UTC)</th><th>event</th><th>detail</th></tr>\n");
      for (Event e : events) {
        b.append("<tr><td>").append(e.ts() == null ? "" : TS.format(e.ts().toInstant())).append("</td><td class=\"kind\">")
            .append(esc(e.kind())).append("</td><td>").append(esc(e.detail())).append("</td></tr>\n");
      }
      if (events.isEmpty()) {
        b.append("<tr><td colspan=\"3\">no events in the last ").append(TIMELINE_DAYS).append(" days</td></tr>\n");
      }
      b.append("</table>\n</section>\n");
    }
    b.append("</body></html>\n");
    return b.toString();
  }

  /**
   * The silver inputs the timeline and the exclusions read (history tables for the versioned
   * entities), contract columns plus known_at. Reads like {@code SilverSnapshot.read}, whose
   * select currently drops known_at before re-adding it (an analysis error on a real lake).
   */
  static SilverSnapshot readSilver(SparkSession spark, Lake lake) {
    java.util.function.BiFunction<String, dev.boomerang.contract.Entity, Dataset<Row>> typed = (table, e) -> {
      if (!lake.exists(spark, table)) {
        throw new UserError("table " + table + " does not exist in lake " + lake.root()
            + "; the review list's timeline needs silver: run the ingestion first");
      }
      List<Column> cols = new ArrayList<>(e.columnNames().stream().map(c -> col(c)).toList());
      cols.add(col("known_at"));
      return lake.read(spark, table).select(cols.toArray(Column[]::new));
    };
    return new SilverSnapshot(
        typed.apply(Tables.silver("customers_history"), Contract.CUSTOMERS),
        typed.apply(Tables.silver("products_history"), Contract.PRODUCTS),
        typed.apply(Tables.silver("orders"), Contract.ORDERS),
        typed.apply(Tables.silver("order_lines"), Contract.ORDER_LINES),
        typed.apply(Tables.silver("shipments"), Contract.SHIPMENTS),
        typed.apply(Tables.silver("tracking_events"), Contract.TRACKING_EVENTS),
        typed.apply(Tables.silver("returns_history"), Contract.RETURNS),
        typed.apply(Tables.silver("refunds"), Contract.REFUNDS),
        typed.apply(Tables.silver("claims_history"), Contract.CLAIMS),
        typed.apply(Tables.silver("fraud_reviews"), Contract.FRAUD_REVIEWS));
  }

  /** What the report run wrote. */
  public record Outcome(int listed, Path csv, Path html) {}

  public static Outcome run(SparkSession spark, Lake lake, LocalDate asOf, int capacity, int cooldownDays,
      Path exportsDir, Path reportsDir) {
    if (!lake.exists(spark, Tables.GOLD_ABUSE_SCORES)) {
      throw new UserError("table " + Tables.GOLD_ABUSE_SCORES + " does not exist in lake " + lake.root()
          + "; run 'score --as-of " + asOf + "' first");
    }
    Dataset<Row> scores = lake.read(spark, Tables.GOLD_ABUSE_SCORES)
        .filter(col("as_of_date").equalTo(lit(Date.valueOf(asOf))));
    if (scores.isEmpty()) {
      throw new UserError(Tables.GOLD_ABUSE_SCORES + " has no rows for " + asOf + "; run 'score --as-of " + asOf
          + "' first");
    }
    SilverSnapshot snap = readSilver(spark, lake).asOf(asOf);
    Dataset<Row> list = ReviewList.select(scores, ReviewList.exclusions(snap.fraudReviews(), asOf, cooldownDays),
        capacity).cache();
    Dataset<Row> features = lake.read(spark, Tables.GOLD_CUSTOMER_FEATURES)
        .filter(col("as_of_date").equalTo(lit(Date.valueOf(asOf))));
    List<Listed> rows = listed(list, features);
    Map<String, List<Event>> timelines = new LinkedHashMap<>();
    for (Row r : timeline(snap, list.select("customer_id"), asOf, TIMELINE_DAYS)
        .orderBy(col("customer_id"), col("ts").desc(), col("kind"), col("detail")).collectAsList()) {
      List<Event> es = timelines.computeIfAbsent(r.getString(0), k -> new ArrayList<>());
      if (es.size() < TIMELINE_MAX) {
        es.add(new Event(r.getString(0), r.getTimestamp(1), r.getString(2), r.getString(3)));
      }
    }
    list.unpersist();
    String rules = String.format(Locale.ROOT, "Tier review, at most %d a day; customers confirmed earlier or cleared "
        + "in the last %d days are left out. Timeline: the last %d days as known on %s, newest first.",
        capacity, cooldownDays, TIMELINE_DAYS, asOf);
    Path csv = exportsDir.resolve("review-list-" + asOf + ".csv");
    Path html = reportsDir.resolve(asOf.toString()).resolve("review-list.html");
    try {
      Files.createDirectories(csv.getParent());
      Files.createDirectories(html.getParent());
      Files.writeString(csv, csv(asOf, rows), StandardCharsets.UTF_8);
      Files.writeString(html, html(asOf, rows, timelines, rules), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot write the review list exports: " + e.getMessage(), e);
    }
    return new Outcome(rows.size(), csv, html);
  }
}
