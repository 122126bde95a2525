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
import shop.events.CartEvent;
import shop.events.EventCatalog;
import shop.events.OrderEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.TraceContext;
import shop.platform.Transactions;
import shop.platform.Transactions.Ending;
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

  /** A command's change (both carts of a merge, the source first); the cart answered, as it will be. */
  Ending<Cart> stageChange(SqlConnection conn, String trace, String key, String command,
      CartCommandService.Change change) {
    List<Uni<?>> writes = new ArrayList<>(2);
    if (!change.otherEvents().isEmpty()) {
      writes.add(stage(conn, trace, key, command, change.other(), change.otherEvents(),
          fold(change.other(), change.otherEvents())).last());
    }
    Cart target = change.target();
    if (!change.targetEvents().isEmpty()) {
      Ending<Cart> staged = stage(conn, trace, key, command, target, change.targetEvents(),
          fold(target, change.targetEvents()));
      writes.add(staged.last());
      target = staged.result();
    }
    return new Ending<>(target, Transactions.together(writes));
  }

  /**
   * The events of one cart (null {@code before}: a new cart) appended at the expected version, and with them its
   * outbox rows, index and snapshot: one round trip. A stale version fails the append, and so the whole.
   */
  Ending<Cart> stage(SqlConnection conn, String trace, String key, String command, Cart before,
      List<CartEvent> events, Cart after) {
    long expected = before == null ? 0 : before.version();
    List<Uni<?>> writes = new ArrayList<>(4);
    writes.add(store.append(conn, after.id(), expected, events, metadata(command, key, trace))); // sent first
    writes.add(outbox.append(conn, trace, outboxEvents(Topics.CART_EVENTS, after.id(), expected, events)));
    writes.add(index.save(conn, after));
    if (after.version() / config.snapshotEvery() > expected / config.snapshotEvery()) {
      writes.add(store.snapshot(conn, after));
    }
    return new Ending<>(after, Transactions.together(writes));
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
        : stage(conn, trace, key, command, cart, events, fold(cart, events)).send();
  }

  /**
   * Appends an order's events (null {@code before}: a new order) with their outbox rows for {@code order-events} and
   * the order's index, in the caller's transaction, in one round trip; the order after them.
   */
  Uni<Order> persistOrder(SqlConnection conn, String trace, String key, String command, Order before,
      List<OrderEvent> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().item(before);
    }
    Order after = before == null ? Order.replay(events) : fold(before, events);
    long expected = before == null ? 0 : before.version();
    return Uni.combine().all().unis(
        orders.append(conn, after.id(), expected, events, metadata(command, key, trace)), // sent first
        outbox.append(conn, trace, outboxEvents(Topics.ORDER_EVENTS, after.id(), expected, events)),
        orders.index(conn, after, after.collectBy(config.checkout().collectWithin()))).discardItems()
        .replaceWith(after);
  }

  private static Order fold(Order order, List<OrderEvent> events) {
    Order o = order;
    for (OrderEvent e : events) {
      o = o.apply(e);
    }
    return o;
  }

  /** The outbox rows of a stream's events appended after {@code expected}: keyed by the stream, versions following. */
  static List<OutboxEvent> outboxEvents(String topic, String streamId, long expected, List<?> events) {
    List<OutboxEvent> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Object e = events.get(i);
      out.add(new OutboxEvent(topic, streamId, EventCatalog.typeOf(e), streamId, expected + i + 1, e));
    }
    return out;
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
