package shop.projection.messaging;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.CartEvent;
import shop.events.EventCatalog;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventConsumers;
import shop.projection.api.CartView;
import shop.projection.domain.CartFold;
import shop.projection.repository.CartViewCache;
import shop.projection.repository.CartViewRepository;
import shop.projection.service.ProjectionLag;

/**
 * Cart view from {@code cart-events}: events apply strictly in version order ({@code ce_sequence}). An older version
 * is a duplicate and changes nothing; a version ahead of the next expected one is parked (counted in
 * {@code projection_cart_parked_total}) and applied as soon as the missing ones arrive, never dropped.
 */
@ApplicationScoped
public class CartProjection implements Projection {
  private static final Set<String> HANDLED = EventCatalog.PAYLOADS.entrySet().stream()
      .filter(e -> CartEvent.class.isAssignableFrom(e.getValue())).map(java.util.Map.Entry::getKey)
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** What applying one event did, and the view it left (null when unchanged). */
  private record Outcome(String word, CartView view) {
  }

  private final CartViewRepository carts;
  private final CartViewCache cache;
  private final Pool pool;
  private final Json json;
  private final MeterRegistry registry;
  private final EventConsumers consumers;
  private final ProjectionLag lag;

  public CartProjection(CartViewRepository carts, CartViewCache cache, Pool pool, Json json,
      MeterRegistry registry, ProjectionLag lag, EventConsumers consumers) {
    this.carts = carts;
    this.cache = cache;
    this.pool = pool;
    this.json = json;
    this.registry = registry;
    this.consumers = consumers;
    this.lag = lag;
  }

  @Incoming("cart-events")
  public Uni<Void> consume(Message<String> message) {
    EventRecord event = EventRecord.of(message);
    return consumers.process(message, HANDLED, "projection.cart.events", (type, payload) -> {
      CartEvent parsed = read(type, payload);
      event.requireSequence();
      Uni<Outcome> applied = pool.withTransaction(conn -> apply(conn, parsed, event));
      return applied.call((Outcome o) -> o.view() == null ? Uni.createFrom().voidItem() : cache.put(o.view()))
          .invoke(() -> lag.applied(name(), event.time()))
          .map(o -> o.word()); // the cache is written after the commit
    });
  }

  @Override
  public Uni<String> replay(SqlConnection conn, EventRecord event) {
    return apply(conn, read(event.type(), event.payload()), event).map(Outcome::word);
  }

  private Uni<Outcome> apply(SqlConnection conn, CartEvent event, EventRecord record) {
    long version = record.requireSequence();
    return carts.find(conn, event.cartId(), true).chain(current -> {
      long expected = current == null ? 1 : current.version() + 1;
      if (version < expected) {
        return Uni.createFrom().item(new Outcome("duplicate", null));
      }
      if (version > expected) {
        registry.counter("projection.cart.parked").increment();
        Log.warnf("cart %s: version %d arrived before %d; parked", event.cartId(), version, expected);
        return carts.park(conn, event.cartId(), version, record.type(), record.payload(), record.time())
            .replaceWith(new Outcome("parked", null));
      }
      CartView next = current == null ? CartFold.created((CartEvent.Created) event) : CartFold.apply(current, event);
      return carts.save(conn, next, record.time()).chain(() -> applyParked(conn, next))
          .map(last -> new Outcome("applied", last));
    });
  }

  /** Applies parked events that now follow on; returns the last view. */
  private Uni<CartView> applyParked(SqlConnection conn, CartView view) {
    return carts.unpark(conn, view.id(), view.version() + 1).chain(parked -> {
      if (parked == null) {
        return Uni.createFrom().item(view);
      }
      CartView next = CartFold.apply(view, read(parked.type(), parked.payload()));
      return carts.save(conn, next, parked.at()).chain(() -> applyParked(conn, next));
    });
  }

  @Override
  public Uni<Waiting> waiting(io.vertx.mutiny.sqlclient.SqlClient sql) {
    return carts.parked(sql);
  }

  @Override
  public Uni<Void> rebuilt() {
    return cache.clear();
  }

  @Override
  public String name() {
    return "cart";
  }

  @Override
  public String topic() {
    return Topics.CART_EVENTS;
  }

  @Override
  public List<String> tables() {
    return List.of("cart_view", "cart_event_parked");
  }

  @Override
  public Set<String> handledTypes() {
    return HANDLED;
  }

  private CartEvent read(String type, String payload) {
    CartEvent e = json.read(payload, EventCatalog.payloadOf(type, CartEvent.class));
    if (e.cartId() == null) {
      throw new IllegalArgumentException("cart event without cartId: " + payload);
    }
    return e;
  }
}
