package shop.projection.messaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.EventTypes;
import shop.events.StockEvent;
import shop.events.StockKey;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventBatches;
import shop.platform.messaging.EventBatches.Read;
import shop.platform.messaging.EventRecord;
import shop.platform.projection.Projection;
import shop.projection.domain.VersionCount;
import shop.projection.repository.StockViewCache;
import shop.projection.repository.StockViewRepository;
import shop.projection.service.ProjectionLag;

/**
 * Stock per location from {@code stock-events} (group {@code projection-service}), taken in batches (the busiest
 * stream: a sale moves two levels): one statement applies a whole poll, keeping each level's newest version.
 * Idempotent by the level's version. A version that skips ahead (a lost or not yet seen event) is detected: it is
 * applied, because every stock event carries the whole level, and counted as {@code projection.stock.gaps} and
 * logged, never silently. Changed levels are written to the Redis stock lists after the commit. The poll's loop
 * (unreadable records to {@code stock-events.dlq} alone, retries, one by one when PostgreSQL refuses the batch) is
 * {@link EventBatches}'.
 */
@ApplicationScoped
public class StockProjection implements Projection, EventBatches.Handler<StockEvent.Changed> {
  private static final Set<String> HANDLED = Set.of(EventTypes.STOCK_CHANGED);
  private static final String METRIC = "projection.stock.events";

  private final StockViewRepository stock;
  private final StockViewCache cache;
  private final Pool pool;
  private final Json json;
  private final MeterRegistry registry;
  private final ProjectionLag lag;
  private final EventBatches batches;

  public StockProjection(StockViewRepository stock, StockViewCache cache, Pool pool, Json json,
      MeterRegistry registry, ProjectionLag lag, EventBatches batches) {
    this.stock = stock;
    this.cache = cache;
    this.pool = pool;
    this.json = json;
    this.registry = registry;
    this.lag = lag;
    this.batches = batches;
  }

  @Incoming("stock-events")
  public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
    return batches.consume(batch, METRIC, this);
  }

  private static String level(StockEvent.Changed stock) {
    return StockKey.of(stock.locationId(), stock.productId());
  }

  /**
   * One statement for the whole batch (the newest event of each level), then one Redis call for the changed levels.
   */
  @Override
  public Uni<Void> applyAll(List<Read<StockEvent.Changed>> events) {
    List<Read<StockEvent.Changed>> levels = newestPerLevel(events);
    long started = System.nanoTime();
    long[] statementDone = new long[1];
    return stock.applyAll(pool, levels.stream().map(Read::payload).toList(),
        levels.stream().map(r -> r.event().time()).toList())
        .invoke(() -> {
          statementDone[0] = System.nanoTime();
          registry.timer("projection.stock.batch", "phase", "statement").record(statementDone[0] - started,
              TimeUnit.NANOSECONDS);
        })
        .chain(applied -> cache.put(countAndCollectChanged(events, levels, applied))) // one Redis call
        .invoke(() -> {
          registry.timer("projection.stock.batch", "phase", "cache").record(System.nanoTime() - statementDone[0],
              TimeUnit.NANOSECONDS);
          registry.summary("projection.stock.batch.size").record(events.size());
          events.forEach(r -> lag.applied(name(), r.event().time()));
        })
        .replaceWithVoid();
  }

  /** The newest event of each stock level in the batch, in the order the levels first appear. */
  private static List<Read<StockEvent.Changed>> newestPerLevel(List<Read<StockEvent.Changed>> events) {
    Map<String, Read<StockEvent.Changed>> newest = new LinkedHashMap<>();
    for (Read<StockEvent.Changed> r : events) {
      newest.merge(level(r.payload()), r, (a, b) -> b.payload().version() >= a.payload().version() ? b : a);
    }
    return new ArrayList<>(newest.values());
  }

  /** Counts every event of the batch against what its level held before; the changed levels, by location. */
  private Map<String, List<StockViewRepository.Level>> countAndCollectChanged(List<Read<StockEvent.Changed>> events,
      List<Read<StockEvent.Changed>> levels, List<StockViewRepository.Applied> applied) {
    Map<String, List<Long>> versions = new LinkedHashMap<>();
    events
        .forEach(r -> versions.computeIfAbsent(level(r.payload()), l -> new ArrayList<>()).add(r.payload().version()));
    Map<String, List<StockViewRepository.Level>> changed = new LinkedHashMap<>();
    for (int i = 0; i < levels.size(); i++) {
      StockViewRepository.Applied a = applied.get(i);
      StockEvent.Changed stock = levels.get(i).payload();
      count(level(stock), versions.get(level(stock)), a.previousVersion());
      if (a.changed()) {
        changed.computeIfAbsent(stock.locationId(), l -> new ArrayList<>()).add(a.level());
      }
    }
    return changed;
  }

  /** One event alone (after PostgreSQL refused its batch). */
  @Override
  public Uni<Void> applyOne(Read<StockEvent.Changed> r) {
    StockEvent.Changed stock = r.payload();
    return this.stock.apply(pool, stock, r.event().time())
        .call(a -> a.changed()
            ? cache.put(Map.of(stock.locationId(), List.of(a.level())))
            : Uni.createFrom().voidItem())
        .invoke(a -> {
          count(level(stock), List.of(stock.version()), a.previousVersion());
          lag.applied(name(), r.event().time());
        })
        .replaceWithVoid();
  }

  /** Counts the batch's events of one level (see {@link VersionCount}); a gap is logged. */
  private void count(String level, List<Long> batchVersions, long previous) {
    VersionCount counted = VersionCount.of(batchVersions, previous);
    for (VersionCount.Gap gap : counted.gaps()) {
      registry.counter("projection.stock.gaps").increment();
      Log.warnf("stock %s jumped from version %d to %d (events missing or still to come)", level, gap.from(),
          gap.to());
    }
    count("applied", counted.applied());
    count("duplicate", counted.duplicates());
  }

  private void count(String outcome, long n) {
    if (n > 0) {
      registry.counter(METRIC, "outcome", outcome).increment(n);
    }
  }

  @Override
  public Uni<String> replay(SqlConnection conn, EventRecord event) {
    return stock.apply(conn, read(event), event.time()).map(applied -> applied.changed() ? "applied" : "duplicate");
  }

  @Override
  public StockEvent.Changed read(EventRecord event) {
    StockEvent.Changed e = json.read(event.payload(), StockEvent.Changed.class);
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
