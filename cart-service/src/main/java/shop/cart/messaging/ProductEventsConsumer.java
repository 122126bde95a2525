package shop.cart.messaging;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import shop.cart.repository.CatalogueRepository;
import shop.events.EventTypes;
import shop.events.ProductEvent;

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
  private final ObjectMapper json;
  private final MeterRegistry registry;

  public ProductEventsConsumer(CatalogueRepository catalogue, Pool pool, ObjectMapper json, MeterRegistry registry) {
    this.catalogue = catalogue;
    this.pool = pool;
    this.json = json;
    this.registry = registry;
  }

  @Incoming(CHANNEL)
  public Uni<Void> consume(Message<String> message) {
    return Uni.createFrom().deferred(() -> apply(message))
        .onItemOrFailure().transformToUni((outcome, failure) -> {
          if (failure != null) {
            Log.warnf("product event to the dead-letter topic: %s", failure.getMessage());
            registry.counter("cart.catalogue.events", "outcome", "dead-letter").increment();
            return Uni.createFrom().completionStage(message.nack(failure));
          }
          registry.counter("cart.catalogue.events", "outcome", outcome).increment();
          return Uni.createFrom().completionStage(message.ack());
        });
  }

  private Uni<String> apply(Message<String> message) {
    String type = message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getType)
        .orElseThrow(() -> new IllegalArgumentException("not a CloudEvent (no ce_type)"));
    if (!HANDLED.contains(type)) {
      return Uni.createFrom().item("skipped");
    }
    ProductEvent p = read(message.getPayload());
    return catalogue.upsert(pool, p).map(changed -> changed ? "applied" : "duplicate");
  }

  private ProductEvent read(String payload) {
    ProductEvent p;
    try {
      p = json.readValue(payload, ProductEvent.class);
    } catch (Exception e) {
      throw new IllegalArgumentException("unreadable product event: " + e.getMessage(), e);
    }
    if (p.productId() == null || p.name() == null || p.price() == null || p.price().currency() == null
        || p.version() < 1) {
      throw new IllegalArgumentException("incomplete product event: " + payload);
    }
    return p;
  }

}
