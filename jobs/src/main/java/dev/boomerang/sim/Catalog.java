package dev.boomerang.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The seller's product catalogue, generated from the seed: most SKUs exist before the calendar
 * starts (first drop), the rest launch during it (the drop of their launch day). Some SKUs get a
 * price change (a second version); a few belong to a defective batch with an elevated defect
 * rate. Prices are in EUR cents; GBP orders convert at a fixed rate.
 */
final class Catalog {

  static final String[] CATEGORIES = {"Apparel", "Shoes", "Electronics", "Home", "Beauty"};
  static final double[] CATEGORY_WEIGHTS = {0.34, 0.14, 0.16, 0.20, 0.16};
  static final int APPAREL = 0;
  static final int SHOES = 1;
  static final int ELECTRONICS = 2;
  static final int HOME = 3;
  static final int BEAUTY = 4;

  private static final String[][] SUBCATEGORIES = {
      {"Dresses", "Shirts", "Jeans", "Jackets", "Knitwear", "Swimwear"},
      {"Sneakers", "Boots", "Sandals", "Running"},
      {"Headphones", "Chargers", "Smart Home", "Cameras", "Tablets"},
      {"Kitchen", "Bedding", "Decor", "Lighting", "Storage"},
      {"Skincare", "Makeup", "Haircare", "Fragrance"}};
  /** Median price in EUR and log-normal spread per category. */
  private static final double[] MEDIAN_PRICE = {35, 75, 55, 24, 13};
  private static final double[] PRICE_SIGMA = {0.55, 0.40, 0.95, 0.75, 0.55};
  private static final int[] WEIGHT_GRAMS = {400, 1100, 600, 1500, 250};
  private static final String[] BRANDS = {"Nordhaus", "Lumo", "Kestrel", "Vale & Co", "Brightwell", "Oakline",
      "Sora", "Fennik", "Marlow", "Pico", "Tundra", "Halcyon"};
  private static final String[] ADJECTIVES = {"Classic", "Essential", "Pro", "Lite", "Urban", "Soft", "Compact",
      "Premium", "Everyday", "Organic"};
  private static final String[] COLOURS = {"Black", "White", "Navy", "Grey", "Olive", "Sand"};
  static final String[] APPAREL_SIZES = {"XS", "S", "M", "L", "XL", "XXL"};
  static final String[] SHOE_SIZES = {"37", "38", "39", "40", "41", "42", "43", "44", "45", "46"};

  /** One SKU. {@code changeTs} is Long.MAX_VALUE when the price never changes. */
  record Product(int index, String sku, String title, int category, String subcategory, String brand,
                 long priceCents, long launchTs, long changeTs, long newPriceCents, int weightGrams,
                 boolean returnable, boolean hygiene, double defectRate) {

    long priceAt(long ts) {
      return ts >= changeTs ? newPriceCents : priceCents;
    }

    boolean sized() {
      return category == APPAREL || category == SHOES;
    }

    boolean defectiveBatch() {
      return defectRate > 0.05;
    }
  }

  final List<Product> products;
  /** Per category, SKUs sorted by launch time. */
  final Product[][] byCategory;
  /** Home and Beauty SKUs sorted by initial price, for shoppers aiming under the keep-it cap. */
  final Product[] cheapByPrice;

