package shop.stock.domain;

import shop.platform.Refusal;

/** stock-service's refusal codes (on the wire: {@code NOT_FOUND} is {@code not-found}); statuses: StockRefusalStatuses. */
public enum ErrorCode implements Refusal.Code {
  NOT_FOUND,
  UNKNOWN_PRODUCT,
  PRODUCT_INACTIVE,
  CURRENCY_MISMATCH,
  INSUFFICIENT_STOCK,
  RETURN_EXCEEDS_SALE,
  BELOW_RESERVED,
  LIMIT_EXCEEDED,
  DUPLICATE_SKU,
  DUPLICATE_ID
}
