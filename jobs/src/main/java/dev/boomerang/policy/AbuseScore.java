package dev.boomerang.policy;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import dev.boomerang.policy.AbuseSignals.Dampener;
import dev.boomerang.policy.AbuseSignals.Signal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The final abuse risk per customer: signals, outlier score and (when a gated model exists) the
 * classifier probability blended into a 0-100 score, a tier and the top 3 reasons. Grain: one
 * row per customer_id per as_of_date of {@code gold.customer_features}; the output is
 * {@link #SCHEMA}, the columns of {@code gold.abuse_scores}. Pure transforms.
 *
 * <p>Blend (documented in docs/ABUSE.md):
 * <ul>
 *   <li>rule score = 1 - (1 - max rate contribution) prod(1 - contribution) (noisy-OR), where a
 *       contribution is severity x strength, x the honest-pattern dampener for dampened signals;
 *       the dampened, return-rate-based signals (serial returning, wardrobing) share one piece
 *       of evidence, a high return rate, so only the larger of them counts;
 *   <li>without a model: risk = 100 (0.8 rule + 0.2 outlier);
 *   <li>with a model: risk = 100 (0.65 rule + 0.15 outlier + 0.2 probability): the fraud team's
 *       labels are noisy, so the classifier can move a customer by at most 20 points;
 *   <li>tier: review when risk >= {@link #REVIEW_AT} and the rule score >= {@link #REVIEW_MIN_RULE}
 *       (so a flag always carries a reason, and more than a high return rate on a few returns), watch when
 *       risk >= {@link #WATCH_AT}, else low.
 * </ul>
 * {@code risk_score_unsupervised} is always the no-model blend, so evaluation can compare both.
 */
public final class AbuseScore {

  private AbuseScore() {}

  public static final double REVIEW_AT = 60;
  /**
   * Review also needs a rule score of at least this: more than a high return rate on a few
   * returns (serial returning clears it only near full strength, see AbuseSignals), because honest
   * high returners share that evidence.
   */
  public static final double REVIEW_MIN_RULE = 0.7;
  public static final double WATCH_AT = 30;
  public static final double RULE_WEIGHT = 0.8;
  public static final double OUTLIER_WEIGHT = 0.2;
  public static final double MODEL_RULE_WEIGHT = 0.65;
  public static final double MODEL_OUTLIER_WEIGHT = 0.15;
  public static final double MODEL_WEIGHT = 0.2;
  /** model_version of scores made without a classifier. */
  public static final String SIGNALS_VERSION = "signals-1";

  public static final String REVIEW = "review";
  public static final String WATCH = "watch";
  public static final String LOW = "low";

  public static final StructType SCHEMA = new StructType()
      .add("customer_id", DataTypes.StringType, false)
      .add("as_of_date", DataTypes.DateType, false)
      .add("risk_score", DataTypes.DoubleType)
      .add("tier", DataTypes.StringType)
      .add("reasons", DataTypes.createArrayType(DataTypes.StringType))
      .add("reason_signals", DataTypes.createArrayType(DataTypes.StringType))
      .add("abuse_types", DataTypes.createArrayType(DataTypes.StringType))
      .add("mitigations", DataTypes.createArrayType(DataTypes.StringType))
      .add("signals_fired", DataTypes.IntegerType)
      .add("rule_score", DataTypes.DoubleType)
      .add("dampener", DataTypes.DoubleType)
      .add("outlier_score", DataTypes.DoubleType)
      .add("peer_cohort", DataTypes.StringType)
      .add("model_probability", DataTypes.DoubleType)
      .add("risk_score_unsupervised", DataTypes.DoubleType)
      .add("model_version", DataTypes.StringType);

  /** The tier of a 0-100 score given the rule score. */
  public static Column tier(Column risk, Column rule) {
    return when(risk.geq(REVIEW_AT).and(rule.geq(REVIEW_MIN_RULE)), lit(REVIEW))
        .when(risk.geq(WATCH_AT), lit(WATCH)).otherwise(lit(LOW));
  }

  /**
   * Scores feature rows that already carry {@code outlier_score} and {@code peer_cohort}
   * ({@link PeerOutlier#withOutlierScore}) and a nullable double {@code model_probability}.
   */
  public static Dataset<Row> score(Dataset<Row> features, String modelVersion) {
    // Intermediate columns in stacked selects, so that each signal's expression is analysed and
    // computed once, not once per use (the reason array, the product and the count all read it).
    List<Signal> signals = AbuseSignals.signals();
    List<Column> firedCols = new ArrayList<>(List.of(col("*"), AbuseSignals.dampenerFactor().as("_damp")));
    for (Signal sg : signals) {
      firedCols.add(sg.fires().as("_f_" + sg.name()));
    }
    List<Column> contribCols = new ArrayList<>(List.of(col("*")));
    for (Signal sg : signals) {
      contribCols.add(when(col("_f_" + sg.name()), sg.contribution(col("_damp"))).otherwise(lit(0.0))
          .as("_c_" + sg.name()));
    }
    Column keep = lit(1.0);
    Column rateEvidence = lit(0.0);
    Column fired = lit(0);
    List<Column> reasonStructs = new ArrayList<>();
    for (Signal sg : signals) {
      Column f = col("_f_" + sg.name());
      Column c = col("_c_" + sg.name());
      if (sg.dampened()) {
        rateEvidence = greatest(rateEvidence, c); // one piece of evidence: a high return rate
      } else {
        keep = keep.multiply(lit(1.0).minus(c));
      }
      fired = fired.plus(when(f, lit(1)).otherwise(lit(0)));
      reasonStructs.add(when(f, struct(c.as("contribution"), lit(sg.name()).as("signal"),
          lit(sg.abuseType()).as("abuse_type"), sg.reason().as("reason"))));
    }
    List<Column> notes = new ArrayList<>();
    for (Dampener dp : AbuseSignals.dampeners()) {
      notes.add(dp.note());
    }
    Column outlier = coalesce(col("outlier_score"), lit(0.0));
    Column p = col("model_probability").cast("double");
    Column rule = lit(1.0).minus(keep.multiply(lit(1.0).minus(rateEvidence)));
    List<Column> blendCols = new ArrayList<>(List.of(col("*"), rule.as("_rule"), fired.as("_fired"),
        slice(sort_array(filter(array(reasonStructs.toArray(Column[]::new)), x -> x.isNotNull()), false), 1, 3)
            .as("_top"),
        filter(array(notes.toArray(Column[]::new)), x -> x.isNotNull()).as("_notes")));
    Column unsupervised = col("_rule").multiply(RULE_WEIGHT).plus(outlier.multiply(OUTLIER_WEIGHT)).multiply(100);
    Column supervised = col("_rule").multiply(MODEL_RULE_WEIGHT).plus(outlier.multiply(MODEL_OUTLIER_WEIGHT))
        .plus(p.multiply(MODEL_WEIGHT)).multiply(100);
    Column risk = round(when(p.isNull(), unsupervised).otherwise(supervised), 2);

    return features.select(firedCols.toArray(Column[]::new))
        .select(contribCols.toArray(Column[]::new))
        .select(blendCols.toArray(Column[]::new))
        .withColumn("_risk", risk)
        .select(
            col("customer_id"),
            col("as_of_date"),
            col("_risk").as("risk_score"),
            tier(col("_risk"), col("_rule")).as("tier"),
            transform(col("_top"), x -> x.getField("reason")).as("reasons"),
            transform(col("_top"), x -> x.getField("signal")).as("reason_signals"),
            transform(col("_top"), x -> x.getField("abuse_type")).as("abuse_types"),
            col("_notes").as("mitigations"),
            col("_fired").as("signals_fired"),
            round(col("_rule"), 4).as("rule_score"),
            round(col("_damp"), 4).as("dampener"),
            round(outlier, 4).as("outlier_score"),
            col("peer_cohort"),
            p.as("model_probability"),
            round(unsupervised, 2).as("risk_score_unsupervised"),
            lit(modelVersion).as("model_version"));
  }

  /**
   * How each customer's rule score is made: one row per customer and fired signal, largest
   * contribution first, with {@code customer_id, as_of_date, signal, abuse_type, severity} (its
   * weight), {@code strength}, {@code dampener} (the honest-pattern factor applied, 1 for signals
   * that are not dampened), {@code contribution} (severity x strength x dampener, as {@link #score}
   * uses it) and {@code reason}. Customers with no fired signal have no row. Pure transform over
   * {@code gold.customer_features} rows.
   */
  public static Dataset<Row> contributions(Dataset<Row> features) {
    Column damp = AbuseSignals.dampenerFactor();
    List<Column> fired = new ArrayList<>();
    for (Signal sg : AbuseSignals.signals()) {
      fired.add(when(sg.fires(), struct(
          lit(sg.name()).as("signal"),
          lit(sg.abuseType()).as("abuse_type"),
          lit(sg.severity().weight).as("severity"),
          sg.strength().cast("double").as("strength"),
          (sg.dampened() ? damp : lit(1.0)).cast("double").as("dampener"),
          sg.contribution(damp).cast("double").as("contribution"),
          sg.reason().as("reason"))));
    }
    return features
        .select(col("customer_id"), col("as_of_date"),
            explode(filter(array(fired.toArray(Column[]::new)), x -> x.isNotNull())).as("c"))
        .select(col("customer_id"), col("as_of_date"), col("c.signal"), col("c.abuse_type"), col("c.severity"),
            round(col("c.strength"), 4).as("strength"), round(col("c.dampener"), 4).as("dampener"),
            round(col("c.contribution"), 4).as("contribution"), col("c.reason"))
        .orderBy(col("customer_id"), col("contribution").desc(), col("signal"));
  }

  /** Rows ranked best first: risk, then rule score, then customer_id (deterministic). */
  public static Column[] ranking(String riskCol) {
    return new Column[] {col(riskCol).desc(), col("rule_score").desc(), col("customer_id").asc()};
  }
}
