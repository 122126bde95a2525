package shop.analytics.messaging;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.analytics.domain.Deltas;
import shop.analytics.domain.OrderFacts;
import shop.analytics.domain.OrderFacts.OrderFact;
import shop.analytics.repository.FactsRepository;
import shop.events.EventCatalog;
import shop.events.EventTypes;
import shop.events.OrderEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventRecord;

/**
 * Orders from {@code order-events} ({@link OrderFacts}): the batch's orders are loaded at once, their events folded
 * in offset order (an order's events share a partition, so they come in order), and the changed orders written back.
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
    if (facts.isEmpty()) {
      return Uni.createFrom().item(new Deltas());
    }
    List<String> ids = facts.stream().map(f -> f.payload().orderId()).distinct().toList();
    return repository.orders(tx, ids).chain(known -> {
      Map<String, OrderFact> orders = new HashMap<>(known);
      Map<String, OrderFact> changed = new LinkedHashMap<>();
      Deltas deltas = new Deltas();
      for (FactBatches.Fact<OrderEvent> f : facts) {
        String id = f.payload().orderId();
        OrderFacts.Outcome outcome = OrderFacts.apply(orders.get(id), f.payload());
        deltas.addAll(outcome.deltas());
        if (outcome.after() != null && !outcome.after().equals(orders.get(id))) {
          orders.put(id, outcome.after());
          changed.put(id, outcome.after());
        }
      }
      return repository.saveOrders(tx, changed.values()).replaceWith(deltas);
    });
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
