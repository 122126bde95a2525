package shop.stock.service;

import java.util.ArrayList;
import java.util.List;

import shop.events.EventTypes;
import shop.events.LocationCreatedEvent;
import shop.events.ProductEvent;
import shop.events.StockChangedEvent;
import shop.events.Topics;
import shop.stock.domain.Product;
import shop.stock.domain.SoldLine;
import shop.stock.domain.StockLevel;
import shop.platform.outbox.OutboxEvent;

/** Maps domain changes to the outbox events of the public contract (topic, key, type, subject, sequence). */
final class Events {
  private Events() {
  }

  static OutboxEvent product(Product p, boolean created) {
    return new OutboxEvent(Topics.PRODUCT_EVENTS, p.id(),
        created ? EventTypes.PRODUCT_CREATED : EventTypes.PRODUCT_UPDATED, p.id(), p.version(),
        new ProductEvent(p.id(), p.sku(), p.name(), p.category(), p.price(), p.active(), p.version()));
  }

  static OutboxEvent location(String id, String name) {
    return new OutboxEvent(Topics.LOCATION_EVENTS, id, EventTypes.LOCATION_CREATED, id, null,
        new LocationCreatedEvent(id, name));
  }

  static OutboxEvent stockChanged(StockLevel after, long delta, String reason, String reference) {
    String key = Topics.stockKey(after.locationId(), after.productId());
    return new OutboxEvent(Topics.STOCK_EVENTS, key, EventTypes.STOCK_CHANGED, key, after.version(),
        new StockChangedEvent(after.locationId(), after.productId(), after.onHand(), after.reserved(),
            after.available(), delta, reason, reference, after.version()));
  }

  static List<OutboxEvent> stockChanged(List<SoldLine> lines, String reason, String reference) {
    List<OutboxEvent> events = new ArrayList<>(lines.size());
    for (SoldLine l : lines) {
      events.add(stockChanged(l.after(), l.delta(), reason, reference));
    }
    return events;
  }
}
