package shop.analytics;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import shop.events.CartEvent;
import shop.events.EventCatalog;
import shop.events.LocationEvent;
import shop.events.Money;
import shop.events.OrderEvent;
import shop.events.OrderLine;
import shop.events.SaleEvent;
import shop.events.SaleLine;
import shop.events.Topics;
import shop.platform.Json;
import shop.testsupport.CloudEventProducer;

/**
 * Publishes the events analytics-service reads, as the services send them (binary CloudEvents, key = aggregate id),
 * with the time each happened, so tests can send them late, out of order or twice.
 */
final class AnalyticsEvents {
  private final Json json;

  AnalyticsEvents(Json json) {
    this.json = json;
  }

  static SaleLine line(String product, int quantity, long unit) {
    return new SaleLine(product, quantity, new Money(unit, "EUR"), new Money(unit * quantity, "EUR"));
  }

  static OrderLine orderLine(String product, int quantity, long unit) {
    return new OrderLine(product, product, quantity, new Money(unit, "EUR"), new Money(unit * quantity, "EUR"));
  }

  static long total(List<SaleLine> lines) {
    return lines.stream().mapToLong(l -> l.lineTotal().amount()).sum();
  }

  void location(String id, String timeZone) {
    send(Topics.LOCATION_EVENTS, id, new LocationEvent.Created(id, id, timeZone), Instant.now());
  }

  /** An event as sent, to send it again. */
  record Sent(String topic, String key, Object event, String id, Instant at) {
  }

  /** A POS sale. */
  Sent sale(String location, Instant at, SaleLine... lines) {
    String saleId = UUID.randomUUID().toString();
    return send(Topics.SALE_EVENTS, saleId, new SaleEvent.Completed(saleId, location, List.of(lines),
        new Money(total(List.of(lines)), "EUR"), at), at);
  }

  void fulfilment(String location, String orderId, Instant at, SaleLine... lines) {
    send(Topics.SALE_EVENTS, orderId, new SaleEvent.Completed(orderId, location, List.of(lines),
        new Money(total(List.of(lines)), "EUR"), at, orderId), at);
  }

  void saleReturn(String location, Instant at, SaleLine... lines) {
    String returnId = UUID.randomUUID().toString();
    send(Topics.SALE_EVENTS, returnId, new SaleEvent.Returned(returnId, UUID.randomUUID().toString(), location,
        List.of(lines), new Money(total(List.of(lines)), "EUR"), at), at);
  }

  /** Places an order (answers its id). */
  String order(String location, Instant at, OrderLine... lines) {
    String orderId = "order-" + UUID.randomUUID();
    long total = List.of(lines).stream().mapToLong(l -> l.lineTotal().amount()).sum();
    send(Topics.ORDER_EVENTS, orderId, new OrderEvent.Placed(orderId, "cart-" + orderId, 1, "alice", location,
        List.of(lines), new Money(total, "EUR"), at, at.plusSeconds(120)), at);
    return orderId;
  }

  void confirmed(String orderId, String location, Instant at) {
    send(Topics.ORDER_EVENTS, orderId, new OrderEvent.Confirmed(orderId, location, at), at);
  }

  void cancelled(String orderId, String location, Instant at) {
    send(Topics.ORDER_EVENTS, orderId, new OrderEvent.Cancelled(orderId, location, "customer", at), at);
  }

  void rejected(String orderId, String location, Instant at) {
    send(Topics.ORDER_EVENTS, orderId, new OrderEvent.Rejected(orderId, location, "expired", List.of(), at), at);
  }

  Sent cart(String cartId, String location, Instant at) {
    return send(Topics.CART_EVENTS, cartId, new CartEvent.Created(cartId, "alice", location, "EUR"), at);
  }

  void checkedOut(String cartId, Instant at) {
    send(Topics.CART_EVENTS, cartId, new CartEvent.CheckedOut(cartId, "order-of-" + cartId), at);
  }

  void abandoned(String cartId, Instant at) {
    send(Topics.CART_EVENTS, cartId, new CartEvent.Abandoned(cartId, at.minusSeconds(3600)), at);
  }

  /** Sends an event again under the same ce_id (a relay's redelivery). */
  void redeliver(Sent sent) {
    CloudEventProducer.publishAt(sent.topic(), sent.key(), EventCatalog.typeOf(sent.event()), null, sent.id(),
        sent.at(), json.write(sent.event()));
  }

  Sent send(String topic, String key, Object event, Instant at) {
    Sent sent = new Sent(topic, key, event, UUID.randomUUID().toString(), at);
    redeliver(sent);
    return sent;
  }
}
