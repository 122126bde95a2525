package shop.analytics.messaging;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.analytics.domain.CartFacts;
import shop.analytics.domain.Deltas;
import shop.analytics.repository.FactsRepository;
import shop.events.CartEvent;
import shop.events.EventCatalog;
import shop.events.EventTypes;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventRecord;

/**
 * The cart funnel from {@code cart-events} ({@link CartFacts}): only the events that start or end a cart are read,
 * folded with {@link FactBatches#foldAggregates} (a cart event's time is its {@code ce_time}).
 */
@ApplicationScoped
public class CartFactsSource implements FactBatches.Source<CartEvent> {
  private static final Set<String> HANDLED = Set.of(EventTypes.CART_CREATED, EventTypes.CART_CHECKED_OUT,
      EventTypes.CART_ABANDONED, EventTypes.CART_MERGED_INTO);

  private final FactBatches batches;
  private final FactsRepository repository;
  private final Json json;

  public CartFactsSource(FactBatches batches, FactsRepository repository, Json json) {
    this.batches = batches;
    this.repository = repository;
    this.json = json;
  }

  @Incoming("cart-events")
  public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
    return batches.consume(batch, this);
  }

  @Override
  public CartEvent read(EventRecord event) {
    CartEvent e = json.read(event.payload(), EventCatalog.payloadOf(event.type(), CartEvent.class));
    if (e.cartId() == null) {
      throw new IllegalArgumentException(event.type() + " without cartId");
    }
    return e;
  }

  @Override
  public Uni<Deltas> fold(SqlConnection tx, List<FactBatches.Fact<CartEvent>> facts) {
    return FactBatches.foldAggregates(facts, CartEvent::cartId, ids -> repository.carts(tx, ids),
        (cart, f) -> CartFacts.apply(cart, f.payload(), f.event().time()), carts -> repository.saveCarts(tx, carts));
  }

  @Override
  public String name() {
    return CartFacts.SOURCE;
  }

  @Override
  public String topic() {
    return Topics.CART_EVENTS;
  }

  @Override
  public Set<String> handledTypes() {
    return HANDLED;
  }
}
