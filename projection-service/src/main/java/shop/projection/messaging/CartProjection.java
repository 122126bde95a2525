package shop.projection.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
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
import shop.projection.repository.ParkedEvents;
import shop.projection.service.ProjectionLag;

/**
 * Cart view from {@code cart-events}: events apply strictly in version order ({@code ce_sequence}, see
 * {@link InVersionOrder}); the cache is written after the commit.
 */
@ApplicationScoped
public class CartProjection implements Projection {
  private static final Set<String> HANDLED = EventCatalog.PAYLOADS.entrySet().stream()
      .filter(e -> CartEvent.class.isAssignableFrom(e.getValue())).map(java.util.Map.Entry::getKey)
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private final CartViewRepository carts;
  private final CartViewCache cache;
  private final Pool pool;
  private final Json json;
  private final EventConsumers consumers;
  private final ProjectionLag lag;
  private final ParkedEvents parked = new ParkedEvents("cart_event_parked", "cart_id");
  private final InVersionOrder<CartView> inOrder;

  public CartProjection(CartViewRepository carts, CartViewCache cache, Pool pool, Json json,
      MeterRegistry registry, ProjectionLag lag, EventConsumers consumers) {
    this.carts = carts;
    this.cache = cache;
    this.pool = pool;
    this.json = json;
    this.consumers = consumers;
    this.lag = lag;
    this.inOrder = new InVersionOrder<>(name(), new InVersionOrder.Views<>() {
      @Override
      public Uni<CartView> find(SqlConnection conn, String id) {
        return carts.find(conn, id, true);
      }

      @Override
      public Uni<Void> save(SqlConnection conn, CartView view, Instant at) {
        return carts.save(conn, view, at);
      }

      @Override
      public long version(CartView view) {
        return view.version();
      }

      @Override
      public CartView fold(CartView current, String type, String payload) {
        CartEvent event = read(type, payload);
        return current == null ? CartFold.created((CartEvent.Created) event) : CartFold.apply(current, event);
      }
    }, parked, registry);
  }

  @Incoming("cart-events")
  public Uni<Void> consume(Message<String> message) {
    EventRecord event = EventRecord.of(message);
    return consumers.process(message, HANDLED, "projection.cart.events", (type, payload) -> {
      CartEvent parsed = read(type, payload);
      event.requireSequence();
      Uni<InVersionOrder.Outcome<CartView>> applied = pool.withTransaction(
          conn -> inOrder.apply(conn, parsed.cartId(), event));
      return applied.call(o -> o.view() == null ? Uni.createFrom().voidItem() : cache.put(o.view()))
          .invoke(() -> lag.applied(name(), event.time()))
          .map(InVersionOrder.Outcome::word); // the cache is written after the commit
    });
  }

  @Override
  public Uni<String> replay(SqlConnection conn, EventRecord event) {
    return inOrder.apply(conn, read(event.type(), event.payload()).cartId(), event)
        .map(InVersionOrder.Outcome::word);
  }

  @Override
  public Uni<Waiting> waiting(io.vertx.mutiny.sqlclient.SqlClient sql) {
    return parked.waiting(sql);
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
