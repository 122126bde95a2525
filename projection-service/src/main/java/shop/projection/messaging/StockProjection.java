package shop.projection.messaging;

import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import shop.events.EventTypes;
import shop.events.StockChangedEvent;
import shop.platform.messaging.EventConsumers;
import shop.projection.service.ProjectionLag;
import shop.projection.repository.StockViewRepository;

/**
 * Stock per location from {@code stock-events} (group {@code projection-service}). Idempotent by the stock level's
 * version. A version that skips ahead (a lost or not yet seen event) is detected: it is applied, because every stock
 * event carries the whole level, and counted as {@code projection.stock.gaps} and logged, never silently.
 */
@ApplicationScoped
public class StockProjection {
  private static final Set<String> HANDLED = Set.of(EventTypes.STOCK_CHANGED);

  private final StockViewRepository stock;
  private final Pool pool;
  private final ObjectMapper json;
  private final MeterRegistry registry;
  private final ProjectionLag lag;

  public StockProjection(StockViewRepository stock, Pool pool, ObjectMapper json, MeterRegistry registry, ProjectionLag lag) {
    this.stock = stock;
    this.pool = pool;
    this.json = json;
    this.registry = registry;
    this.lag = lag;
  }

  @Incoming("stock-events")
  public Uni<Void> consume(Message<String> message) {
    Instant at = EventConsumers.eventTime(message);
    return EventConsumers.process(message, HANDLED, registry, "projection.stock.events", (type, payload) -> {
      StockChangedEvent e = EventConsumers.read(json, payload, StockChangedEvent.class);
      if (e.locationId() == null || e.productId() == null || e.version() < 1) {
        throw new IllegalArgumentException("incomplete stock event: " + payload);
      }
      return stock.apply(pool, e, at).invoke(() -> lag.applied("stock", at)).map(applied -> {
        if (applied.changed() && e.version() > applied.previousVersion() + 1) {
          registry.counter("projection.stock.gaps").increment();
          Log.warnf("stock %s:%s jumped from version %d to %d (events missing or still to come)", e.locationId(),
              e.productId(), applied.previousVersion(), e.version());
        }
        return applied.changed() ? "applied" : "duplicate";
      });
    });
  }
}
