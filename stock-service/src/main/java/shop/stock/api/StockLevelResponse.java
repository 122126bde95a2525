package shop.stock.api;

import shop.stock.domain.StockLevel;

/** Authoritative stock of one product at one location. */
public record StockLevelResponse(String locationId, String productId, long onHand, long reserved, long available,
    long version) {
  public static StockLevelResponse of(StockLevel l) {
    return new StockLevelResponse(l.locationId(), l.productId(), l.onHand(), l.reserved(), l.available(), l.version());
  }
}
