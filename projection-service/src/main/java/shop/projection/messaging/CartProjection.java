package shop.projection.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.CartEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventBatches;
import shop.platform.messaging.EventRecord;
import shop.platform.projection.Projection;
import shop.projection.api.CartView;
import shop.projection.domain.CartFold;
import shop.projection.repository.CartViewCache;
import shop.projection.repository.CartViewRepository;
import shop.projection.service.ProjectionLag;
import shop.projection.service.ViewChanges;

/**
 * Cart view from {@code cart-events}: a poll at a time, events applying strictly in version order ({@code ce_sequence},
 * see {@link InVersionOrder}); after the commit, the reads waiting for a view are woken ({@link ViewChanges}) and the
 * cache is written.
 */
@ApplicationScoped
public class CartProjection implements Projection {
  private final CartViewCache cache;
  private final InVersionOrder<CartEvent, CartView> inOrder;

  public CartProjection(CartViewRepository carts, CartViewCache cache, Pool pool, Json json,
      MeterRegistry registry, ProjectionLag lag, EventBatches batches, ViewChanges changes) {
    this.cache = cache;
    this.inOrder = new InVersionOrder<>(name(), "cart", CartEvent.class, CartEvent::cartId,
        new InVersionOrder.Views<>() {
          @Override
          public Uni<Map<String, CartView>> lockAll(SqlConnection conn, String[] sortedIds) {
            return carts.lockAll(conn, sortedIds);
          }

          @Override
          public Uni<Void> saveAll(SqlConnection conn, List<CartView> views, List<Instant> changedAt) {
            return carts.saveAll(conn, views, changedAt);
          }

          @Override
          public long version(CartView view) {
            return view.version();
          }

          @Override
          public CartView fold(CartView current, CartEvent event) {
            return current == null ? CartFold.created((CartEvent.Created) event) : CartFold.apply(current, event);
          }
        }, view -> { // the waiting reads read PostgreSQL: woken without waiting for Redis
          changes.changed(ViewChanges.key("cart", view.id()));
          return cache.put(view);
        }, pool, json, registry, batches, lag);
  }

  @Incoming("cart-events")
  public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
    return inOrder.consume(batch);
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
