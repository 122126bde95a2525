package shop.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token a guest cart is created with: {@code v1.} + HMAC-SHA256 of the cart id, base64url. It is bound to one cart
 * (useless for any other), signed by cart-service and checked by cart-service and projection-service, which share
 * the keys. The first key signs; every key verifies, so a key is rotated by putting the new one first and dropping the
 * old one once the carts it signed have ended. A cart token does not expire: a guest cart lives until it is checked
 * out, merged or abandoned, and its token is worth nothing afterwards beyond reading it.
 */
public final class CartTokens {
  /** The header a guest sends its cart token in. */
  public static final String HEADER = "Cart-Token";
  private static final String PREFIX = "v1.";
  private static final int MIN_KEY_BYTES = 32;

  private final List<SecretKeySpec> keys;

  /** @param secrets at least one, each at least 32 bytes (UTF-8) */
  public CartTokens(List<String> secrets) {
    if (secrets == null || secrets.isEmpty()) {
      throw new IllegalArgumentException("no cart-token key configured");
    }
    this.keys = secrets.stream().map(s -> {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      if (bytes.length < MIN_KEY_BYTES) {
        throw new IllegalArgumentException("a cart-token key must have at least " + MIN_KEY_BYTES + " bytes");
      }
      return new SecretKeySpec(bytes, "HmacSHA256");
    }).toList();
  }

  public String issue(String cartId) {
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(keys.get(0), cartId));
  }

  /** True when {@code token} was issued for {@code cartId} with one of the keys (compared in constant time). */
  public boolean verify(String cartId, String token) {
    if (token == null || cartId == null || !token.startsWith(PREFIX) || token.length() > 100) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return false;
    }
    boolean ok = false;
    for (SecretKeySpec key : keys) {
      ok |= MessageDigest.isEqual(mac(key, cartId), given);
    }
    return ok;
  }

  private static byte[] mac(SecretKeySpec key, String cartId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(("cart:" + cartId).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
