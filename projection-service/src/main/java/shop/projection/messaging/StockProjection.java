package shop.projection.messaging;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import shop.events.EventTypes;
import shop.events.StockChangedEvent;
import shop.events.Topics;
import shop.platform.messaging.EventConsumers;
import shop.projection.repository.StockViewCache;
import shop.projection.repository.StockViewRepository;
import shop.projection.service.ProjectionLag;

/**
 * Stock per location from {@code stock-events} (group {@code projection-service}). Idempotent by the stock level's
 * version. A version that skips ahead (a lost or not yet seen event) is detected: it is applied, because every stock
 * event carries the whole level, and counted as {@code projection.stock.gaps} and logged, never silently. A changed
 * level is written to the Redis stock list after its commit.
 */
@ApplicationScoped
public class StockProjection implements Projection {
  private static final Set<String> HANDLED = Set.of(EventTypes.STOCK_CHANGED);

  private final StockViewRepository stock;
  private final StockViewCache cache;
  private final Pool pool;
  private final ObjectMapper json;
  private final MeterRegistry registry;
  private final ProjectionLag lag;

  public StockProjection(StockViewRepository stock, StockViewCache cache, Pool pool, ObjectMapper json,
      MeterRegistry registry, ProjectionLag lag) {
    this.stock = stock;
    this.cache = cache;
    this.pool = pool;
    this.json = json;
    this.registry = registry;
    this.lag = lag;
  }

  @Incoming("stock-events")
  public Uni<Void> consume(Message<String> message) {
    EventRecord event = EventRecord.of(message);
    return EventConsumers.process(message, HANDLED, registry, "projection.stock.events", (type, payload) -> {
      StockChangedEvent e = read(event);
      return stock.apply(pool, e, event.time())
          .call(applied -> applied.changed() ? cache.put(e.locationId(), applied.level()) : Uni.createFrom().voidItem())
          .invoke(() -> lag.applied(name(), event.time()))
          .map(applied -> outcome(e, applied));
    });
  }

  @Override
  public Uni<String> replay(SqlConnection conn, EventRecord event) {
    StockChangedEvent e = read(event);
    return stock.apply(conn, e, event.time()).map(applied -> outcome(e, applied));
  }

  private String outcome(StockChangedEvent e, StockViewRepository.Applied applied) {
    if (applied.changed() && e.version() > applied.previousVersion() + 1) {
      registry.counter("projection.stock.gaps").increment();
      Log.warnf("stock %s:%s jumped from version %d to %d (events missing or still to come)", e.locationId(),
          e.productId(), applied.previousVersion(), e.version());
    }
    return applied.changed() ? "applied" : "duplicate";
  }

  private StockChangedEvent read(EventRecord event) {
    StockChangedEvent e = EventConsumers.read(json, event.payload(), StockChangedEvent.class);
    if (e.locationId() == null || e.productId() == null || e.version() < 1) {
      throw new IllegalArgumentException("incomplete stock event: " + event.payload());
    }
    return e;
  }

  @Override
  public Uni<Void> rebuilt() {
    return cache.clear();
  }

  @Override
  public String name() {
    return "stock";
  }

  @Override
  public String topic() {
    return Topics.STOCK_EVENTS;
  }

  @Override
  public List<String> tables() {
    return List.of("stock_view");
  }

  @Override
  public Set<String> handledTypes() {
    return HANDLED;
  }
}
