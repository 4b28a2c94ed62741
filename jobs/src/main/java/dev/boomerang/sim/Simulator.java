package dev.boomerang.sim;

import static dev.boomerang.sim.Catalog.APPAREL;
import static dev.boomerang.sim.Catalog.BEAUTY;
import static dev.boomerang.sim.Catalog.ELECTRONICS;
import static dev.boomerang.sim.Catalog.HOME;
import static dev.boomerang.sim.Catalog.SHOES;
import static dev.boomerang.sim.Fmt.BERLIN;
import static dev.boomerang.sim.Fmt.DAY;
import static dev.boomerang.sim.Fmt.HOUR;

import dev.boomerang.common.LocalFiles;
import dev.boomerang.common.Stage;
import dev.boomerang.common.UserError;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import dev.boomerang.contract.ReasonCode;
import dev.boomerang.sim.Catalog.Product;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The marketplace simulator behind {@code ./boomerang generate}: writes landing drops that follow
 * {@code data/CONTRACT.md} and ground truth for evaluation. See {@code docs/SIMULATOR.md}.
 *
 * <p>Grain and cost: customers are simulated one at a time in index order, in blocks of
 * {@value #BLOCK} whose personas are planned together (exact prevalence, rings and households
 * inside a block). Each customer has its own random stream derived from (seed, index), and every
 * row goes straight to the file of its (entity, drop date). Memory is bounded by the open file
 * buffers; nothing about the history is kept. The same configuration gives byte-identical files.
 */
public final class Simulator {

  /**
   * The entities the simulator writes: every contract entity except {@code reimbursements}
   * (the marketplace's payments to the seller, which only the Seller Central adapter brings).
   */
  public static final List<Entity> ENTITIES = Contract.ENTITIES.stream()
      .filter(e -> e != Contract.REIMBURSEMENTS).toList();

  static final int BLOCK = 2000;
  /** Baseline share of lines returned per category by an honest customer, before propensity. */
  private static final double[] RETURN_RATE = {0.25, 0.29, 0.085, 0.075, 0.06};
  private static final double MAX_SEASON = 2.7;
  private static final double[] HOUR_WEIGHT = {0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 1.0,
      1.1, 1.0, 1.0, 1.0, 1.1, 1.2, 1.3, 1.4, 1.4, 1.3, 1.0, 0.6};
  private static final String[] REVIEWERS = {"a.schmidt", "j.okafor", "m.rossi", "l.chen", "s.novak"};
  private static final String[] SURNAMES = {"Mueller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer",
      "Wagner", "Becker", "Smith", "Jones", "Taylor", "Brown", "Martin", "Bernard", "Dubois", "Gruber"};

  private record Country(String code, double weight, ZoneId zone, String currency, String marketplace,
                         String[] regions, String[] cities, String warehouse, Carrier[] carriers,
                         double[] carrierWeights) {}

  private static final Country[] COUNTRIES = {
      new Country("DE", 0.60, BERLIN, "EUR", "amazon.de",
          new String[] {"BE", "BY", "BW", "NW", "HH", "HE", "SN", "NI"},
          new String[] {"Berlin", "Muenchen", "Stuttgart", "Koeln", "Hamburg", "Frankfurt", "Leipzig", "Hannover"},
          "Leipzig", new Carrier[] {Carrier.DHL, Carrier.DPD, Carrier.HERMES, Carrier.UPS, Carrier.AMZL},
          new double[] {0.45, 0.2, 0.15, 0.08, 0.12}),
      new Country("GB", 0.25, Fmt.LONDON, "GBP", "amazon.co.uk",
          new String[] {"ENG", "SCT", "WLS", "NIR"},
          new String[] {"London", "Glasgow", "Cardiff", "Belfast"},
          "Coventry", new Carrier[] {Carrier.ROYALMAIL, Carrier.EVRI, Carrier.DPD, Carrier.UPS, Carrier.AMZL},
          new double[] {0.4, 0.22, 0.13, 0.1, 0.15}),
      new Country("AT", 0.07, Fmt.VIENNA, "EUR", "amazon.de",
          new String[] {"W", "ST", "OOE", "T"},
          new String[] {"Wien", "Graz", "Linz", "Innsbruck"},
          "Leipzig", new Carrier[] {Carrier.DHL, Carrier.DPD, Carrier.UPS},
          new double[] {0.6, 0.3, 0.1}),
      new Country("FR", 0.08, Fmt.PARIS, "EUR", "amazon.fr",
          new String[] {"IDF", "ARA", "PAC", "HDF"},
          new String[] {"Paris", "Lyon", "Marseille", "Lille"},
          "Leipzig", new Carrier[] {Carrier.DPD, Carrier.UPS, Carrier.DHL},
          new double[] {0.5, 0.3, 0.2})};
  private static final double[] COUNTRY_WEIGHTS = Arrays.stream(COUNTRIES).mapToDouble(Country::weight).toArray();

  /** What the block planner decided for one account. */
  static final class Plan {
    Persona persona = Persona.NORMAL;
    /** For ring members: the abuse the ring spreads. */
    Persona behaviour = Persona.NORMAL;
    double intensity;
    String ringId = "";
    String hardNegative = "";
    long sharedAddress;
    long sharedPayment;
    int sharedPostal = -1;
  }

  /** What the run produced, for the command's summary and for tests. */
  public record Summary(Map<String, Long> rows, Map<String, Long> dirtyRows, long orders, long orderLines,
                        long customers, double seconds) {}

  private final SimConfig cfg;
  private final Catalog catalog;
  private final long startTs;
  private final long endTs;
  private final long policyChangeTs;
  private final double meanRate;
  private Landing landing;
  private BufferedWriter truthCustomers;
  private BufferedWriter truthReturns;
  private long orders;
  private long orderLines;
  private double seconds;

  private Simulator(SimConfig cfg) {
    this.cfg = cfg;
    this.startTs = Fmt.at(cfg.start(), 0, 0, BERLIN);
    this.endTs = Fmt.at(cfg.end(), 0, 0, BERLIN);
    this.policyChangeTs = cfg.policyChange() == null ? Long.MAX_VALUE : Fmt.at(cfg.policyChange(), 0, 0, BERLIN);
    this.catalog = new Catalog(cfg.seed(), cfg.skus(), startTs, endTs);
    this.meanRate = cfg.ordersPerDay() / cfg.customers();
  }

  /**
   * Makes sure the run starts from empty entity folders, so no drop of an earlier run survives
   * next to the new ones: with {@code replace} it deletes them (and the truth files), otherwise it
   * refuses an {@code out} that already holds drops.
   */
  public static void prepare(SimConfig cfg, boolean replace) throws IOException {
    for (Entity e : Contract.ENTITIES) {
      Path dir = cfg.out().resolve(e.name());
      if (Files.exists(dir)) {
        if (!replace) {
          throw new UserError(cfg.out() + " already holds " + e.name()
              + " drops: choose another --out or pass --replace");
        }
        LocalFiles.deleteTree(dir);
      }
    }
    for (String f : List.of("customers.csv", "returns.csv", "dirty_rows.csv")) {
      Files.deleteIfExists(cfg.truth().resolve(f));
    }
  }

