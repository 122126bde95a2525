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

import shop.events.OrderEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventBatches;
import shop.platform.messaging.EventRecord;
import shop.platform.projection.Projection;
import shop.projection.api.OrderView;
import shop.projection.domain.OrderFold;
import shop.projection.repository.OrderViewRepository;
import shop.projection.service.ProjectionLag;
import shop.projection.service.ViewChanges;

/**
 * Order views from {@code order-events}, strictly in version order ({@link InVersionOrder}); PostgreSQL only. Reads
 * waiting for a view are woken after the commit ({@link ViewChanges}).
 */
@ApplicationScoped
public class OrderProjection implements Projection {
  private final InVersionOrder<OrderEvent, OrderView> inOrder;

  public OrderProjection(OrderViewRepository orders, Pool pool, Json json, MeterRegistry registry, ProjectionLag lag,
      EventBatches batches, ViewChanges changes) {
    this.inOrder = new InVersionOrder<>(name(), "order", OrderEvent.class, OrderEvent::orderId,
        new InVersionOrder.Views<>() {
          @Override
          public Uni<Map<String, OrderView>> lockAll(SqlConnection conn, String[] sortedIds) {
            return orders.lockAll(conn, sortedIds);
          }

          @Override
          public Uni<Void> saveAll(SqlConnection conn, List<OrderView> views, List<Instant> changedAt) {
            return orders.saveAll(conn, views, changedAt);
          }

          @Override
          public long version(OrderView view) {
            return view.version();
          }

          @Override
          public OrderView fold(OrderView current, OrderEvent event) {
            return current == null ? OrderFold.placed((OrderEvent.Placed) event) : OrderFold.apply(current, event);
          }
        }, view -> { // nothing cached: the reads waiting for the view are woken
          changes.changed(ViewChanges.key("order", view.id()));
          return Uni.createFrom().voidItem();
        }, pool, json, registry, batches, lag);
  }

  @Incoming("order-events")
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
    return Uni.createFrom().voidItem(); // nothing cached
  }

  @Override
  public String name() {
    return "order";
  }

  @Override
  public String topic() {
    return Topics.ORDER_EVENTS;
  }

  @Override
  public List<String> tables() {
    return List.of("order_view", "order_event_parked");
  }

  @Override
  public Set<String> handledTypes() {
    return inOrder.handledTypes();
  }
}
