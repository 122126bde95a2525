package shop.stock.domain;

/** Stable, machine-readable error codes of the public API (the {@code code} member of a problem+json body). */
public enum ErrorCode {
  NOT_FOUND("not-found"),
  UNKNOWN_PRODUCT("unknown-product"),
  PRODUCT_INACTIVE("product-inactive"),
  CURRENCY_MISMATCH("currency-mismatch"),
  INSUFFICIENT_STOCK("insufficient-stock"),
  RETURN_EXCEEDS_SALE("return-exceeds-sale"),
  BELOW_RESERVED("below-reserved"),
  LIMIT_EXCEEDED("limit-exceeded"),
  DUPLICATE_SKU("duplicate-sku"),
  DUPLICATE_ID("duplicate-id");

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
