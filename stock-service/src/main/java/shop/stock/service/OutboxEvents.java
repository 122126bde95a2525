package shop.stock.service;

import java.util.ArrayList;
import java.util.List;

import shop.events.EventCatalog;
import shop.events.LocationEvent;
import shop.events.ProductEvent;
import shop.events.StockEvent;
import shop.events.StockKey;
import shop.events.Topics;
import shop.platform.outbox.OutboxEvent;
import shop.stock.domain.Product;
import shop.stock.domain.SoldLine;
import shop.stock.domain.StockLevel;

/** stock-service's changes as the outbox events of the public contract (topic, key, type, subject, sequence). */
final class OutboxEvents {
  private OutboxEvents() {
  }

  static OutboxEvent product(Product p, boolean created) {
    ProductEvent event = created
        ? new ProductEvent.Created(p.id(), p.sku(), p.name(), p.category(), p.price(), p.active(), p.version())
        : new ProductEvent.Updated(p.id(), p.sku(), p.name(), p.category(), p.price(), p.active(), p.version());
    return event(Topics.PRODUCT_EVENTS, p.id(), p.version(), event);
  }

  static OutboxEvent location(String id, String name, String timeZone) {
    return event(Topics.LOCATION_EVENTS, id, null, new LocationEvent.Created(id, name, timeZone));
  }

  static OutboxEvent stockChanged(StockLevel after, long delta, String reason, String reference) {
    return event(Topics.STOCK_EVENTS, StockKey.of(after.locationId(), after.productId()), after.version(),
        new StockEvent.Changed(after.locationId(), after.productId(), after.onHand(), after.reserved(),
            after.available(), delta, reason, reference, after.version()));
  }

  static List<OutboxEvent> stockChanged(List<SoldLine> lines, String reason, String reference) {
    List<OutboxEvent> events = new ArrayList<>(lines.size());
    for (SoldLine l : lines) {
      events.add(stockChanged(l.after(), l.delta(), reason, reference));
    }
    return events;
  }

  /** An event keyed (and subjected) by its aggregate id; the type comes from the catalogue. */
  static OutboxEvent event(String topic, String key, Long sequence, Object payload) {
    return new OutboxEvent(topic, key, EventCatalog.typeOf(payload), key, sequence, payload);
  }
}
