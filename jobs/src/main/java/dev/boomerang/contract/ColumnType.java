package dev.boomerang.contract;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The types a landing column may declare, with their CSV text form and Spark type in silver. */
public enum ColumnType {
  STRING(DataTypes.StringType, "text"),
  INT(DataTypes.IntegerType, "integer, e.g. `3`"),
  DECIMAL(DataTypes.createDecimalType(12, 2), "decimal with a dot and up to 2 places, e.g. `19.99`"),
  BOOLEAN(DataTypes.BooleanType, "`true` or `false`"),
  DATE(DataTypes.DateType, "ISO date `yyyy-MM-dd`"),
  TIMESTAMP(DataTypes.TimestampType, "ISO-8601 with offset, e.g. `2025-11-03T14:22:05+01:00`");

  private final DataType sparkType;
  private final String textForm;

  ColumnType(DataType sparkType, String textForm) {
    this.sparkType = sparkType;
    this.textForm = textForm;
  }

  public DataType sparkType() {
    return sparkType;
  }

  public String textForm() {
    return textForm;
  }
}
