package dev.boomerang.contract;

import java.util.Arrays;
import java.util.List;

/**
 * Return reason codes in the marketplace's own style (Seller Central's codes without the
 * {@code CR-} / {@code AMZ-PG-} prefix), each with who is responsible. Responsibility decides
 * the refund: seller fault refunds the item and the outbound shipping fee and the seller pays
 * the return label; buyer remorse refunds the item only.
 */
public enum ReasonCode {
  UNWANTED_ITEM(Responsibility.BUYER, false, "No longer needed"),
  ORDERED_WRONG_ITEM(Responsibility.BUYER, false, "Bought by mistake"),
  FOUND_BETTER_PRICE(Responsibility.BUYER, false, "Better price available"),
  APPAREL_TOO_SMALL(Responsibility.BUYER, true, "Too small"),
  APPAREL_TOO_LARGE(Responsibility.BUYER, true, "Too large"),
  APPAREL_STYLE(Responsibility.BUYER, false, "Style not as expected"),
  NOT_COMPATIBLE(Responsibility.BUYER, false, "Incompatible or not useful for intended purpose"),
  DEFECTIVE(Responsibility.SELLER, false, "Item defective or does not work"),
  QUALITY_UNACCEPTABLE(Responsibility.SELLER, false, "Product performance or quality is not adequate"),
  NOT_AS_DESCRIBED(Responsibility.SELLER, false, "Item not as described on the website"),
  DAMAGED_BY_CARRIER(Responsibility.SELLER, false, "Product and shipping box both damaged"),
  SWITCHEROO(Responsibility.SELLER, false, "Wrong item was sent"),
  MISSING_PARTS(Responsibility.SELLER, false, "Missing parts or accessories"),
  MISSED_ESTIMATED_DELIVERY(Responsibility.SELLER, false, "Item arrived too late");

  /** Who bears the cost of a return. */
  public enum Responsibility { BUYER, SELLER }

  private final Responsibility responsibility;
  private final boolean sizeRelated;
  private final String description;

  ReasonCode(Responsibility responsibility, boolean sizeRelated, String description) {
    this.responsibility = responsibility;
    this.sizeRelated = sizeRelated;
    this.description = description;
  }

  public Responsibility responsibility() {
    return responsibility;
  }

  public boolean isSellerFault() {
    return responsibility == Responsibility.SELLER;
  }

  public boolean isSizeRelated() {
    return sizeRelated;
  }

  public String description() {
    return description;
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }

  public static List<String> sellerFaultNames() {
    return Arrays.stream(values()).filter(ReasonCode::isSellerFault).map(Enum::name).toList();
  }

  public static List<String> sizeRelatedNames() {
    return Arrays.stream(values()).filter(ReasonCode::isSizeRelated).map(Enum::name).toList();
  }
}
