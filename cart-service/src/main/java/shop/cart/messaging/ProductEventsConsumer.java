package shop.cart.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import shop.cart.repository.CatalogueRepository;
import shop.events.EventCatalog;
import shop.events.EventTypes;
import shop.events.ProductEvent;
import shop.platform.Json;
import shop.platform.messaging.EventConsumers;

/**
 * Keeps cart-service's product catalogue from {@code product-events} (group {@code cart-service}). Idempotent: a
 * product is stored only when its version is newer than the one held, so redelivered or late events change nothing.
 * Unknown event types are skipped; a record that cannot be read goes to {@code product-events.dlq}.
 */
@ApplicationScoped
public class ProductEventsConsumer {
  public static final String CHANNEL = "product-events";
  private static final Set<String> HANDLED = Set.of(EventTypes.PRODUCT_CREATED, EventTypes.PRODUCT_UPDATED);

  private final CatalogueRepository catalogue;
  private final Pool pool;
  private final Json json;
  private final EventConsumers consumers;

  public ProductEventsConsumer(CatalogueRepository catalogue, Pool pool, Json json, EventConsumers consumers) {
    this.catalogue = catalogue;
    this.pool = pool;
    this.json = json;
    this.consumers = consumers;
  }

  @Incoming(CHANNEL)
  public Uni<Void> consume(Message<String> message) {
    return consumers.process(message, HANDLED, "cart.catalogue.events", (type, payload) -> {
      ProductEvent p = json.read(payload, EventCatalog.payloadOf(type, ProductEvent.class)).requireComplete();
      return catalogue.upsert(pool, p).map(changed -> changed ? "applied" : "duplicate");
    });
  }
}
