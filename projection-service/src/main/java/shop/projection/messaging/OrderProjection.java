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

import shop.events.EventCatalog;
import shop.events.OrderEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventConsumers;
import shop.projection.api.OrderView;
import shop.projection.domain.OrderFold;
import shop.projection.repository.OrderViewRepository;
import shop.projection.repository.ParkedEvents;
import shop.projection.service.ProjectionLag;

/** Order views from {@code order-events}, strictly in version order ({@link InVersionOrder}); PostgreSQL only. */
@ApplicationScoped
public class OrderProjection implements Projection {
  private static final Set<String> HANDLED = EventCatalog.PAYLOADS.entrySet().stream()
      .filter(e -> OrderEvent.class.isAssignableFrom(e.getValue())).map(java.util.Map.Entry::getKey)
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private final Pool pool;
  private final Json json;
  private final EventConsumers consumers;
  private final ProjectionLag lag;
  private final ParkedEvents parked = new ParkedEvents("order_event_parked", "order_id");
  private final InVersionOrder<OrderView> inOrder;

  public OrderProjection(OrderViewRepository orders, Pool pool, Json json, MeterRegistry registry, ProjectionLag lag,
      EventConsumers consumers) {
    this.pool = pool;
    this.json = json;
    this.consumers = consumers;
    this.lag = lag;
    this.inOrder = new InVersionOrder<>(name(), new InVersionOrder.Views<>() {
      @Override
      public Uni<OrderView> find(SqlConnection conn, String id) {
        return orders.find(conn, id, true);
      }

      @Override
      public Uni<Void> save(SqlConnection conn, OrderView view, Instant at) {
        return orders.save(conn, view, at);
      }

      @Override
      public long version(OrderView view) {
        return view.version();
      }

      @Override
      public OrderView fold(OrderView current, String type, String payload) {
        OrderEvent event = read(type, payload);
        return current == null ? OrderFold.placed((OrderEvent.Placed) event) : OrderFold.apply(current, event);
      }
    }, parked, registry);
  }

  @Incoming("order-events")
  public Uni<Void> consume(Message<String> message) {
    EventRecord event = EventRecord.of(message);
    return consumers.process(message, HANDLED, "projection.order.events", (type, payload) -> {
      String orderId = read(type, payload).orderId();
      event.requireSequence();
      return pool.withTransaction(conn -> inOrder.apply(conn, orderId, event))
          .invoke(() -> lag.applied(name(), event.time()))
          .map(InVersionOrder.Outcome::word);
    });
  }

  @Override
  public Uni<String> replay(SqlConnection conn, EventRecord event) {
    return inOrder.apply(conn, read(event.type(), event.payload()).orderId(), event)
        .map(InVersionOrder.Outcome::word);
  }

  @Override
  public Uni<Waiting> waiting(SqlClient sql) {
    return parked.waiting(sql);
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
    return HANDLED;
  }

  private OrderEvent read(String type, String payload) {
    OrderEvent e = json.read(payload, EventCatalog.payloadOf(type, OrderEvent.class));
    if (e.orderId() == null) {
      throw new IllegalArgumentException("order event without orderId: " + payload);
    }
    return e;
  }
}
