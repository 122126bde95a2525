package shop.analytics.messaging;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.analytics.domain.Deltas;
import shop.analytics.domain.OrderFacts;
import shop.analytics.repository.FactsRepository;
import shop.events.EventCatalog;
import shop.events.EventTypes;
import shop.events.OrderEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventRecord;

/**
 * Orders from {@code order-events} ({@link OrderFacts}), folded with {@link FactBatches#foldAggregates}.
 */
@ApplicationScoped
public class OrderFactsSource implements FactBatches.Source<OrderEvent> {
  private static final Set<String> HANDLED = Set.of(EventTypes.ORDER_PLACED, EventTypes.ORDER_CONFIRMED,
      EventTypes.ORDER_REJECTED, EventTypes.ORDER_CANCELLED);

  private final FactBatches batches;
  private final FactsRepository repository;
  private final Json json;

  public OrderFactsSource(FactBatches batches, FactsRepository repository, Json json) {
    this.batches = batches;
    this.repository = repository;
    this.json = json;
  }

  @Incoming("order-events")
  public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
    return batches.consume(batch, this);
  }

  @Override
  public OrderEvent read(EventRecord event) {
    OrderEvent e = json.read(event.payload(), EventCatalog.payloadOf(event.type(), OrderEvent.class));
    if (e.orderId() == null) {
      throw new IllegalArgumentException(event.type() + " without orderId");
    }
    return e;
  }

  @Override
  public Uni<Deltas> fold(SqlConnection tx, List<FactBatches.Fact<OrderEvent>> facts) {
    return FactBatches.foldAggregates(facts, OrderEvent::orderId, ids -> repository.orders(tx, ids),
        (order, f) -> OrderFacts.apply(order, f.payload()), orders -> repository.saveOrders(tx, orders));
  }

  @Override
  public String name() {
    return OrderFacts.SOURCE;
  }

  @Override
  public String topic() {
    return Topics.ORDER_EVENTS;
  }

  @Override
  public Set<String> handledTypes() {
    return HANDLED;
  }
}
