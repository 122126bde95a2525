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
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.CartEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventConsumers;
import shop.platform.messaging.EventRecord;
import shop.platform.projection.Projection;
import shop.projection.api.CartView;
import shop.projection.domain.CartFold;
import shop.projection.repository.CartViewCache;
import shop.projection.repository.CartViewRepository;
import shop.projection.service.ProjectionLag;

/**
 * Cart view from {@code cart-events}: events apply strictly in version order ({@code ce_sequence}, see
 * {@link InVersionOrder}); the cache is written after the commit.
 */
@ApplicationScoped
public class CartProjection implements Projection {
  private final CartViewCache cache;
  private final InVersionOrder<CartEvent, CartView> inOrder;

  public CartProjection(CartViewRepository carts, CartViewCache cache, Pool pool, Json json,
      MeterRegistry registry, ProjectionLag lag, EventConsumers consumers) {
    this.cache = cache;
    this.inOrder = new InVersionOrder<>(name(), "cart", CartEvent.class, CartEvent::cartId,
        new InVersionOrder.Views<>() {
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
          public CartView fold(CartView current, CartEvent event) {
            return current == null ? CartFold.created((CartEvent.Created) event) : CartFold.apply(current, event);
          }
        }, pool, json, registry, consumers, lag);
  }

  @Incoming("cart-events")
  public Uni<Void> consume(Message<String> message) {
    return inOrder.consume(message, cache::put);
  }

  @Override
  public Uni<String> replay(SqlConnection conn, EventRecord event) {
    return inOrder.replay(conn, event);
  }

  @Override
  public Uni<Waiting> waiting(SqlClient sql) {
    return inOrder.waiting(sql);
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
    return inOrder.handledTypes();
  }
}
