package shop.projection.messaging;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import shop.events.EventTypes;
import shop.events.ProductEvent;
import shop.platform.messaging.EventConsumers;
import shop.projection.service.ProjectionLag;
import shop.projection.repository.ProductViewRepository;

/**
 * Catalogue read model from {@code product-events} (group {@code projection-service}). Each event carries the whole
 * product and its version, so applying it only when newer makes redelivery and reordering harmless.
 */
@ApplicationScoped
public class CatalogueProjection {
  private static final Set<String> HANDLED = Set.of(EventTypes.PRODUCT_CREATED, EventTypes.PRODUCT_UPDATED);

  private final ProductViewRepository products;
  private final Pool pool;
  private final ObjectMapper json;
  private final MeterRegistry registry;
  private final ProjectionLag lag;

  public CatalogueProjection(ProductViewRepository products, Pool pool, ObjectMapper json, MeterRegistry registry, ProjectionLag lag) {
    this.products = products;
    this.pool = pool;
    this.json = json;
    this.registry = registry;
    this.lag = lag;
  }

  @Incoming("product-events")
  public Uni<Void> consume(Message<String> message) {
    Instant at = EventConsumers.eventTime(message);
    return EventConsumers.process(message, HANDLED, registry, "projection.catalogue.events", (type, payload) -> {
      ProductEvent p = EventConsumers.read(json, payload, ProductEvent.class).requireComplete();
      return products.apply(pool, p).invoke(() -> lag.applied("catalogue", at))
          .map(changed -> changed ? "applied" : "duplicate");
    });
  }
}
