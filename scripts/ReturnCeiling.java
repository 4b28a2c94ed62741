import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ceiling of return-likelihood ROC AUC on the simulator's data (docs/MODELS.md): a Monte Carlo
 * of the simulator's honest return rule, scored by two oracles. One knows each line's category,
 * defective batch, bracketing pair and the customer's true propensity; the other knows the same
 * without the propensity. Outside Spark, a few seconds:
 *
 * <pre>java scripts/ReturnCeiling.java [lines] [seed]</pre>
 *
 * <p>The constants are those of {@code dev.boomerang.sim.Simulator} ({@code RETURN_RATE}, the
 * propensity {@code exp(0.45 z - 0.1)}, defects at 1.5 × the SKU's rate, 85 % of bracketing pairs
 * sending one size back) and {@code Catalog} (category mix, 3 % defective batches at 0.12–0.27).
 * The share of bracketed lines among Apparel and Shoes (3.5 %) follows from 3 % of customers being
 * bracketers who pair 60 % of their sized lines. Change them here when the simulator changes.
 */
public final class ReturnCeiling {

  static final String[] CATEGORIES = {"Apparel", "Shoes", "Electronics", "Home", "Beauty"};
  static final double[] MIX = {0.34, 0.14, 0.16, 0.20, 0.16};
  static final double[] RETURN_RATE = {0.25, 0.29, 0.085, 0.075, 0.06};
  static final double BRACKETED_SHARE = 0.035;
  static final double BRACKETED_P = 0.85 / 2;
  static final double MEAN_PROPENSITY = Math.exp(0.45 * 0.45 / 2 - 0.1);

  static final String USAGE = "usage: java scripts/ReturnCeiling.java [lines (default 300000)] [seed (default 1)]";

  public static void main(String[] args) {
    if (args.length > 2 || args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
      System.out.println(USAGE);
      System.exit(args.length > 2 ? 2 : 0);
    }
    int n = args.length > 0 ? parse(args[0], "lines") : 300_000;
    if (n < 2) {
      fail("lines must be at least 2, got " + n);
    }
    SplittableRandom r = new SplittableRandom(args.length > 1 ? parse(args[1], "seed") : 1);
    int[] category = new int[n];
    double[] full = new double[n];
    double[] noPropensity = new double[n];
    boolean[] returned = new boolean[n];
    for (int i = 0; i < n; i++) {
      int c = pick(r);
      category[i] = c;
      if (c <= 1 && r.nextDouble() < BRACKETED_SHARE) {
        full[i] = noPropensity[i] = BRACKETED_P;
      } else {
        double propensity = Math.exp(0.45 * gaussian(r) - 0.1);
        double defect = 1.5 * (r.nextDouble() < 0.03 ? 0.12 + 0.15 * r.nextDouble() : 0.004);
        full[i] = defect + (1 - defect) * RETURN_RATE[c] * propensity;
        noPropensity[i] = defect + (1 - defect) * RETURN_RATE[c] * MEAN_PROPENSITY;
      }
      returned[i] = r.nextDouble() < full[i];
    }
    System.out.printf("%-14s %8s %12s %14s%n", "segment", "lines", "oracle AUC", "no propensity");
    System.out.printf("%-14s %8d %12.4f %14.4f%n", "ALL", n, auc(full, returned, category, -1),
        auc(noPropensity, returned, category, -1));
    for (int c = 0; c < CATEGORIES.length; c++) {
      int cc = c;
      System.out.printf("%-14s %8d %12.4f %14.4f%n", CATEGORIES[c],
          Arrays.stream(category).filter(x -> x == cc).count(),
          auc(full, returned, category, c), auc(noPropensity, returned, category, c));
    }
  }

  static int parse(String arg, String name) {
    try {
      return Integer.parseInt(arg.replace("_", ""));
    } catch (NumberFormatException e) {
      fail(name + " must be a whole number, got '" + arg + "'");
      return 0;
    }
  }

  static void fail(String message) {
    System.err.println("ReturnCeiling: " + message + "\n" + USAGE);
    System.exit(2);
  }

  static int pick(SplittableRandom r) {
    double u = r.nextDouble();
    for (int c = 0; c < MIX.length - 1; c++) {
      u -= MIX[c];
      if (u < 0) {
        return c;
      }
    }
    return MIX.length - 1;
  }

  static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  /** ROC AUC (Mann–Whitney, ties at half) of the lines of one category, or of all when it is -1. */
  static double auc(double[] score, boolean[] label, int[] category, int only) {
    Integer[] idx = java.util.stream.IntStream.range(0, score.length)
        .filter(i -> only < 0 || category[i] == only).boxed().toArray(Integer[]::new);
    Arrays.sort(idx, (a, b) -> Double.compare(score[a], score[b]));
    double rankSum = 0;
    long positives = 0;
    for (int i = 0; i < idx.length; ) {
      int j = i;
      while (j + 1 < idx.length && score[idx[j + 1]] == score[idx[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (label[idx[k]]) {
          rankSum += rank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = idx.length - positives;
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
