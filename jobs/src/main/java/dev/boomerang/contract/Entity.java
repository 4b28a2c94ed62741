package dev.boomerang.contract;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A landing entity: its columns, business key and the column that orders versions of one key
 * ({@code versionColumn}; the latest wins, ties break by drop date, file and row number).
 */
public record Entity(String name, String doc, List<Field> fields, List<String> key,
                     String versionColumn) {

  public Entity {
    for (String k : key) {
      if (fields.stream().noneMatch(f -> f.name().equals(k) && f.required())) {
        throw new IllegalArgumentException(name + ": key column " + k + " must be a required field");
      }
    }
  }

  public List<String> columnNames() {
    return fields.stream().map(Field::name).toList();
  }

  public Optional<Field> field(String column) {
    return fields.stream().filter(f -> f.name().equals(column)).findFirst();
  }

  public List<Field> requiredFields() {
    return fields.stream().filter(Field::required).toList();
  }

  /** Every column as text: the shape of the CSV and of bronze before lineage columns. */
  public StructType rawSchema() {
    return new StructType(fields.stream()
        .map(f -> DataTypes.createStructField(f.name(), DataTypes.StringType, true))
        .toArray(StructField[]::new));
  }

  /** The typed schema of the contract columns, as silver stores them. */
  public StructType typedSchema() {
    return new StructType(fields.stream()
        .map(f -> DataTypes.createStructField(f.name(), f.type().sparkType(), !f.required()))
        .toArray(StructField[]::new));
  }
}
