package dev.boomerang.policy;

import dev.boomerang.features.FeatureCatalog;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Hand-set rows of gold.customer_features: every column of {@link FeatureCatalog} (customer
 * grain), numeric ones as DOUBLE, defaulting to an unremarkable customer (4 orders, 6 units, one
 * unit returned at the category norm) with overrides by column name.
 */
final class FeatureRows {

  private FeatureRows() {}

  static final LocalDate AS_OF = LocalDate.of(2025, 11, 30);

  static final List<String> COLUMNS = FeatureCatalog.columns(FeatureCatalog.Grain.CUSTOMER);

  static StructType schema() {
    StructType s = new StructType();
    for (String c : COLUMNS) {
      s = switch (c) {
        case "customer_id" -> s.add(c, DataTypes.StringType, false);
        case "as_of_date" -> s.add(c, DataTypes.DateType, false);
        default -> s.add(c, DataTypes.DoubleType);
      };
    }
    return s;
  }

  static Map<String, Object> defaults(String customerId) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String c : COLUMNS) {
      m.put(c, c.contains("share") || c.contains("rate") || c.contains("days") || c.contains("entropy") ? null : 0.0);
    }
    m.put("customer_id", customerId);
    m.put("as_of_date", Date.valueOf(AS_OF));
    m.put("orders_365d", 4.0);
    m.put("units_365d", 6.0);
    m.put("returns_365d", 1.0);
    m.put("return_units_365d", 1.0);
    m.put("refunds_365d", 1.0);
    m.put("return_rate_units_365d", 1.0 / 6);
    m.put("return_rate_units_vs_category_365d", 1.0);
    m.put("account_age_days", 400.0);
    return m;
  }

  /** A row: defaults, then {@code overrides} as (column, value) pairs. */
  static Map<String, Object> row(String customerId, Object... overrides) {
    Map<String, Object> m = defaults(customerId);
    for (int i = 0; i < overrides.length; i += 2) {
      String c = (String) overrides[i];
      if (!m.containsKey(c)) {
        throw new IllegalArgumentException("no feature column " + c);
      }
      Object v = overrides[i + 1];
      m.put(c, v instanceof Number n ? n.doubleValue() : v);
    }
    return m;
  }

  static Dataset<Row> frame(SparkSession spark, List<Map<String, Object>> rows) {
    List<Row> out = new ArrayList<>();
    for (Map<String, Object> m : rows) {
      out.add(RowFactory.create(COLUMNS.stream().map(m::get).toArray()));
    }
    return spark.createDataFrame(out, schema());
  }

  /** The smoothed ratio the features job computes for these counts and an expected rate e. */
  static double ratio(double returnUnits, double units, double e) {
    int k = FeatureCatalog.CUSTOMER_PRIOR_UNITS;
    return (returnUnits + k * e) / (units + k) / e;
  }
}