  Catalog(long seed, int size, long startTs, long endTs) {
    SplittableRandom rng = new SplittableRandom(Fmt.mix(seed, 0xCA7AL));
    List<Product> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      int cat = pick(rng, CATEGORY_WEIGHTS);
      String sub = SUBCATEGORIES[cat][rng.nextInt(SUBCATEGORIES[cat].length)];
      String brand = BRANDS[rng.nextInt(BRANDS.length)];
      double price = MEDIAN_PRICE[cat] * StrictMath.exp(PRICE_SIGMA[cat] * gaussian(rng));
      long cents = Math.max(399, Math.round(price) * 100 - 1); // x.99 prices
      if (cat == ELECTRONICS && (sub.equals("Cameras") || sub.equals("Tablets"))) {
        cents = cents * 4 + 99_00;
      }
      String title = brand + " " + ADJECTIVES[rng.nextInt(ADJECTIVES.length)] + " " + singular(sub)
          + (rng.nextDouble() < 0.3 ? ", " + COLOURS[rng.nextInt(COLOURS.length)] : "");
      // 85% exist before the calendar; the rest launch during it
      long launch = rng.nextDouble() < 0.85
          ? startTs - Fmt.DAY * (30 + rng.nextInt(700))
          : startTs + (long) (rng.nextDouble() * (endTs - startTs) * 0.8);
      long change = Long.MAX_VALUE;
      long newPrice = cents;
      if (rng.nextDouble() < 0.06) {
        change = Math.max(launch, startTs) + (long) (rng.nextDouble() * (endTs - Math.max(launch, startTs)));
        newPrice = Math.max(299, Math.round(cents * (0.8 + 0.3 * rng.nextDouble()) / 100.0) * 100 - 1);
      }
      boolean hygiene = sub.equals("Swimwear") || sub.equals("Skincare") || sub.equals("Makeup");
      boolean returnable = !(sub.equals("Makeup") || sub.equals("Skincare") && rng.nextBoolean());
      double defect = rng.nextDouble() < 0.03 ? 0.12 + 0.15 * rng.nextDouble() : 0.004;
      int grams = (int) Math.max(50, WEIGHT_GRAMS[cat] * StrictMath.exp(0.4 * gaussian(rng)));
      list.add(new Product(i, "SKU-" + CATEGORIES[cat].substring(0, 2).toUpperCase(Locale.ROOT) + "-" + Fmt.pad(i + 1, 5), title,
          cat, sub, brand, cents, launch, change, newPrice, grams, returnable, hygiene, defect));
    }
    products = List.copyOf(list);
    byCategory = new Product[CATEGORIES.length][];
    for (int c = 0; c < CATEGORIES.length; c++) {
      final int cc = c;
      byCategory[c] = list.stream().filter(p -> p.category() == cc)
          .sorted(Comparator.comparingLong(Product::launchTs).thenComparingInt(Product::index))
          .toArray(Product[]::new);
    }
    cheapByPrice = list.stream().filter(p -> p.category() == HOME || p.category() == BEAUTY)
        .sorted(Comparator.comparingLong(Product::priceCents).thenComparingInt(Product::index))
        .toArray(Product[]::new);
  }

  /** A SKU of a category already launched at {@code ts}, or null when there is none. */
  Product pick(SplittableRandom rng, int category, long ts) {
    Product[] ps = byCategory[category];
    int n = launchedCount(ps, ts);
    return n == 0 ? null : ps[rng.nextInt(n)];
  }

  /** A launched Home/Beauty SKU priced in [lo, hi) cents, or null. */
  Product pickPriced(SplittableRandom rng, long lo, long hi, long ts) {
    int from = lowerBound(lo);
    int to = lowerBound(hi);
    for (int tries = 0; tries < 8 && to > from; tries++) {
      Product p = cheapByPrice[from + rng.nextInt(to - from)];
      if (p.launchTs() <= ts && p.priceAt(ts) < hi && p.priceAt(ts) >= lo) {
        return p;
      }
    }
    return null;
  }

  private int lowerBound(long cents) {
    int lo = 0;
    int hi = cheapByPrice.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cheapByPrice[mid].priceCents() < cents) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int launchedCount(Product[] ps, long ts) {
    int lo = 0;
    int hi = ps.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ps[mid].launchTs() <= ts) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static String singular(String sub) {
    return sub.endsWith("es") && !sub.endsWith("oes") ? sub.substring(0, sub.length() - 1)
        : sub.endsWith("s") ? sub.substring(0, sub.length() - 1) : sub;
  }

  static int pick(SplittableRandom rng, double[] weights) {
    double u = rng.nextDouble() * Arrays.stream(weights).sum();
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  static double gaussian(SplittableRandom rng) {
    double u = Math.max(rng.nextDouble(), 1e-12);
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * rng.nextDouble());
  }
}
