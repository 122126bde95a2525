package shop.cart.domain;

import shop.platform.Refusal;

/** cart-service's refusal codes (the {@code code} member of a problem+json body); statuses: CartRefusalStatuses. */
public enum ErrorCode implements Refusal.Code {
  CART_CLOSED("cart-closed"), LIMIT_EXCEEDED("limit-exceeded"), NOT_FOUND("not-found"), UNKNOWN_PRODUCT(
      "unknown-product"), PRODUCT_UNAVAILABLE("product-unavailable"), CURRENCY_MISMATCH(
          "currency-mismatch"), MERGE_REFUSED("merge-refused"), CART_EMPTY("cart-empty");

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
