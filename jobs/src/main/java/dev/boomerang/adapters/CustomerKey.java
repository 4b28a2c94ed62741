package dev.boomerang.adapters;

import dev.boomerang.common.UserError;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudonymous customer key for exports that carry no customer id, built the same way by every
 * adapter: HMAC-SHA256, keyed with a secret salt, over normalised buyer fields.
 *
 * <ul>
 *   <li>With a buyer e-mail: the e-mail alone (lower case, trimmed).</li>
 *   <li>Otherwise: buyer name (if any) + postal code + city + country, each lower-cased, accents
 *       removed, everything but letters and digits dropped.</li>
 * </ul>
 * The key is {@code "ck_"} + the first 24 hex digits (96 bits). The salt comes from
 * {@code --customer-key-salt}, {@code BOOMERANG_CUSTOMER_KEY_SALT} or the config key
 * {@code customer-key-salt}; there is no built-in default, because a known salt would let anyone
 * holding a buyer's address recompute the key. Reliability is discussed in {@code docs/REAL-DATA.md}.
 */
public final class CustomerKey {

  public static final int MIN_SALT_LENGTH = 16;

  private final byte[] salt;

  public CustomerKey(String salt) {
    if (salt == null || salt.isBlank()) {
      throw new UserError("no customer key salt: give --customer-key-salt, set BOOMERANG_CUSTOMER_KEY_SALT, "
          + "or add customer-key-salt to the --config file (a secret of at least " + MIN_SALT_LENGTH
          + " characters, the same for every import)");
    }
    if (salt.length() < MIN_SALT_LENGTH) {
      throw new UserError("customer key salt is " + salt.length() + " characters; use at least " + MIN_SALT_LENGTH);
    }
    this.salt = salt.getBytes(StandardCharsets.UTF_8);
  }

  /** The customer key, or null when no buyer field is present. */
  public String key(String email, String name, String postalCode, String city, String country) {
    String e = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    String basis = !e.isEmpty() ? "email:" + e
        : "addr:" + fold(name) + "|" + fold(postalCode) + "|" + fold(city) + "|" + fold(country);
    if (basis.equals("addr:|||")) {
      return null;
    }
    return "ck_" + hmac(basis).substring(0, 24);
  }

  /** Keyed hash of a normalised e-mail for {@code customers.email_hash}; null without one. */
  public String emailHash(String email) {
    return email == null || email.isBlank() ? null : hmac("email-hash:" + email.trim().toLowerCase(Locale.ROOT));
  }

  /** Keyed hash of the normalised shipping address for {@code customers.address_hash}. */
  public String addressHash(String... parts) {
    StringBuilder b = new StringBuilder("address:");
    boolean any = false;
    for (String p : parts) {
      any |= !fold(p).isEmpty();
      b.append(fold(p)).append('|');
    }
    return any ? hmac(b.toString()) : null;
  }

  static String fold(String s) {
    if (s == null) {
      return "";
    }
    String n = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return n.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{Nd}]", "");
  }

  private String hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 unavailable", ex);
    }
  }
}
