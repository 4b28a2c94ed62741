package dev.boomerang.ingest;

import dev.boomerang.contract.ColumnType;
import dev.boomerang.contract.Contract;
import dev.boomerang.contract.Entity;
import dev.boomerang.contract.Field;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every validation rule of ingestion, declared once. Row rules (required, format, allowed values)
 * come from the contract; ranges, references and the cross-entity checks are declared here.
 * {@link #markdown()} renders them for {@code docs/INGESTION.md} and {@code ingest --help}.
 */
public final class IngestRules {

  private IngestRules() {}

  /** A row whose reference is still unknown is retried on the runs of this many later drop days. */
  public static final int PENDING_WINDOW_DAYS = 3;

  /** A range rule: {@code mustHold} is Spark SQL over the row's typed columns; a row where it is false fails. */
  public record Range(String column, String mustHold) {}

  /**
   * A reference: the values of {@code columns} must be a key of silver {@code target}
   * ({@code targetKey}, same order). A row where one of the referring columns is empty is not
   * checked (an optional reference, such as a refund's {@code line_no}).
   */
  public record Reference(List<String> columns, String target, List<String> targetKey) {
    public String describe() {
      return "(" + String.join(", ", columns) + ") → " + target + "(" + String.join(", ", targetKey) + ")";
    }
  }

  static final Map<String, List<Range>> RANGES = Map.of(
      "products", List.of(new Range("list_price", "list_price >= 0"), new Range("weight_grams", "weight_grams > 0")),
      "orders", List.of(new Range("shipping_fee", "shipping_fee >= 0")),
      "order_lines", List.of(new Range("quantity", "quantity > 0"), new Range("unit_price", "unit_price >= 0"),
          new Range("discount", "discount >= 0"), new Range("discount", "discount <= quantity * unit_price")),
      "returns", List.of(new Range("quantity", "quantity > 0")),
      "refunds", List.of(new Range("item_amount", "item_amount >= 0"), new Range("shipping_amount", "shipping_amount >= 0")),
      "claims", List.of(new Range("amount", "amount >= 0")));

  static final Map<String, List<Reference>> REFERENCES = Map.of(
      "orders", List.of(ref("customer_id", "customers")),
      "order_lines", List.of(ref("order_id", "orders"), ref("sku", "products")),
      "shipments", List.of(ref("order_id", "orders")),
      "returns", List.of(new Reference(List.of("order_id", "line_no"), "order_lines", List.of("order_id", "line_no")),
          ref("customer_id", "customers")),
      "refunds", List.of(ref("order_id", "orders"),
          new Reference(List.of("order_id", "line_no"), "order_lines", List.of("order_id", "line_no"))),
      "claims", List.of(ref("order_id", "orders"), ref("customer_id", "customers")),
      "fraud_reviews", List.of(ref("customer_id", "customers")),
      // reversals carry negative amounts, so reimbursements have no range rule
      "reimbursements", List.of(new Reference(List.of("sku"), "products", List.of("sku")),
          new Reference(List.of("order_id"), "orders", List.of("order_id"))));

  /** Checks that need a referenced row's values; they run once every reference is known. */
  static final Map<String, List<String>> CROSS_CHECKS = Map.of(
      "returns", List.of("`out_of_range`: quantity <= the order line's quantity"),
      "refunds", List.of("`refund_exceeds_paid`: with `line_no`, item_amount <= the line's value "
          + "(quantity * unit_price - discount) and shipping_amount <= the order's shipping_fee; without it, "
          + "item_amount + shipping_amount <= the order's line values + shipping_fee. Held as pending until the "
          + "order has at least one known line."));

  /** Entities whose rows change state; every version is kept in {@code silver.<entity>_history}. */
  public static final Set<String> WITH_HISTORY = Set.of("customers", "products", "returns", "claims");

  private static Reference ref(String column, String target) {
    return new Reference(List.of(column), target, Contract.entity(target).key());
  }

  public static List<Range> ranges(Entity e) {
    return RANGES.getOrDefault(e.name(), List.of());
  }

  public static List<Reference> references(Entity e) {
    return REFERENCES.getOrDefault(e.name(), List.of());
  }

  /** True when some entity's reference looks rows of {@code e} up. */
  static boolean isReferenced(Entity e) {
    return REFERENCES.values().stream().flatMap(List::stream).anyMatch(r -> r.target().equals(e.name()));
  }

  /** The text form a column of this type must match (anchored), or null for free text. */
  static String formatRegex(ColumnType t) {
    return switch (t) {
      case STRING -> null;
      case INT -> "[+-]?[0-9]{1,10}";
      case DECIMAL -> "[+-]?[0-9]{1,10}(\\.[0-9]{1,2})?";
      case BOOLEAN -> "true|false";
      case DATE -> "[0-9]{4}-[0-9]{2}-[0-9]{2}";
      case TIMESTAMP -> "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})";
    };
  }

  /** The rules of every entity as Markdown, in the order they are checked. */
  public static String markdown() {
    StringBuilder md = new StringBuilder("<!-- generated from dev.boomerang.ingest.IngestRules: run `./boomerang ingest --rules` -->\n");
    md.append("\nA row is checked in this order and quarantined under the first rule it breaks: `missing_required`, "
        + "`bad_format`, `not_allowed`, `out_of_range`, then references (held as pending, `unknown_reference` after "
        + PENDING_WINDOW_DAYS + " later drop days), then the checks that need the referenced rows.\n");
    for (Entity e : Contract.ENTITIES) {
      md.append("\n### `").append(e.name()).append("`\n\n");
      md.append("- `missing_required`: ").append(String.join(", ", e.requiredFields().stream().map(Field::name).toList())).append('\n');
      List<String> formats = e.fields().stream()
          .filter(f -> formatRegex(f.type()) != null || f.pattern() != null)
          .map(f -> f.name() + " (" + (f.pattern() != null ? "`" + f.pattern() + "`" : f.type().name().toLowerCase()) + ")")
          .toList();
      if (!formats.isEmpty()) {
        md.append("- `bad_format`: ").append(String.join(", ", formats)).append('\n');
      }
      List<String> allowed = e.fields().stream().filter(f -> !f.allowed().isEmpty()).map(Field::name).toList();
      if (!allowed.isEmpty()) {
        md.append("- `not_allowed`: ").append(String.join(", ", allowed)).append(" (values in `data/CONTRACT.md`)\n");
      }
      for (Range r : ranges(e)) {
        md.append("- `out_of_range`: ").append(r.mustHold()).append('\n');
      }
      for (Reference r : references(e)) {
        md.append("- reference: ").append(r.describe()).append('\n');
      }
      for (String c : CROSS_CHECKS.getOrDefault(e.name(), List.of())) {
        md.append("- ").append(c).append('\n');
      }
      md.append("- silver: `silver.").append(e.name()).append("`, key (").append(String.join(", ", e.key())).append(")")
          .append(e.versionColumn() == null ? ", latest drop wins when any column differs"
              : ", newest `" + e.versionColumn() + "` wins")
          .append(WITH_HISTORY.contains(e.name()) ? "; every version in `silver." + e.name() + "_history`" : "")
          .append('\n');
    }
    return md.toString();
  }
}
