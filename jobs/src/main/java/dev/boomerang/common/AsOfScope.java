package dev.boomerang.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Snapshots as of several dates in one plan. A row of such a snapshot carries the date it is known
 * as of in {@value #AS_OF}; every join of two such inputs matches on it too and every aggregation
 * groups by it, so the dates never mix and one plan computes what a run per date would. Inputs
 * without the column are a single snapshot: the scope is empty and the plans are the plain ones.
 * The daily measures add {@value #FOR_DATE}, the daily row a snapshot is taken for: the state of
 * an order as of D-1 is taken once for D-1's row and once, as "before", for D's.
 */
public final class AsOfScope {

  public static final String AS_OF = "as_of_date";
  public static final String FOR_DATE = "for_date";

  private AsOfScope() {}

  /** The scope columns the rows carry, of {@value #AS_OF} and {@value #FOR_DATE}, in that order. */
  public static List<String> of(Dataset<Row> rows) {
    List<String> columns = Arrays.asList(rows.columns());
    return List.of(AS_OF, FOR_DATE).stream().filter(columns::contains).toList();
  }

  /** The scope columns followed by {@code keys}: what to group or join by. */
  public static List<String> plus(List<String> scope, String... keys) {
    List<String> all = new ArrayList<>(scope);
    all.addAll(List.of(keys));
    return all;
  }

  /** {@link #plus} as columns, optionally qualified by a join alias ({@code null}: none). */
  public static Column[] cols(String alias, List<String> scope, String... keys) {
    return plus(scope, keys).stream().map(c -> col(alias == null ? c : alias + "." + c)).toArray(Column[]::new);
  }

  /** The scope columns (qualified by {@code alias} unless null) followed by {@code rest}: a select list. */
  public static Column[] with(String alias, List<String> scope, Column... rest) {
    List<Column> all = new ArrayList<>(List.of(cols(alias, scope)));
    all.addAll(List.of(rest));
    return all.toArray(Column[]::new);
  }

  /** The as_of_dates of two join aliases are equal. */
  public static Column sameDate(String left, String right) {
    return same(List.of(AS_OF), left, right);
  }

  /** The scope columns of two join aliases are equal (true when the scope is empty). */
  public static Column same(List<String> scope, String left, String right) {
    Column c = lit(true);
    for (String s : scope) {
      c = c.and(col(left + "." + s).equalTo(col(right + "." + s)));
    }
    return c;
  }
}
