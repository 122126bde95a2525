package shop.cart.domain;

import shop.platform.Refusal;

/** cart-service's refusal codes (on the wire: {@code NOT_FOUND} is {@code not-found}); statuses: CartRefusalStatuses. */
public enum ErrorCode implements Refusal.Code {
  CART_CLOSED,
  LIMIT_EXCEEDED,
  NOT_FOUND,
  UNKNOWN_PRODUCT,
  PRODUCT_UNAVAILABLE,
  CURRENCY_MISMATCH,
  MERGE_REFUSED,
  CART_EMPTY,
  /** An order still waiting for its stock reservation. */
  ORDER_PENDING,
  /** An order already rejected, cancelled or fulfilled. */
  ORDER_CLOSED
}
