package shop.analytics.messaging;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.analytics.domain.Deltas;
import shop.analytics.domain.SaleFacts;
import shop.events.EventCatalog;
import shop.events.EventTypes;
import shop.events.SaleEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventRecord;

/** POS sales and returns from {@code sale-events} ({@link SaleFacts}); a sale needs nothing but itself. */
@ApplicationScoped
public class SaleFactsSource implements FactBatches.Source<Deltas> {
  private static final Set<String> HANDLED = Set.of(EventTypes.SALE_COMPLETED, EventTypes.SALE_RETURNED);

  private final FactBatches batches;
  private final Json json;

  public SaleFactsSource(FactBatches batches, Json json) {
    this.batches = batches;
    this.json = json;
  }

  @Incoming("sale-events")
  public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
    return batches.consume(batch, this);
  }

  @Override
  public Deltas read(EventRecord event) {
    return SaleFacts.of(json.read(event.payload(), EventCatalog.payloadOf(event.type(), SaleEvent.class)));
  }

  @Override
  public Uni<Deltas> fold(SqlConnection tx, List<FactBatches.Fact<Deltas>> facts) {
    Deltas all = new Deltas();
    facts.forEach(f -> all.addAll(f.payload()));
    return Uni.createFrom().item(all);
  }

  @Override
  public String name() {
    return SaleFacts.SOURCE;
  }

  @Override
  public String topic() {
    return Topics.SALE_EVENTS;
  }

  @Override
  public Set<String> handledTypes() {
    return HANDLED;
  }
}
