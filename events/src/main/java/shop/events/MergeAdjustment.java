package shop.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a merge did differently from "add every source line": {@code reason} is {@code capped} (quantity limited to
 * the per-line maximum), {@code product-unavailable} (no longer sold: dropped) or {@code cart-full} (line limit:
 * dropped). {@code requested} is the quantity the lines would have summed to, {@code applied} what the cart got.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MergeAdjustment(String productId, String reason, int requested, int applied) {
  public static final String CAPPED = "capped";
  public static final String PRODUCT_UNAVAILABLE = "product-unavailable";
  public static final String CART_FULL = "cart-full";
}
