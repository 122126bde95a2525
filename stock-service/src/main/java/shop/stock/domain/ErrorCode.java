package shop.stock.domain;

import shop.platform.Refusal;

/** stock-service's refusal codes (the {@code code} member of a problem+json body); statuses: StockRefusalStatuses. */
public enum ErrorCode implements Refusal.Code {
  NOT_FOUND("not-found"), UNKNOWN_PRODUCT("unknown-product"), PRODUCT_INACTIVE("product-inactive"), CURRENCY_MISMATCH(
      "currency-mismatch"), INSUFFICIENT_STOCK("insufficient-stock"), RETURN_EXCEEDS_SALE(
          "return-exceeds-sale"), BELOW_RESERVED("below-reserved"), LIMIT_EXCEEDED(
              "limit-exceeded"), DUPLICATE_SKU("duplicate-sku"), DUPLICATE_ID("duplicate-id");

  private final String wire;

  ErrorCode(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