  /** Generates the landing drops and truth files for {@code cfg}. */
  public static Summary run(SimConfig cfg) throws IOException {
    return new Simulator(cfg).generate(0);
  }

  /** As {@link #run(SimConfig)} with at most {@code maxOpenFiles} drop files open at once (tests). */
  static Summary run(SimConfig cfg, int maxOpenFiles) throws IOException {
    return new Simulator(cfg).generate(maxOpenFiles);
  }

  private Summary generate(int maxOpenFiles) throws IOException {
    Files.createDirectories(cfg.out());
    Files.createDirectories(cfg.truth());
    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, Long> dirty = new LinkedHashMap<>();
    try (Stage stage = Stage.start("sim.generate");
         Landing l = new Landing(cfg.out(), cfg.truth(), cfg.start(), cfg.days(), cfg.dirtyRate(), cfg.seed(),
             maxOpenFiles);
         BufferedWriter tc = Files.newBufferedWriter(cfg.truth().resolve("customers.csv"), StandardCharsets.UTF_8);
         BufferedWriter tr = Files.newBufferedWriter(cfg.truth().resolve("returns.csv"), StandardCharsets.UTF_8)) {
      landing = l;
      truthCustomers = tc;
      truthReturns = tr;
      tc.write("customer_id,persona,is_abuser,abuse_types,intensity,ring_id,hard_negative_group\n");
      tr.write("rma_id,customer_id,is_abusive,abuse_type\n");
      writeCatalog();
      for (int b = 0; b * (long) BLOCK < cfg.customers(); b++) {
        int n = (int) Math.min(BLOCK, cfg.customers() - (long) b * BLOCK);
        Plan[] plans = planBlock(b, n);
        for (int i = 0; i < n; i++) {
          new Shopper(b * BLOCK + i, plans[i]).simulate();
        }
        if (b % 25 == 24) {
          stage.progress((b + 1L) * BLOCK + " customers, " + orderLines + " order lines");
        }
      }
      for (int i = 0; i < ENTITIES.size(); i++) {
        rows.put(ENTITIES.get(i).name(), l.rowCounts()[i]);
      }
      for (Landing.Dirty k : Landing.Dirty.values()) {
        dirty.put(k.name().toLowerCase(Locale.ROOT), l.dirtyCounts()[k.ordinal()]);
      }
      stage.rows(orderLines, rows.values().stream().mapToLong(Long::longValue).sum());
      seconds = stage.seconds();
    }
    return new Summary(rows, dirty, orders, orderLines, cfg.customers(), seconds);
  }

  private void writeCatalog() {
    for (Product p : catalog.products) {
      long known = Math.max(p.launchTs(), startTs);
      landing.write(Contract.PRODUCTS, drop(known), productRow(p, p.priceCents(), Math.max(p.launchTs(), startTs - 30 * DAY)));
      if (p.changeTs() != Long.MAX_VALUE) {
        landing.write(Contract.PRODUCTS, drop(p.changeTs()), productRow(p, p.newPriceCents(), p.changeTs()));
      }
    }
  }

  private static String[] productRow(Product p, long price, long updated) {
    return new String[] {p.sku(), p.title(), Catalog.CATEGORIES[p.category()], p.subcategory(), p.brand(),
        Fmt.money(price), "EUR", Integer.toString(p.weightGrams()), Boolean.toString(p.returnable()),
        Boolean.toString(p.hygiene()), Fmt.ts(updated, BERLIN)};
  }

