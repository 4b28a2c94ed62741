package dev.boomerang.features;

import dev.boomerang.features.FeatureCatalog.Window;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The customer-feature windows of {@link CustomerFeatures#windows} written as one plain SQL query
 * over {@code gold.customer_daily} rows, for a peer engine (DuckDB in {@code bench}). It is
 * generated from the same definitions ({@link DailyMeasures#CUSTOMER}, {@link FeatureCatalog#WINDOWS},
 * {@link FeatureCatalog#CUSTOMER_RATES}), so the two engines compute the same columns with the same
 * names and types: every windowed sum and rate, for customers with an order in the 365 days.
 */
public final class CustomerWindowsSql {

  private CustomerWindowsSql() {}

  /**
   * The query for {@code asOf} over {@code from} (a table name or a table function such as
   * {@code read_parquet('…/*.parquet')}). Dates subtract to whole days, as in DuckDB and PostgreSQL.
   */
  public static String query(String from, LocalDate asOf) {
    String d = "DATE '" + asOf + "'";
    List<String> sums = new ArrayList<>();
    for (DailyMeasures.Measure m : DailyMeasures.CUSTOMER) {
      for (Window w : FeatureCatalog.WINDOWS) {
        String in = w == Window.LIFETIME ? "age >= 0" : "age >= 0 AND age < " + w.days;
        sums.add("CAST(COALESCE(SUM(CASE WHEN " + in + " THEN " + m.name() + " END), 0) AS "
            + (m.money() ? "DECIMAL(18, 2)" : "BIGINT") + ") AS " + FeatureCatalog.windowed(m.name(), w));
      }
    }
    List<String> rates = new ArrayList<>();
    for (String[] r : FeatureCatalog.CUSTOMER_RATES) {
      for (Window w : FeatureCatalog.WINDOWS) {
        String num = FeatureCatalog.windowed(r[1], w);
        String den = FeatureCatalog.windowed(r[2], w);
        rates.add("CASE WHEN " + den + " > 0 THEN CAST(" + num + " AS DOUBLE) / CAST(" + den + " AS DOUBLE) END AS "
            + FeatureCatalog.windowed(r[0], w));
      }
    }
    return "SELECT *,\n  " + String.join(",\n  ", rates) + "\nFROM (\n"
        + "  SELECT customer_id,\n    " + String.join(",\n    ", sums) + "\n"
        + "  FROM (SELECT *, " + d + " - event_date AS age FROM " + from + " WHERE known_date <= " + d + ") daily\n"
        + "  GROUP BY customer_id\n) sums\nWHERE " + FeatureCatalog.windowed("orders", Window.D365) + " > 0";
  }
}
