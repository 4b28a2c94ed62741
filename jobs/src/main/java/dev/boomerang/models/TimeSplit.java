package dev.boomerang.models;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The time split: train on the oldest order dates, validate on the next period, test on the
 * latest closed period. Never random. The boundaries are a pure function of the first and last
 * order date of the closed (non-censored) lines and the documented fractions of that date span,
 * so the same data always gives the same split.
 *
 * <p>With span {@code S = last - first + 1} days, validation starts at
 * {@code first + floor(S * train)} and test at {@code first + floor(S * (train + valid))}; every
 * period holds at least one day.
 */
public final class TimeSplit {

  private TimeSplit() {}

  public static final String SPLIT_COL = "split";
  public static final String TRAIN = "train";
  public static final String VALID = "valid";
  public static final String TEST = "test";

  /** Shares of the date span given to train and validation; test gets the rest. */
  public record Fractions(double train, double valid) {
    public Fractions {
      if (train <= 0 || valid <= 0 || train + valid >= 1) {
        throw new IllegalArgumentException("split fractions need train > 0, valid > 0 and train + valid < 1, got "
            + train + " and " + valid);
      }
    }

    public double test() {
      return 1 - train - valid;
    }

    /** 70% of the days to train, 15% to validate, the latest 15% to test. */
    public static final Fractions DEFAULT = new Fractions(0.70, 0.15);
  }

  /** Inclusive date ranges of the three periods. */
  public record Boundaries(LocalDate trainFrom, LocalDate validFrom, LocalDate testFrom, LocalDate testTo) {
    public LocalDate trainTo() {
      return validFrom.minusDays(1);
    }

    public LocalDate validTo() {
      return testFrom.minusDays(1);
    }
  }

  /** The boundaries for closed lines dated {@code first..last} (inclusive). */
  public static Boundaries boundaries(LocalDate first, LocalDate last, Fractions f) {
    long span = ChronoUnit.DAYS.between(first, last) + 1;
    if (span < 3) {
      throw new IllegalArgumentException("a time split needs closed order lines on at least 3 distinct days, got "
          + span + " (" + first + " to " + last + ")");
    }
    long validOffset = Math.max(1, (long) Math.floor(span * f.train()));
    long testOffset = Math.max(validOffset + 1, (long) Math.floor(span * (f.train() + f.valid())));
    testOffset = Math.min(testOffset, span - 1);
    validOffset = Math.min(validOffset, testOffset - 1);
    return new Boundaries(first, first.plusDays(validOffset), first.plusDays(testOffset), last);
  }

  /**
   * Adds {@link #SPLIT_COL} ({@code train}, {@code valid}, {@code test}) from {@code dateCol}.
   * Rows outside {@code trainFrom..testTo} get null. Pure transform.
   */
  public static Dataset<Row> withSplit(Dataset<Row> lines, String dateCol, Boundaries b) {
    Column d = col(dateCol);
    Column inTrain = d.geq(lit(b.trainFrom())).and(d.lt(lit(b.validFrom())));
    Column inValid = d.geq(lit(b.validFrom())).and(d.lt(lit(b.testFrom())));
    Column inTest = d.geq(lit(b.testFrom())).and(d.leq(lit(b.testTo())));
    return lines.withColumn(SPLIT_COL,
        when(inTrain, lit(TRAIN)).when(inValid, lit(VALID)).when(inTest, lit(TEST)));
  }
}
