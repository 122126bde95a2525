package shop.projection.messaging;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import shop.events.CartEvent;
import shop.events.EventCatalog;
import shop.platform.messaging.EventConsumers;
import shop.projection.service.ProjectionLag;
import shop.projection.api.CartView;
import shop.projection.repository.CartViewCache;
import shop.projection.repository.CartViewRepository;

/**
 * Cart view from {@code cart-events}: events apply strictly in version order ({@code ce_sequence}). An older version
 * is a duplicate and changes nothing; a version ahead of the next expected one is parked (counted in
 * {@code projection_cart_parked_total}) and applied as soon as the missing ones arrive, never dropped.
 */
@ApplicationScoped
public class CartProjection {
  private static final Set<String> HANDLED = EventCatalog.PAYLOADS.entrySet().stream()
      .filter(e -> CartEvent.class.isAssignableFrom(e.getValue())).map(java.util.Map.Entry::getKey)
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** What applying one event did, and the view it left (null when unchanged). */
  private record Outcome(String word, CartView view) {
  }

  private final CartViewRepository carts;
  private final CartViewCache cache;
  private final Pool pool;
  private final ObjectMapper json;
  private final MeterRegistry registry;
  private final ProjectionLag lag;

  public CartProjection(CartViewRepository carts, CartViewCache cache, Pool pool, ObjectMapper json,
      MeterRegistry registry, ProjectionLag lag) {
    this.carts = carts;
    this.cache = cache;
    this.pool = pool;
    this.json = json;
    this.registry = registry;
    this.lag = lag;
  }

  @Incoming("cart-events")
  public Uni<Void> consume(Message<String> message) {
    var ce = message.getMetadata(IncomingCloudEventMetadata.class).map(m -> (IncomingCloudEventMetadata<?>) m);
    Instant at = EventConsumers.eventTime(message);
    return EventConsumers.process(message, HANDLED, registry, "projection.cart.events", (type, payload) -> {
      long version = ce.flatMap(m -> m.<Object>getExtension("sequence")).map(v -> Long.parseLong(v.toString()))
          .orElseThrow(() -> new IllegalArgumentException("cart event without ce_sequence"));
      CartEvent event = read(type, payload);
      Uni<Outcome> applied = pool.withTransaction(conn -> apply(conn, event, version, type, payload, at));
      return applied.call((Outcome o) -> o.view() == null ? Uni.createFrom().voidItem() : cache.put(o.view()))
          .invoke(() -> lag.applied("cart", at))
          .map(o -> o.word()); // the cache is written after the commit
    });
  }

  private Uni<Outcome> apply(SqlConnection conn, CartEvent event, long version, String type, String payload,
      Instant at) {
    return carts.find(conn, event.cartId(), true).chain(current -> {
      long expected = current == null ? 1 : current.version() + 1;
      if (version < expected) {
        return Uni.createFrom().item(new Outcome("duplicate", null));
      }
      if (version > expected) {
        registry.counter("projection.cart.parked").increment();
        Log.warnf("cart %s: version %d arrived before %d; parked", event.cartId(), version, expected);
        return carts.park(conn, event.cartId(), version, type, payload, at).replaceWith(new Outcome("parked", null));
      }
      CartView next = current == null ? CartView.created((CartEvent.Created) event) : current.apply(event);
      return carts.save(conn, next, at).chain(() -> applyParked(conn, next)).map(last -> new Outcome("applied", last));
    });
  }

  /** Applies parked events that now follow on; returns the last view. */
  private Uni<CartView> applyParked(SqlConnection conn, CartView view) {
    return carts.unpark(conn, view.id(), view.version() + 1).chain(parked -> {
      if (parked == null) {
        return Uni.createFrom().item(view);
      }
      CartView next = view.apply(read(parked.type(), parked.payload()));
      return carts.save(conn, next, parked.at()).chain(() -> applyParked(conn, next));
    });
  }

  private CartEvent read(String type, String payload) {
    CartEvent e = (CartEvent) EventConsumers.read(json, payload, EventCatalog.PAYLOADS.get(type));
    if (e.cartId() == null) {
      throw new IllegalArgumentException("cart event without cartId: " + payload);
    }
    return e;
  }
}