  /** Plans personas for one block: exact expected counts with random rounding, shuffled slots. */
  Plan[] planBlock(int block, int n) {
    SplittableRandom r = new SplittableRandom(Fmt.mix(cfg.seed(), block, 0xB10CL));
    Plan[] plans = new Plan[n];
    for (int i = 0; i < n; i++) {
      plans[i] = new Plan();
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int next = 0;
    for (Persona p : Persona.values()) {
      if (p == Persona.NORMAL) {
        continue;
      }
      int k = round(r, cfg.abuserShare() * n * p.shareOfAbusers());
      if (p == Persona.RING_MEMBER) {
        int ring = 0;
        while (k >= 2 && next + 2 <= n) {
          int size = Math.min(k, 3 + r.nextInt(3));
          if (k - size == 1) {
            size++;
          }
          Persona behaviour = new Persona[] {Persona.INR_FRAUDSTER, Persona.EMPTY_BOX_RETURNER,
              Persona.RETURNLESS_EXPLOITER}[r.nextInt(3)];
          long address = r.nextLong();
          long payment = r.nextLong();
          int postal = r.nextInt(90_000);
          double intensity = 0.3 + 0.65 * r.nextDouble();
          for (int m = 0; m < size && next < n; m++) {
            Plan pl = plans[order[next++]];
            pl.persona = Persona.RING_MEMBER;
            pl.behaviour = behaviour;
            pl.intensity = intensity;
            pl.ringId = "RING-" + block + "-" + ring;
            pl.sharedAddress = r.nextDouble() < 0.8 ? address : 0;
            pl.sharedPayment = pl.sharedAddress == 0 || r.nextDouble() < 0.6 ? payment : 0;
            pl.sharedPostal = postal;
          }
          ring++;
          k -= size;
        }
        continue;
      }
      for (int m = 0; m < k && next < n; m++) {
        Plan pl = plans[order[next++]];
        pl.persona = p;
        pl.behaviour = p;
        pl.intensity = 0.3 + 0.65 * r.nextDouble();
      }
    }
    int bracketers = round(r, 0.03 * n);
    for (int m = 0; m < bracketers && next < n; m++) {
      plans[order[next++]].hardNegative = "bracketer";
    }
    int bigSpenders = round(r, 0.01 * n);
    for (int m = 0; m < bigSpenders && next < n; m++) {
      plans[order[next++]].hardNegative = "big_spender";
    }
    int households = round(r, 0.03 * n);
    while (households >= 2 && next + 2 <= n) {
      int size = Math.min(households, 2 + r.nextInt(2));
      long address = r.nextLong();
      int postal = r.nextInt(90_000);
      for (int m = 0; m < size && next < n; m++) {
        Plan pl = plans[order[next++]];
        pl.hardNegative = "household";
        pl.sharedAddress = address;
        pl.sharedPostal = postal;
      }
      households -= size;
    }
    return plans;
  }

  private static int round(SplittableRandom r, double expected) {
    int k = (int) Math.floor(expected);
    return k + (r.nextDouble() < expected - k ? 1 : 0);
  }

  LocalDate drop(long ts) {
    return Fmt.date(ts, BERLIN);
  }

  /** Relative order volume on a day: weekday pattern, Nov-Dec peak, Black Friday week, Christmas dip. */
  static double season(LocalDate d) {
    double w = switch (d.getDayOfWeek()) {
      case MONDAY -> 1.05;
      case FRIDAY -> 0.95;
      case SATURDAY -> 0.9;
      case SUNDAY -> 1.1;
      default -> 1.0;
    };
    double m = switch (d.getMonth()) {
      case JANUARY -> 0.85;
      case OCTOBER -> 1.0;
      case NOVEMBER -> 1.3;
      case DECEMBER -> d.getDayOfMonth() >= 21 && d.getDayOfMonth() <= 26 ? 0.7 : 1.5;
      default -> 0.9;
    };
    LocalDate blackFriday = LocalDate.of(d.getYear(), Month.NOVEMBER, 1)
        .with(TemporalAdjusters.dayOfWeekInMonth(4, DayOfWeek.THURSDAY)).plusDays(1);
    long fromBf = d.toEpochDay() - blackFriday.toEpochDay();
    if (fromBf >= -3 && fromBf <= 3) {
      m *= 1.8;
    }
    return w * m;
  }

  private static boolean holiday(long orderTs) {
    Month m = Fmt.date(orderTs, BERLIN).getMonth();
    return m == Month.NOVEMBER || m == Month.DECEMBER;
  }

  private long returnlessCap(long ts) {
    return ts < policyChangeTs ? cfg.returnlessCapCents() : cfg.returnlessCapAfterCents();
  }

  /** One customer account and everything it does, simulated from its own random stream. */
  private final class Shopper {
    final int index;
    final Plan plan;
    final SplittableRandom r;
    final String id;
    final Country country;
    final String region;
    final String postal;
    final double propensity;
    final String signer;
    boolean defectVictim;
    int returnCount;
    int claimCount;
    long firstOrderTs = Long.MAX_VALUE;

    Shopper(int index, Plan plan) {
      this.index = index;
      this.plan = plan;
      this.r = new SplittableRandom(Fmt.mix(cfg.seed(), index, 0xC057L));
      this.id = "C" + Fmt.pad(index + 1, 8);
      this.country = COUNTRIES[Catalog.pick(r, COUNTRY_WEIGHTS)];
      this.region = country.regions[r.nextInt(country.regions.length)];
      this.postal = postalCode(plan.sharedPostal >= 0 ? plan.sharedPostal : r.nextInt(90_000));
      this.propensity = StrictMath.exp(0.45 * Catalog.gaussian(r) - 0.1);
      String surname = SURNAMES[r.nextInt(SURNAMES.length)];
      this.signer = (char) ('A' + r.nextInt(26)) + ". " + surname;
    }

    String postalCode(int n) {
      return switch (country.code) {
        case "GB" -> "" + (char) ('A' + n % 26) + (char) ('A' + n / 26 % 26) + (1 + n % 20) + " " + (n % 9 + 1)
            + (char) ('A' + n / 7 % 26) + (char) ('A' + n / 11 % 26);
        case "AT" -> Fmt.pad(1000 + n % 9000, 4);
        default -> Fmt.pad(10_000 + n % 89_999, 5);
      };
    }

    void simulate() throws IOException {
      long created;
      if (plan.persona == Persona.RING_MEMBER) {
        created = startTs + (long) ((r.nextDouble() * 0.5 - 0.25) * (endTs - startTs));
      } else if (r.nextDouble() < 0.85) {
        created = startTs - DAY * (20 + r.nextInt(1500)) - r.nextInt((int) DAY);
      } else {
        created = startTs + (long) (r.nextDouble() * (endTs - startTs) * 0.9);
      }
      String email = Fmt.hex(Fmt.mix(cfg.seed(), index, 0xE3A1L));
      String address = Fmt.hex(plan.sharedAddress != 0 ? plan.sharedAddress : Fmt.mix(cfg.seed(), index, 0xADD7L));
      String payment = "pm_" + Fmt.hex(plan.sharedPayment != 0 ? plan.sharedPayment : Fmt.mix(cfg.seed(), index, 0x9A7L));
      String createdText = Fmt.ts(created, country.zone);
      landing.write(Contract.CUSTOMERS, drop(Math.max(created, startTs)),
          new String[] {id, createdText, country.code, region, postal, email, address, payment, createdText});
      if (plan.sharedAddress == 0 && r.nextDouble() < 0.015) { // moved: a second version of the account
        long moved = Math.max(created, startTs) + (long) (r.nextDouble() * (endTs - Math.max(created, startTs)));
        landing.write(Contract.CUSTOMERS, drop(moved), new String[] {id, createdText, country.code, region,
            postalCode(r.nextInt(90_000)), email, Fmt.hex(r.nextLong()), payment, Fmt.ts(moved, country.zone)});
      }

      double rate = meanRate * StrictMath.exp(0.8 * Catalog.gaussian(r) - 0.32);
      if (plan.hardNegative.equals("big_spender")) {
        rate *= 6;
      }
      if (plan.persona.isAbuser()) {
        rate *= 1.5 + plan.intensity;
      }
      long t = Math.max(startTs, created + HOUR);
      int seq = 0;
      while (seq < 9_999) {
        t += (long) (-StrictMath.log(1 - r.nextDouble()) / (rate * MAX_SEASON * 1.4) * DAY);
        if (t >= endTs) {
          break;
        }
        ZonedDateTime local = Instant.ofEpochSecond(t).atZone(country.zone);
        LocalDate d = local.toLocalDate();
        int hour = local.getHour();
        if (r.nextDouble() * MAX_SEASON * 1.4 < season(d) * HOUR_WEIGHT[hour]) {
          order(++seq, t);
        }
      }
      review(created);
      String types = plan.persona == Persona.RING_MEMBER
          ? "LINKED_ACCOUNTS;" + plan.behaviour.abuseType : plan.persona.isAbuser() ? plan.persona.abuseType : "";
      String hardNegative = plan.hardNegative.isEmpty() && defectVictim ? "defect_victim" : plan.hardNegative;
      truthCustomers.write(id + "," + plan.persona.truthName() + "," + plan.persona.isAbuser() + "," + types + ","
          + (plan.persona.isAbuser() ? String.format(Locale.ROOT, "%.2f", plan.intensity) : "") + ","
          + plan.ringId + "," + hardNegative + "\n");
    }

    // ---------------------------------------------------------------- orders

    final class Line {
      int no;
      Product p;
      int qty;
      long unit;
      long discount;
      String size;
      int pairedWith; // bracketing: the other size's line number

      long paid() {
        return qty * unit - discount;
      }
    }

    void order(int seq, long ts) {
      long g = (long) index * 10_000 + seq;
      firstOrderTs = Math.min(firstOrderTs, ts);
      String channel = new String[] {"FBA", "FBM", "WEB"}[Catalog.pick(r, new double[] {0.55, 0.25, 0.20})];
      String marketplace = channel.equals("WEB") ? "webshop" : country.marketplace;
      String orderId = channel.equals("WEB") ? "WS" + Fmt.pad(g, 14)
          : (country.code.equals("GB") ? "203-" : "302-") + Fmt.pad(g / 10_000_000, 7) + "-" + Fmt.pad(g % 10_000_000, 7);
      String service = new String[] {"STANDARD", "EXPEDITED", "PRIORITY"}[Catalog.pick(r, new double[] {0.8, 0.15, 0.05})];
      double fx = country.currency.equals("GBP") ? 0.86 : 1.0;
      LocalDate day = Fmt.date(ts, BERLIN);
      boolean bfWeek = season(day) > 2;
      String promo = r.nextDouble() < (bfWeek ? 0.25 : 0.07)
          ? (bfWeek ? "BLACKFRIDAY" : r.nextBoolean() ? "WELCOME10" : "SAVE10") : "";

      List<Line> lines = new ArrayList<>(3);
      int n = 1 + (r.nextDouble() < 0.33 ? (r.nextDouble() < 0.3 ? 2 : 1) : 0);
      for (int i = 0; i < n; i++) {
        Product p = chooseProduct(ts);
        if (p == null) {
          continue;
        }
        Line l = new Line();
        l.no = lines.size() + 1;
        l.p = p;
        l.qty = p.category() == ELECTRONICS || r.nextDouble() < 0.88 ? 1 : (r.nextDouble() < 0.8 ? 2 : 3);
        l.unit = Math.round(p.priceAt(ts) * fx);
        l.discount = promo.isEmpty() ? 0 : Math.round(l.qty * l.unit * 0.10);
        l.size = size(p, 2);
        lines.add(l);
        if (plan.hardNegative.equals("bracketer") && p.sized() && r.nextDouble() < 0.6) {
          Line other = new Line();
          other.no = lines.size() + 1;
          other.p = p;
          other.qty = 1;
          l.qty = 1;
          l.discount = promo.isEmpty() ? 0 : Math.round(l.unit * 0.10);
          other.unit = l.unit;
          other.discount = l.discount;
          String[] sizes = p.category() == APPAREL ? Catalog.APPAREL_SIZES : Catalog.SHOE_SIZES;
          int at = Arrays.asList(sizes).indexOf(l.size);
          other.size = sizes[at + 1 < sizes.length ? at + 1 : at - 1];
          other.pairedWith = l.no;
          l.pairedWith = other.no;
          lines.add(other);
        }
      }
      if (lines.isEmpty()) {
        return;
      }
      long items = lines.stream().mapToLong(Line::paid).sum();
      long fee = switch (service) {
        case "PRIORITY" -> Math.round(999 * fx);
        case "EXPEDITED" -> channel.equals("FBA") && r.nextDouble() < 0.4 ? 0 : Math.round(599 * fx);
        default -> items >= 2900 * fx || channel.equals("FBA") && r.nextDouble() < 0.4 ? 0 : Math.round(399 * fx);
      };
      long total = items + fee;
      orders++;
      orderLines += lines.size();
      LocalDate orderDrop = drop(ts);
      landing.write(Contract.ORDERS, orderDrop, new String[] {orderId, id, Fmt.ts(ts, country.zone), channel,
          marketplace, country.code, region, postal, service, Fmt.money(fee), country.currency, promo});
      for (Line l : lines) {
        landing.write(Contract.ORDER_LINES, orderDrop, new String[] {orderId, Integer.toString(l.no), l.p.sku(),
            Integer.toString(l.qty), Fmt.money(l.unit), Fmt.money(l.discount), l.size});
      }

      // outbound parcel
      Carrier carrier = country.carriers[Catalog.pick(r, country.carrierWeights)];
      long handling = (long) ((channel.equals("FBA") ? 3 + r.nextInt(16) : 10 + r.nextInt(31)) * HOUR + r.nextInt(3600));
      long shipped = ts + handling;
      if (!channel.equals("FBA") && Fmt.date(shipped, country.zone).getDayOfWeek() == DayOfWeek.SUNDAY) {
        shipped += DAY;
      }
      long labelTs = ts + handling * 6 / 10;
      int transit = switch (service) {
        case "PRIORITY" -> 1;
        case "EXPEDITED" -> carrier.minTransit;
        default -> carrier.minTransit + r.nextInt(carrier.maxTransit - carrier.minTransit + 1);
      };
      int promisedDays = switch (service) {
        case "PRIORITY" -> 1;
        case "EXPEDITED" -> Math.max(1, carrier.minTransit);
        default -> carrier.maxTransit;
      };
      LocalDate promised = addWorkingDays(Fmt.date(shipped, country.zone), promisedDays);
      boolean signature = items >= 25_000 * fx || service.equals("PRIORITY")
          && lines.stream().anyMatch(l -> l.p.category() == ELECTRONICS);
      String tid = carrier.trackingId(g * 16);
      landing.write(Contract.SHIPMENTS, drop(shipped), new String[] {"SH" + Fmt.pad(g, 14), orderId, carrier.name(),
          tid, service, Boolean.toString(signature), Fmt.ts(shipped, country.zone), promised.toString()});
      Parcel parcel = track(carrier, tid, labelTs, shipped, transit, country.warehouse, country.cities[r.nextInt(
          country.cities.length)] + ", " + country.code, signature ? signer : "", country.zone);
      boolean late = parcel.delivered > 0 && Fmt.date(parcel.delivered, country.zone).isAfter(promised);

      Order o = new Order(orderId, g, ts, channel, fee, total, lines, parcel, late, promised);
      if (parcel.lost > 0) {
        lostParcel(o);
      } else if (parcel.returnedToSender > 0) {
        refund(o, 0, "", "", parcel.returnedToSender + DAY + r.nextInt((int) DAY), items, 0, false, "SELLER");
      } else if (parcel.delivered > 0) {
        // an INR fraudster claims the parcel never came instead of returning anything from it
        if (plan.behaviour == Persona.INR_FRAUDSTER && r.nextDouble() < 0.2 + 0.6 * plan.intensity) {
          inrFraud(o);
        } else if (!returns(o)) {
          claims(o);
        }
      }
    }

    Product chooseProduct(long ts) {
      Persona b = plan.behaviour;
      if (b == Persona.RETURNLESS_EXPLOITER && r.nextDouble() < 0.8) {
        long cap = returnlessCap(ts);
        Product p = catalog.pickPriced(r, Math.max(100, cap - 400), cap, ts);
        if (p != null) {
          return p;
        }
      }
      double[] w = switch (b) {
        case WARDROBER -> new double[] {0.6, 0.05, 0.3, 0.03, 0.02};
        case INR_FRAUDSTER -> new double[] {0.2, 0.15, 0.5, 0.1, 0.05};
        case EMPTY_BOX_RETURNER -> new double[] {0.15, 0.3, 0.45, 0.05, 0.05};
        default -> plan.hardNegative.equals("big_spender") ? new double[] {0.3, 0.15, 0.35, 0.15, 0.05}
            : Catalog.CATEGORY_WEIGHTS;
      };
      return catalog.pick(r, Catalog.pick(r, w), ts);
    }

    String size(Product p, int spread) {
      if (p.category() == APPAREL) {
        return Catalog.APPAREL_SIZES[Math.min(5, Math.max(0, 2 + (int) Math.round(Catalog.gaussian(r) * spread / 2.0)))];
      }
      if (p.category() == SHOES) {
        return Catalog.SHOE_SIZES[Math.min(9, Math.max(0, 5 + (int) Math.round(Catalog.gaussian(r) * spread)))];
      }
      return "";
    }

    // ---------------------------------------------------------------- tracking

    final class Parcel {
      long delivered;
      long lost;
      long returnedToSender;
      boolean signed;
    }

    /** Scans of one parcel from label to delivery, loss or return to sender; written as they become known. */
    Parcel track(Carrier c, String tid, long labelTs, long handover, int transit, String origin, String destination,
                 String signedBy, ZoneId zone) {
      Parcel p = new Parcel();
      int[] seq = {0};
      scan(c, tid, labelTs, "LABEL_CREATED", origin + " Hub", "", seq, zone);
      long t = handover + HOUR + r.nextInt((int) (3 * HOUR));
      scan(c, tid, t, "IN_TRANSIT", origin + " Hub", "", seq, zone);
      boolean delayed = r.nextDouble() < c.delayRate;
      int extra = delayed ? 1 + r.nextInt(3) : 0;
      LocalDate handDay = Fmt.date(handover, zone);
      if (transit >= 2 || delayed) {
        scan(c, tid, Fmt.at(handDay.plusDays(1), 2 + r.nextInt(4), r.nextInt(60), zone), "IN_TRANSIT",
            destination.split(",")[0] + " Depot", "", seq, zone);
      }
      if (r.nextDouble() < c.lossRate) {
        if (r.nextBoolean()) {
          scan(c, tid, Fmt.at(handDay.plusDays(2), 10 + r.nextInt(8), r.nextInt(60), zone), "EXCEPTION",
              destination.split(",")[0] + " Depot", "", seq, zone);
        }
        p.lost = Fmt.at(handDay.plusDays(7 + r.nextInt(6)), 9 + r.nextInt(8), r.nextInt(60), zone);
        scan(c, tid, p.lost, "LOST", destination.split(",")[0] + " Depot", "", seq, zone);
        return p;
      }
      if (delayed) {
        scan(c, tid, Fmt.at(handDay.plusDays(1), 12 + r.nextInt(8), r.nextInt(60), zone), "EXCEPTION",
            destination.split(",")[0] + " Depot", "", seq, zone);
      }
      LocalDate d = skipSunday(handDay.plusDays(transit + extra));
      for (int attempt = 1; ; attempt++) {
        long ofd = Fmt.at(d, 7 + r.nextInt(3), r.nextInt(60), zone);
        scan(c, tid, ofd, "OUT_FOR_DELIVERY", destination, "", seq, zone);
        long at = ofd + HOUR + r.nextInt((int) (8 * HOUR));
        if (r.nextDouble() < (attempt == 1 ? c.failedAttemptRate : 0.25)) {
          scan(c, tid, at, "DELIVERY_ATTEMPTED", destination, "", seq, zone);
          if (attempt == 2) {
            p.returnedToSender = at + DAY * (3 + r.nextInt(3));
            scan(c, tid, p.returnedToSender, "RETURNED_TO_SENDER", origin + " Hub", "", seq, zone);
            return p;
          }
          d = skipSunday(d.plusDays(1));
          continue;
        }
        p.delivered = at;
        p.signed = !signedBy.isEmpty();
        scan(c, tid, at, "DELIVERED", destination, signedBy, seq, zone);
        return p;
      }
    }

    void scan(Carrier c, String tid, long ts, String status, String location, String signedBy, int[] seq, ZoneId zone) {
      String[] row = {c.name(), tid, Fmt.ts(ts, zone), status, location, signedBy, "EV" + Fmt.pad(++seq[0], 3)};
      // scans reach the seller the same day or the next
      emit(Contract.TRACKING_EVENTS, drop(ts).plusDays(r.nextDouble() < 0.25 ? 1 : 0), row);
    }

    /** An event row: a share arrives late (out of order), a share is sent twice. */
    void emit(Entity e, LocalDate drop, String[] row) {
      emit(e, drop, row, -1);
    }

    void emit(Entity e, LocalDate drop, String[] row, long paid) {
      LocalDate at = r.nextDouble() < cfg.lateShare() ? drop.plusDays(1 + r.nextInt(6)) : drop;
      write(e, at, row, paid);
      if (r.nextDouble() < cfg.duplicateShare()) {
        write(e, at.plusDays(r.nextInt(4)), row, paid);
      }
    }

    void write(Entity e, LocalDate drop, String[] row, long paid) {
      if (e == Contract.REFUNDS) {
        landing.writeRefund(drop, row, paid);
      } else {
        landing.write(e, drop, row);
      }
    }

    // ---------------------------------------------------------------- returns

    record Order(String id, long g, long ts, String channel, long fee, long total, List<Line> lines, Parcel parcel,
                 boolean late, LocalDate promised) {}

    boolean shippingRefunded;

    /** Returns of a delivered order, line by line; true when any return was requested. */
    boolean returns(Order o) {
      shippingRefunded = false;
      boolean any = false;
      long delivered = o.parcel.delivered;
      long windowEnd = delivered + 30 * DAY;
      if (holiday(o.ts)) {
        LocalDate jan31 = LocalDate.of(Fmt.date(o.ts, BERLIN).getYear() + 1, 1, 31);
        windowEnd = Math.max(windowEnd, Fmt.at(jan31, 23, 59, BERLIN));
      }
      for (Line l : o.lines) {
        Product p = l.p;
        ReasonCode reason = null;
        long requested = 0;
        boolean abusive = false;
        String condition = null;
        if (l.pairedWith > 0) { // bracketing: keep one size, send the other back
          if (l.pairedWith > l.no && r.nextDouble() < 0.85) {
            Line other = o.lines.get(l.pairedWith - 1);
            Line back = r.nextBoolean() ? l : other;
            lineReturn(o, back, sizeReason(back, back == l ? other : l),
                Math.min(honestRequest(o, windowEnd), windowEnd - r.nextInt((int) DAY)), false, null, windowEnd);
            any = true;
          }
          continue;
        }
        if (r.nextDouble() < p.defectRate() * 1.5) {
          reason = r.nextDouble() < 0.7 ? ReasonCode.DEFECTIVE : ReasonCode.QUALITY_UNACCEPTABLE;
          requested = honestRequest(o, windowEnd);
          if (p.defectiveBatch() && plan.persona == Persona.NORMAL) {
            defectVictim = true;
          }
        } else if (r.nextDouble() < RETURN_RATE[p.category()] * propensity * (holiday(o.ts) ? 1.12 : 1.0)) {
          reason = honestReason(p, o.late);
          requested = honestRequest(o, windowEnd);
        } else {
          Persona b = plan.behaviour;
          double x = r.nextDouble();
          double intensity = plan.intensity;
          if (b == Persona.SERIAL_RETURNER && x < 0.35 + 0.5 * intensity) {
            reason = r.nextDouble() < 0.4 ? pick(ReasonCode.NOT_AS_DESCRIBED, ReasonCode.DEFECTIVE)
                : pick(ReasonCode.UNWANTED_ITEM, ReasonCode.APPAREL_STYLE, ReasonCode.ORDERED_WRONG_ITEM);
            requested = honestRequest(o, windowEnd);
            condition = "SELLABLE";
            abusive = true;
          } else if (b == Persona.WARDROBER && (p.category() == APPAREL || p.category() == ELECTRONICS)
              && x < 0.3 + 0.6 * intensity) {
            reason = pick(ReasonCode.APPAREL_STYLE, ReasonCode.UNWANTED_ITEM, ReasonCode.NOT_AS_DESCRIBED);
            requested = afterWeekend(delivered + DAY + r.nextInt((int) (3 * DAY)));
            condition = r.nextDouble() < 0.7 ? "SELLABLE" : "DAMAGED";
            abusive = true;
          } else if (b == Persona.RETURNLESS_EXPLOITER && l.paid() < returnlessCap(delivered) * 1.2
              && x < 0.4 + 0.5 * intensity) {
            reason = pick(ReasonCode.QUALITY_UNACCEPTABLE, ReasonCode.DEFECTIVE, ReasonCode.DAMAGED_BY_CARRIER,
                ReasonCode.MISSING_PARTS);
            requested = delivered + HOUR * (6 + r.nextInt(72));
            abusive = true;
          } else if (b == Persona.EMPTY_BOX_RETURNER && l.paid() >= 3000 && x < 0.25 + 0.5 * intensity) {
            reason = pick(ReasonCode.DEFECTIVE, ReasonCode.NOT_AS_DESCRIBED, ReasonCode.SWITCHEROO,
                ReasonCode.MISSING_PARTS);
            requested = delivered + DAY + r.nextInt((int) (8 * DAY));
            condition = r.nextBoolean() ? "EMPTY_BOX" : "WRONG_ITEM";
            abusive = true;
          }
        }
        if (reason != null) {
          lineReturn(o, l, reason, Math.min(requested, windowEnd - r.nextInt((int) DAY)), abusive,
              condition, windowEnd);
          any = true;
        }
      }
      return any;
    }

    ReasonCode sizeReason(Line back, Line kept) {
      String[] sizes = back.p.category() == APPAREL ? Catalog.APPAREL_SIZES : Catalog.SHOE_SIZES;
      return Arrays.asList(sizes).indexOf(back.size) < Arrays.asList(sizes).indexOf(kept.size)
          ? ReasonCode.APPAREL_TOO_SMALL : ReasonCode.APPAREL_TOO_LARGE;
    }

    ReasonCode pick(ReasonCode... codes) {
      return codes[r.nextInt(codes.length)];
    }

    /** Reason mix per category; size is about a third of fashion returns. */
    ReasonCode honestReason(Product p, boolean late) {
      if (late && r.nextDouble() < 0.15) {
        return ReasonCode.MISSED_ESTIMATED_DELIVERY;
      }
      ReasonCode[] codes;
      double[] w;
      switch (p.category()) {
        case APPAREL, SHOES -> {
          codes = new ReasonCode[] {ReasonCode.APPAREL_TOO_SMALL, ReasonCode.APPAREL_TOO_LARGE,
              ReasonCode.APPAREL_STYLE, ReasonCode.UNWANTED_ITEM, ReasonCode.QUALITY_UNACCEPTABLE,
              ReasonCode.NOT_AS_DESCRIBED, ReasonCode.DEFECTIVE, ReasonCode.DAMAGED_BY_CARRIER,
              ReasonCode.SWITCHEROO, ReasonCode.ORDERED_WRONG_ITEM};
          w = new double[] {0.18, 0.16, 0.2, 0.14, 0.1, 0.08, 0.04, 0.03, 0.02, 0.05};
        }
        case ELECTRONICS -> {
          codes = new ReasonCode[] {ReasonCode.DEFECTIVE, ReasonCode.NOT_COMPATIBLE, ReasonCode.UNWANTED_ITEM,
              ReasonCode.QUALITY_UNACCEPTABLE, ReasonCode.NOT_AS_DESCRIBED, ReasonCode.FOUND_BETTER_PRICE,
              ReasonCode.DAMAGED_BY_CARRIER, ReasonCode.MISSING_PARTS, ReasonCode.ORDERED_WRONG_ITEM};
          w = new double[] {0.25, 0.15, 0.15, 0.1, 0.1, 0.08, 0.07, 0.05, 0.05};
        }
        case HOME -> {
          codes = new ReasonCode[] {ReasonCode.DAMAGED_BY_CARRIER, ReasonCode.UNWANTED_ITEM,
              ReasonCode.NOT_AS_DESCRIBED, ReasonCode.QUALITY_UNACCEPTABLE, ReasonCode.DEFECTIVE,
              ReasonCode.ORDERED_WRONG_ITEM, ReasonCode.FOUND_BETTER_PRICE, ReasonCode.MISSING_PARTS};
          w = new double[] {0.2, 0.2, 0.15, 0.15, 0.1, 0.1, 0.05, 0.05};
        }
        default -> {
          codes = new ReasonCode[] {ReasonCode.UNWANTED_ITEM, ReasonCode.QUALITY_UNACCEPTABLE,
              ReasonCode.DAMAGED_BY_CARRIER, ReasonCode.NOT_AS_DESCRIBED, ReasonCode.DEFECTIVE,
              ReasonCode.ORDERED_WRONG_ITEM};
          w = new double[] {0.25, 0.2, 0.15, 0.15, 0.1, 0.15};
        }
      }
      return codes[Catalog.pick(r, w)];
    }

    /** Days after delivery; a third of Nov-Dec returns are gifts sent back after Christmas. */
    long honestRequest(Order o, long windowEnd) {
      long delivered = o.parcel.delivered;
      if (holiday(o.ts) && r.nextDouble() < 0.35) {
        long afterXmas = Fmt.at(LocalDate.of(Fmt.date(o.ts, BERLIN).getYear(), 12, 26), 9, 0, BERLIN);
        long from = Math.max(delivered + HOUR, afterXmas);
        return from + (long) (r.nextDouble() * r.nextDouble() * Math.max(DAY, windowEnd - from));
      }
      return delivered + HOUR * 2 + (long) (-StrictMath.log(1 - r.nextDouble()) * 5 * DAY);
    }

    /** Wardrobers send back after the weekend: a request that falls on Sat/Sun moves to Monday. */
    long afterWeekend(long ts) {
      LocalDate d = Fmt.date(ts, country.zone);
      if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY || r.nextDouble() < 0.4) {
        LocalDate monday = d.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        return Fmt.at(monday, 8 + r.nextInt(12), r.nextInt(60), country.zone);
      }
      return ts;
    }

    /** One RMA through its lifecycle; each status change is a new version in the drop it became known. */
    void lineReturn(Order o, Line l, ReasonCode reason, long requested, boolean abusive, String condition,
                    long windowEnd) {
      if (requested > windowEnd || requested <= o.parcel.delivered) {
        return;
      }
      String rma = "RMA" + Fmt.pad(o.g, 14) + "-" + l.no;
      int qty = l.qty > 1 && r.nextDouble() < 0.3 ? 1 : l.qty;
      long amount = l.paid() * qty / l.qty;
      Product p = l.p;
      ZoneId z = country.zone;
      Ret v = new Ret(rma, o, l, reason, qty, Fmt.ts(requested, z));
      if (requested < endTs) {
        returnCount++;
        String type = abusive ? plan.behaviour.abuseType : "";
        try {
          truthReturns.write(rma + "," + id + "," + abusive + "," + type + "\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      long cap = returnlessCap(requested);
      boolean returnless = p.hygiene() && amount <= 2 * cap
          || amount <= cap && (p.category() == BEAUTY || p.category() == HOME || reason.isSellerFault());
      if (!p.returnable() && !reason.isSellerFault()) {
        v.resolution = "REFUND";
        v.version("REQUESTED", requested);
        v.version("REJECTED", requested + HOUR * (4 + r.nextInt(40)));
        return;
      }
      if (returnless) {
        v.resolution = "RETURNLESS_REFUND";
        v.version("REQUESTED", requested);
        long refundTs = requested + HOUR * (8 + r.nextInt(40));
        v.version("REFUNDED", refundTs);
        refund(o, l.no, rma, "", refundTs, amount, shippingFor(o, reason), true, "SELLER");
        return;
      }
      v.resolution = reason.isSellerFault() && reason != ReasonCode.NOT_AS_DESCRIBED && r.nextDouble() < 0.1
          && !abusive ? "REPLACEMENT" : "REFUND";
      v.version("REQUESTED", requested);
      long issued = requested + HOUR + r.nextInt((int) (20 * HOUR));
      Carrier rc = country.code.equals("GB") ? (r.nextBoolean() ? Carrier.ROYALMAIL : Carrier.EVRI)
          : (r.nextDouble() < 0.6 ? Carrier.DHL : Carrier.DPD);
      v.labelIssued = Fmt.ts(issued, z);
      v.labelExpires = Fmt.ts(issued + 30 * DAY, z);
      v.carrier = rc.name();
      v.tracking = rc.trackingId(o.g * 16 + l.no);
      v.version("AUTHORIZED", issued);
      if (r.nextDouble() < (abusive ? 0.02 : 0.08)) { // the label is never used
        v.version("EXPIRED", issued + 30 * DAY);
        return;
      }
      long handover = issued + HOUR * (2 + (long) (-StrictMath.log(1 - r.nextDouble()) * (abusive ? 24 : 72)));
      handover = Math.min(handover, issued + 29 * DAY);
      Parcel back = track(rc, v.tracking, issued, handover, rc.minTransit + 1, country.cities[0],
          "Returns Centre " + country.warehouse + ", " + (country.code.equals("GB") ? "GB" : "DE"), "", z);
      v.version("SHIPPED", handover + HOUR);
      if (back.delivered == 0) { // lost or bounced on the way back: refunded anyway, the carrier pays
        long lostAt = Math.max(back.lost, back.returnedToSender);
        v.condition = "NOT_RECEIVED";
        long refundTs = lostAt + DAY * (1 + r.nextInt(3));
        v.version("REFUNDED", refundTs);
        refund(o, l.no, rma, "", refundTs, amount, shippingFor(o, reason), false, "CARRIER");
        return;
      }
      long received = back.delivered + HOUR * (2 + r.nextInt(30));
      v.received = Fmt.ts(received, z);
      v.condition = condition != null ? condition : grade(reason);
      v.version("RECEIVED", received);
      if (v.resolution.equals("REPLACEMENT")) {
        return;
      }
      if ((v.condition.equals("EMPTY_BOX") || v.condition.equals("WRONG_ITEM")) && r.nextDouble() < 0.55) {
        v.version("REJECTED", received + DAY * (1 + r.nextInt(3)));
        return;
      }
      long refundTs = received + DAY + r.nextInt((int) (4 * DAY));
      v.version("REFUNDED", refundTs);
      refund(o, l.no, rma, "", refundTs, amount, shippingFor(o, reason), false, "SELLER");
    }

    /** The outbound fee goes back once per order, and only for a seller-fault reason. */
    long shippingFor(Order o, ReasonCode reason) {
      if (!reason.isSellerFault() || shippingRefunded || o.fee == 0) {
        return 0;
      }
      shippingRefunded = true;
      return o.fee;
    }

    String grade(ReasonCode reason) {
      double u = r.nextDouble();
      return switch (reason) {
        case DEFECTIVE, QUALITY_UNACCEPTABLE, MISSING_PARTS -> u < 0.65 ? "DEFECTIVE" : "SELLABLE";
        case DAMAGED_BY_CARRIER -> u < 0.8 ? "DAMAGED" : "SELLABLE";
        default -> u < 0.85 ? "SELLABLE" : "DAMAGED";
      };
    }

    /** One RMA's versions. */
    final class Ret {
      final String rma;
      final Order o;
      final Line l;
      final ReasonCode reason;
      final int qty;
      final String requested;
      String resolution = "REFUND";
      String labelIssued = "";
      String labelExpires = "";
      String carrier = "";
      String tracking = "";
      String received = "";
      String condition = "";

      Ret(String rma, Order o, Line l, ReasonCode reason, int qty, String requested) {
        this.rma = rma;
        this.o = o;
        this.l = l;
        this.reason = reason;
        this.qty = qty;
        this.requested = requested;
      }

      void version(String status, long updated) {
        boolean labelled = !status.equals("REQUESTED") && !resolution.equals("RETURNLESS_REFUND");
        emit(Contract.RETURNS, drop(updated), new String[] {rma, o.id, Integer.toString(l.no), id, requested,
            reason.name(), Integer.toString(qty), resolution, labelled ? labelIssued : "",
            labelled ? labelExpires : "", labelled ? carrier : "", labelled ? tracking : "", received, condition,
            status, Fmt.ts(updated, country.zone)});
      }
    }

    int refundSeq;

    void refund(Order o, int lineNo, String rma, String claim, long ts, long item, long shipping, boolean returnless,
                String fundedBy) {
      String method = !o.channel.equals("WEB") && r.nextDouble() < 0.15 ? "ACCOUNT_BALANCE" : "ORIGINAL_PAYMENT";
      emit(Contract.REFUNDS, drop(ts), new String[] {"RF" + Fmt.pad(o.g, 14) + "-" + (++refundSeq), o.id,
          lineNo > 0 ? Integer.toString(lineNo) : "", rma, claim, Fmt.ts(ts, country.zone), Fmt.money(item),
          Fmt.money(shipping), country.currency, method, Boolean.toString(returnless), fundedBy}, o.total);
    }

    // ---------------------------------------------------------------- claims

    int claimSeq;

    String claim(Order o, String type, long ts, long decidedTs, String decision) {
      claimCount++;
      String cid = "CL" + Fmt.pad(o.g, 14) + "-" + (++claimSeq);
      String amount = Fmt.money(o.total);
      String opened = Fmt.ts(ts, country.zone);
      emit(Contract.CLAIMS, drop(ts), new String[] {cid, o.id, id, opened, type, "OPEN", "", amount,
          country.currency, "", opened});
      String decided = Fmt.ts(decidedTs, country.zone);
      emit(Contract.CLAIMS, drop(decidedTs), new String[] {cid, o.id, id, opened, type,
          decision == null ? "WITHDRAWN" : "DECIDED", decision == null ? "" : decision, amount, country.currency,
          decision == null ? "" : decided, decided});
      return cid;
    }

    /** Who pays for a lost parcel: the marketplace for FBA; the seller, or the carrier on a claim. */
    String lossFunder(Order o) {
      return o.channel.equals("FBA") ? "MARKETPLACE" : r.nextDouble() < 0.4 ? "CARRIER" : "SELLER";
    }

    void lostParcel(Order o) {
      long items = o.total - o.fee;
      long lostAt = o.parcel.lost;
      if (r.nextDouble() < 0.7) { // the buyer asks first
        long claimTs = Fmt.at(o.promised.plusDays(2 + r.nextInt(5)), 9 + r.nextInt(12), r.nextInt(60), country.zone);
        long decided = Math.max(claimTs, lostAt) + HOUR * (4 + r.nextInt(44));
        String cid = claim(o, "ITEM_NOT_RECEIVED", claimTs, decided, "GRANTED");
        refund(o, 0, "", cid, decided + HOUR * (1 + r.nextInt(24)), items, o.fee, false, lossFunder(o));
      } else {
        refund(o, 0, "", "", lostAt + DAY * (1 + r.nextInt(3)), items, o.fee, false, lossFunder(o));
      }
    }

    /** Item-not-received claim on a parcel tracking shows delivered (sometimes signed for). */
    void inrFraud(Order o) {
      long items = o.total - o.fee;
      long claimTs = o.parcel.delivered + DAY + r.nextInt((int) (5 * DAY));
      boolean chargeback = plan.persona == Persona.RING_MEMBER && r.nextDouble() < 0.3;
      boolean granted = r.nextDouble() < (o.parcel.signed ? 0.25 : o.channel.equals("FBA") ? 0.65 : 0.5);
      long decided = claimTs + HOUR * (20 + r.nextInt(100));
      String cid = claim(o, chargeback ? "CHARGEBACK" : "ITEM_NOT_RECEIVED", claimTs, decided,
          granted ? "GRANTED" : "DENIED");
      if (granted) {
        refund(o, 0, "", cid, decided + HOUR * (1 + r.nextInt(24)), items, o.fee, false,
            o.channel.equals("FBA") ? "MARKETPLACE" : "SELLER");
      } else if (!o.channel.equals("WEB") && r.nextDouble() < 0.5) {
        long az = decided + DAY * (1 + r.nextInt(3));
        long azDecided = az + DAY * (2 + r.nextInt(5));
        boolean azGranted = r.nextDouble() < 0.35;
        String aid = claim(o, "A_TO_Z", az, azDecided, azGranted ? "GRANTED" : "DENIED");
        if (azGranted) {
          refund(o, 0, "", aid, azDecided + HOUR * (1 + r.nextInt(24)), items, o.fee, false,
              o.channel.equals("FBA") ? "MARKETPLACE" : "SELLER");
        }
      }
    }

    /** Honest claims on a delivered order without returns: worried buyers, transit damage, chargebacks. */
    void claims(Order o) {
      long delivered = o.parcel.delivered;
      long items = o.total - o.fee;
      double u = r.nextDouble();
      if (o.late && u < 0.15) { // worried buyer asks about a late parcel, withdraws once it arrives
        long claimTs = Math.min(delivered - HOUR, Fmt.at(o.promised.plusDays(1), 10 + r.nextInt(8), 0, country.zone));
        if (claimTs > o.ts) {
          claim(o, "ITEM_NOT_RECEIVED", claimTs, delivered + HOUR * (2 + r.nextInt(20)), null);
        }
      } else if (u < 0.003) {
        long claimTs = delivered + HOUR * (3 + r.nextInt(48));
        long decided = claimTs + DAY * (1 + r.nextInt(4));
        String cid = claim(o, "DAMAGED_IN_TRANSIT", claimTs, decided, "GRANTED");
        refund(o, 0, "", cid, decided + HOUR * (1 + r.nextInt(24)), items, o.fee, false, "CARRIER");
      } else if (u < 0.004) {
        long claimTs = delivered + DAY * (5 + r.nextInt(40));
        claim(o, "CHARGEBACK", claimTs, claimTs + DAY * (5 + r.nextInt(20)), r.nextDouble() < 0.8 ? "DENIED" : "GRANTED");
      }
    }

    // ---------------------------------------------------------------- fraud reviews

    /** The fraud team's past decision on this account, with its mistakes. */
    void review(long created) throws IOException {
      boolean abuser = plan.persona.isAbuser();
      double p = abuser ? 0.25 + 0.3 * plan.intensity
          : !plan.hardNegative.isEmpty() || defectVictim ? 0.08 : returnCount >= 3 ? 0.03 : 0.003;
      if (firstOrderTs == Long.MAX_VALUE || r.nextDouble() >= p) {
        return;
      }
      long from = firstOrderTs + 10 * DAY;
      if (from >= endTs) {
        return;
      }
      long ts = Fmt.at(Fmt.date(from + (long) (r.nextDouble() * (endTs - from)), BERLIN), 9 + r.nextInt(9),
          r.nextInt(60), BERLIN);
      double u = r.nextDouble();
      String decision;
      String type;
      String note;
      if (abuser) {
        decision = u < 0.72 ? "CONFIRMED_ABUSE" : u < 0.87 ? "WATCH" : "CLEARED";
        type = decision.equals("CLEARED") ? "" : plan.persona == Persona.RING_MEMBER && r.nextBoolean()
            ? plan.behaviour.abuseType : plan.persona.abuseType;
        note = decision.equals("CLEARED") ? "pattern looked explainable, no action"
            : "escalated after " + (returnCount + claimCount) + " returns and claims";
      } else {
        decision = u < 0.8 ? "CLEARED" : u < 0.95 ? "WATCH" : "CONFIRMED_ABUSE";
        type = decision.equals("CLEARED") ? "" : returnCount >= 2 ? "SERIAL_RETURNER" : "INR_FRAUD";
        note = decision.equals("CLEARED") ? "legitimate: " + (plan.hardNegative.isEmpty() ? "normal activity"
            : plan.hardNegative.replace('_', ' ')) : "many returns, review again";
      }
      landing.write(Contract.FRAUD_REVIEWS, drop(ts), new String[] {"FR" + Fmt.pad(index + 1, 8) + "-1", id,
          Fmt.ts(ts, BERLIN), REVIEWERS[r.nextInt(REVIEWERS.length)], decision, type, note});
    }
  }

  static LocalDate skipSunday(LocalDate d) {
    return d.getDayOfWeek() == DayOfWeek.SUNDAY ? d.plusDays(1) : d;
  }

  static LocalDate addWorkingDays(LocalDate d, int n) {
    LocalDate x = d;
    for (int i = 0; i < n; i++) {
      x = skipSunday(x.plusDays(1));
    }
    return x;
  }
}
