package shop.cart.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.cart.config.CartConfig;
import shop.cart.domain.Cart;
import shop.cart.domain.Order;
import shop.cart.repository.CartEventStore;
import shop.cart.repository.CartIndexRepository;
import shop.cart.repository.OrderStore;
import shop.cart.repository.StoredEvent;
import shop.events.CartEvent;
import shop.events.EventCatalog;
import shop.events.OrderEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.TraceContext;
import shop.platform.outbox.OutboxEvent;
import shop.platform.outbox.OutboxRepository;

/**
 * Writes what a cart command decided, in the command's transaction: the events appended at the expected version
 * (the store refuses a stale one), and with them the outbox rows for {@code cart-events}, the cart index and, every
 * {@code cart.snapshot-every} versions, a snapshot. Orders are written here too ({@link #persistOrder}), with the
 * same metadata.
 */
@ApplicationScoped
public class CartWriter {
  private final CartEventStore store;
  private final CartIndexRepository index;
  private final OutboxRepository outbox;
  private final OrderStore orders;
  private final CartConfig config;
  private final Json json;
  private final TraceContext traces;

  public CartWriter(CartEventStore store, CartIndexRepository index, OutboxRepository outbox, OrderStore orders,
      CartConfig config, Json json, TraceContext traces) {
    this.orders = orders;
    this.store = store;
    this.index = index;
    this.outbox = outbox;
    this.config = config;
    this.json = json;
    this.traces = traces;
  }

  /** Writes a command's change (both carts of a merge, the source first); the cart answered, as it is now. */
  Uni<Cart> persistChange(SqlConnection conn, String trace, String key, String command,
      CartCommandService.Change change) {
    Uni<Cart> other = change.otherEvents().isEmpty()
        ? Uni.createFrom().nullItem()
        : persist(conn, trace, key, command, change.other(), change.otherEvents(),
            fold(change.other(), change.otherEvents()));
    return other.chain(() -> change.targetEvents().isEmpty()
        ? Uni.createFrom().item(change.target())
        : persist(conn, trace, key, command, change.target(), change.targetEvents(),
            fold(change.target(), change.targetEvents())));
  }

  /** Appends the events of one cart (null {@code before}: a new cart) and writes, in the same transaction, its outbox rows, index and snapshot. */
  Uni<Cart> persist(SqlConnection conn, String trace, String key, String command, Cart before,
      List<CartEvent> events, Cart after) {
    long expected = before == null ? 0 : before.version();
    return store.append(conn, after.id(), expected, events, metadata(command, key, trace))
        .chain(stored -> {
          List<Uni<Void>> writes = new ArrayList<>();
          writes.add(outbox.append(conn, trace, outboxEvents(stored)));
          writes.add(index.save(conn, after));
          if (after.version() / config.snapshotEvery() > expected / config.snapshotEvery()) {
            writes.add(store.snapshot(conn, after));
          }
          return Uni.combine().all().unis(writes).discardItems();
        })
        .replaceWith(after);
  }

  /** A change decided by the service itself (no request, no Idempotency-Key), in the caller's transaction. */
  Uni<Cart> persistSystemChange(SqlConnection conn, String command, Cart cart, List<CartEvent> events) {
    return persistChange(conn, null, null, command, cart, events);
  }

  /** The events of one existing cart (none: nothing written), in the caller's transaction; the cart after them. */
  Uni<Cart> persistChange(SqlConnection conn, String trace, String key, String command, Cart cart,
      List<CartEvent> events) {
    return events.isEmpty()
        ? Uni.createFrom().item(cart)
        : persist(conn, trace, key, command, cart, events, fold(cart, events));
  }

  /**
   * Appends an order's events (null {@code before}: a new order) with their outbox rows for {@code order-events} and
   * the order's index, in the caller's transaction; the order after them.
   */
  Uni<Order> persistOrder(SqlConnection conn, String trace, String key, String command, Order before,
      List<OrderEvent> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().item(before);
    }
    Order after = before == null ? Order.replay(events) : fold(before, events);
    return orders.append(conn, after.id(), before == null ? 0 : before.version(), events,
        metadata(command, key, trace))
        .chain(appended -> Uni.combine().all().unis(
            outbox.append(conn, trace, appended.stream().map(a -> new OutboxEvent(Topics.ORDER_EVENTS,
                a.event().orderId(), EventCatalog.typeOf(a.event()), a.event().orderId(), a.version(), a.event()))
                .toList()),
            orders.index(conn, after, after.collectBy(config.checkout().collectWithin()))).discardItems())
        .replaceWith(after);
  }

  private static Order fold(Order order, List<OrderEvent> events) {
    Order o = order;
    for (OrderEvent e : events) {
      o = o.apply(e);
    }
    return o;
  }

  static List<OutboxEvent> outboxEvents(List<StoredEvent> stored) {
    return stored.stream().map(e -> new OutboxEvent(Topics.CART_EVENTS, e.cartId(), e.type(), e.cartId(),
        e.version(), e.event())).toList();
  }

  private static Cart fold(Cart cart, List<CartEvent> events) {
    Cart c = cart;
    for (CartEvent e : events) {
      c = c.apply(e);
    }
    return c;
  }

  private String metadata(String command, String key, String trace) {
    // causation: the client's command (its Idempotency-Key when given); correlation: the request's trace
    Map<String, String> m = new LinkedHashMap<>();
    m.put("command", command);
    m.put("causationId", key);
    m.put("correlationId", traces.traceIdOf(trace));
    m.put("traceparent", trace);
    return json.write(m);
  }
}
