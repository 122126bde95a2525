package shop.cart.domain;

import java.util.List;

import shop.events.CartLineData;
import shop.events.CartStatus;
import shop.events.StockShortfall;

/**
 * The state of a cart at {@code version}, as stored in a snapshot. Loading = latest snapshot + the events after it;
 * deleting every snapshot changes nothing but the time it takes.
 */
public record CartSnapshot(String id, String ownerId, String locationId, String currency, CartStatus status,
    List<CartLineData> lines, List<StockShortfall> warnings, String orderId, long version) {

  Cart toCart() {
    return Cart.of(id, ownerId, locationId, currency, status, lines, warnings, orderId, version);
  }
}
