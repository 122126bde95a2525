package shop.projection.messaging;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.EventCatalog;
import shop.events.EventTypes;
import shop.events.ProductEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventConsumers;
import shop.platform.messaging.EventRecord;
import shop.platform.projection.Projection;
import shop.projection.repository.ProductViewRepository;
import shop.projection.repository.StockViewCache;
import shop.projection.repository.StockViewRepository;
import shop.projection.service.ProjectionLag;

/**
 * Catalogue read model from {@code product-events} (group {@code projection-service}). Each event carries the whole
 * product and its version, so applying it only when newer makes redelivery and reordering harmless. A changed product
 * drops the cached stock lists that show its name.
 */
@ApplicationScoped
public class CatalogueProjection implements Projection {
  private static final Set<String> HANDLED = Set.of(EventTypes.PRODUCT_CREATED, EventTypes.PRODUCT_UPDATED);

  private final ProductViewRepository products;
  private final StockViewRepository stock;
  private final StockViewCache stockCache;
  private final Pool pool;
  private final Json json;
  private final EventConsumers consumers;
  private final ProjectionLag lag;

  public CatalogueProjection(ProductViewRepository products, StockViewRepository stock, StockViewCache stockCache,
      Pool pool, Json json, EventConsumers consumers, ProjectionLag lag) {
    this.products = products;
    this.stock = stock;
    this.stockCache = stockCache;
    this.pool = pool;
    this.json = json;
    this.consumers = consumers;
    this.lag = lag;
  }

  @Incoming("product-events")
  public Uni<Void> consume(Message<String> message) {
    EventRecord event = EventRecord.of(message);
    return consumers.process(message, HANDLED, "projection.catalogue.events", (type, payload) -> {
      ProductEvent p = read(event);
      return products.apply(pool, p)
          .call(changed -> changed
              ? stock.locationsOf(pool, p.productId()).call(stockCache::drop)
              : Uni.createFrom().voidItem())
          .invoke(() -> lag.applied(name(), event.time()))
          .map(changed -> changed ? "applied" : "duplicate");
    });
  }

  @Override
  public Uni<String> replay(SqlConnection conn, EventRecord event) {
    return products.apply(conn, read(event)).map(changed -> changed ? "applied" : "duplicate");
  }

  private ProductEvent read(EventRecord event) {
    return json.read(event.payload(), EventCatalog.payloadOf(event.type(), ProductEvent.class)).requireComplete();
  }

  @Override
  public Uni<Void> rebuilt() {
    return stockCache.clear(); // the lists show product names
  }

  @Override
  public String name() {
    return "catalogue";
  }

  @Override
  public String topic() {
    return Topics.PRODUCT_EVENTS;
  }

  @Override
  public List<String> tables() {
    return List.of("product_view");
  }

  @Override
  public Set<String> handledTypes() {
    return HANDLED;
  }
}
