package dev.boomerang.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import dev.boomerang.contract.ColumnType;
import dev.boomerang.contract.Entity;
import dev.boomerang.contract.Field;
import dev.boomerang.ingest.IngestRules.Range;
import dev.boomerang.ingest.IngestRules.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Pure transforms that type and validate one entity's rows. Input grain: one row per landing
 * data row (contract columns as text plus {@link #CARRIED} columns); output grain: the same rows,
 * typed, with {@code _fail} (the first rule broken: {@code struct(rule, column_name, detail)}, null
 * when none) and {@code _missing_ref} (the first unknown reference, null when all are known).
 */
public final class Validation {

  private Validation() {}

  /** Columns carried through validation unchanged. */
  public static final List<String> CARRIED = List.of("_source_file", "_row_number", "_batch_id", "known_at", "pending_since");

  /** Types every contract column and finds the first row rule each row breaks (contract rules, then ranges). */
  public static Dataset<Row> checkRows(Dataset<Row> raw, Entity e) {
    List<Column> fails = new ArrayList<>();
    for (Field f : e.fields()) {
      if (f.required()) {
        fails.add(when(col(f.name()).isNull(), fail("missing_required", f.name(), lit("required value is empty"))));
      }
    }
    for (Field f : e.fields()) {
      Column v = col(f.name());
      String regex = IngestRules.formatRegex(f.type());
      Column bad = lit(false);
      if (regex != null) {
        bad = not(v.rlike("^(" + regex + ")$")).or(typed(f, v).isNull());
      }
      if (f.pattern() != null) {
        bad = bad.or(not(v.rlike("^(" + f.pattern() + ")$")));
      }
      fails.add(when(v.isNotNull().and(bad), fail("bad_format", f.name(),
          concat(lit("'"), v, lit("' is not a valid " + f.type().name().toLowerCase()
              + (f.pattern() != null ? " matching " + f.pattern() : ""))))));
    }
    for (Field f : e.fields()) {
      if (!f.allowed().isEmpty()) {
        fails.add(when(col(f.name()).isNotNull().and(not(col(f.name()).isin(f.allowed().toArray()))),
            fail("not_allowed", f.name(), concat(lit("'"), col(f.name()), lit("' is not one of " + f.allowed())))));
      }
    }
    List<Column> out = new ArrayList<>();
    for (Field f : e.fields()) {
      out.add(typed(f, col(f.name())).as(f.name()));
    }
    out.add(to_json(struct(e.columnNames().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))).as("raw_record"));
    CARRIED.forEach(c -> out.add(col(c)));
    out.add(coalesce(fails.toArray(Column[]::new)).as("_fail"));
    Dataset<Row> typed = raw.select(out.toArray(Column[]::new));

    List<Column> rangeFails = new ArrayList<>();
    rangeFails.add(col("_fail"));
    for (Range r : IngestRules.ranges(e)) {
      rangeFails.add(when(not(coalesce(expr(r.mustHold()), lit(true))),
          fail("out_of_range", r.column(), lit("must hold: " + r.mustHold()))));
    }
    return typed.withColumn("_fail", coalesce(rangeFails.toArray(Column[]::new)));
  }

  /** On a target table: the drop day its row was accepted on in this batch (null: known before the batch). */
  public static final String ACCEPTED_ON = "_accepted_on";

  /** On the output: the latest {@link #ACCEPTED_ON} among the rows the row's references resolved to. */
  public static final String REFS_ACCEPTED_ON = "_refs_accepted_on";

  /**
   * Resolves references against the silver tables ({@code silver} maps entity name to its current
   * silver rows) and runs the checks that need the referenced values. Keys in silver are unique, so
   * every left join keeps the grain.
   *
   * <p>A batch that stands for several drop days ({@code IngestJob}) gives its targets an
   * {@link #ACCEPTED_ON} column. A reference then resolves only to a row accepted by the last day the
   * referring row would have been retried on day by day ({@code pending_since} plus
   * {@link IngestRules#PENDING_WINDOW_DAYS}), and {@link #REFS_ACCEPTED_ON} says when the last of its
   * references became known.
   */
  public static Dataset<Row> checkReferences(Dataset<Row> checked, Entity e, Map<String, Dataset<Row>> silver) {
    Dataset<Row> df = checked;
    List<Column> missing = new ArrayList<>();
    List<Column> accepted = new ArrayList<>();
    List<Reference> refs = IngestRules.references(e);
    for (int i = 0; i < refs.size(); i++) {
      Reference r = refs.get(i);
      String found = "_ref" + i;
      Dataset<Row> target = silver.get(r.target());
      List<Column> picked = new ArrayList<>(Arrays.asList(keyCols(r.targetKey(), i)));
      Column on = lit(true);
      if (Arrays.asList(target.columns()).contains(ACCEPTED_ON)) {
        picked.add(col(ACCEPTED_ON).as("_acc" + i));
        on = acceptedInTime(col("_acc" + i));
        accepted.add(col("_acc" + i));
      }
      Dataset<Row> keys = target.select(picked.toArray(Column[]::new)).withColumn(found, lit(true));
      Column anyNull = lit(false);
      List<Column> shown = new ArrayList<>();
      for (int k = 0; k < r.columns().size(); k++) {
        on = on.and(col(r.columns().get(k)).equalTo(col("_ref" + i + "_" + k)));
        anyNull = anyNull.or(col(r.columns().get(k)).isNull());
        shown.add(col(r.columns().get(k)).cast("string"));
      }
      df = df.join(keys, on, "left");
      missing.add(when(not(anyNull).and(col(found).isNull()),
          concat(lit(r.describe() + ": ("), concat_ws(", ", shown.toArray(Column[]::new)), lit(") is not known"))));
    }
    df = df.withColumn("_missing_ref", missing.isEmpty() ? lit(null).cast("string") : coalesce(missing.toArray(Column[]::new)));
    df = crossChecks(df, e, silver);
    if (Arrays.asList(df.columns()).contains("_lines_acc")) {
      accepted.add(col("_lines_acc"));
    }
    while (accepted.size() < 2) { // greatest() takes two or more; it skips nulls
      accepted.add(lit(null).cast("date"));
    }
    return df.withColumn(REFS_ACCEPTED_ON, greatest(accepted.toArray(Column[]::new))).select(finalColumns(checked));
  }

  /** A target row accepted (null: before this batch) by the last day the referring row is retried on. */
  private static Column acceptedInTime(Column acceptedOn) {
    return acceptedOn.isNull().or(acceptedOn.leq(date_add(col("pending_since"), IngestRules.PENDING_WINDOW_DAYS)));
  }

  /** The typed silver value of a text column; null when empty or unparseable. */
  static Column typed(Field f, Column v) {
    return switch (f.type()) {
      case STRING -> v;
      case INT, DECIMAL, BOOLEAN, DATE -> when(v.rlike("^(" + IngestRules.formatRegex(f.type()) + ")$"),
          v.cast(f.type().sparkType()));
      // the carrier's offset is kept in the text; Spark converts it to the session's UTC
      case TIMESTAMP -> when(v.rlike("^(" + IngestRules.formatRegex(ColumnType.TIMESTAMP) + ")$"),
          v.cast(f.type().sparkType()));
    };
  }

  private static Column fail(String rule, String column, Column detail) {
    return struct(lit(rule).as("rule"), lit(column).as("column_name"), detail.as("detail"));
  }

  private static Column[] keyCols(List<String> key, int i) {
    Column[] c = new Column[key.size()];
    for (int k = 0; k < key.size(); k++) {
      c[k] = col(key.get(k)).as("_ref" + i + "_" + k);
    }
    return c;
  }

  private static Column[] finalColumns(Dataset<Row> checked) {
    List<Column> c = new ArrayList<>();
    for (String n : checked.columns()) {
      c.add(col(n));
    }
    c.add(col("_missing_ref"));
    c.add(col(REFS_ACCEPTED_ON));
    return c.toArray(Column[]::new);
  }

  /** The checks that need referenced values: a return's quantity against its line, a refund against what was paid. */
  static Dataset<Row> crossChecks(Dataset<Row> df, Entity e, Map<String, Dataset<Row>> silver) {
    Column refsKnown = col("_missing_ref").isNull();
    if (e.name().equals("returns")) {
      Dataset<Row> lines = silver.get("order_lines").select(
          col("order_id").as("_l_order_id"), col("line_no").as("_l_line_no"), col("quantity").as("_line_quantity"));
      Column tooMany = refsKnown.and(col("quantity").gt(col("_line_quantity")));
      return df.join(lines, col("order_id").equalTo(col("_l_order_id")).and(col("line_no").equalTo(col("_l_line_no"))), "left")
          .withColumn("_fail", coalesce(col("_fail"), when(tooMany, fail("out_of_range", "quantity",
              concat(lit("returns "), col("quantity").cast("string"), lit(" units of a line of "),
                  col("_line_quantity").cast("string"))))));
    }
    if (e.name().equals("refunds")) {
      Dataset<Row> lines = silver.get("order_lines");
      boolean timed = Arrays.asList(lines.columns()).contains(ACCEPTED_ON);
      Dataset<Row> lineValues = lines
          .select(col("order_id").as("_l_order_id"), col("line_no").as("_l_line_no"),
              col("quantity").multiply(col("unit_price")).minus(col("discount")).as("_line_value"),
              (timed ? col(ACCEPTED_ON) : lit(null).cast("date")).as("_l_acc"));
      // The order's first line known: a refund without a line waits for it like for a reference.
      Dataset<Row> orderValues = lineValues.groupBy(col("_l_order_id").as("_o_order_id"))
          .agg(sum("_line_value").as("_lines_value"),
              when(count(when(col("_l_acc").isNull(), true)).equalTo(0), min("_l_acc")).as("_lines_acc"))
          .join(silver.get("orders").select(col("order_id").as("_s_order_id"), col("shipping_fee").as("_shipping_fee")),
              col("_o_order_id").equalTo(col("_s_order_id")), "inner");
      Dataset<Row> j = df
          .join(lineValues, col("order_id").equalTo(col("_l_order_id")).and(col("line_no").equalTo(col("_l_line_no"))), "left")
          .join(orderValues, col("order_id").equalTo(col("_o_order_id")), "left");
      Column forLine = col("line_no").isNotNull();
      Column exceeds = when(forLine, col("item_amount").gt(col("_line_value")).or(col("shipping_amount").gt(col("_shipping_fee"))))
          .otherwise(col("item_amount").plus(col("shipping_amount")).gt(col("_lines_value").plus(col("_shipping_fee"))));
      Column paid = when(forLine, concat(lit("line value "), col("_line_value").cast("string"), lit(", shipping fee "),
              col("_shipping_fee").cast("string")))
          .otherwise(concat(lit("order value "), col("_lines_value").plus(col("_shipping_fee")).cast("string")));
      Column noLinesYet = refsKnown.and(col("_lines_value").isNull().or(not(acceptedInTime(col("_lines_acc")))));
      return j
          .withColumn("_missing_ref", when(noLinesYet, concat(lit("order_lines of order "), col("order_id"), lit(" are not known")))
              .otherwise(col("_missing_ref")))
          .withColumn("_fail", coalesce(col("_fail"), when(refsKnown.and(col("_lines_value").isNotNull()).and(exceeds),
              fail("refund_exceeds_paid", "item_amount", concat(lit("refund item "), col("item_amount").cast("string"),
                  lit(" + shipping "), col("shipping_amount").cast("string"), lit(" exceeds paid: "), paid)))));
    }
    return df;
  }
}
