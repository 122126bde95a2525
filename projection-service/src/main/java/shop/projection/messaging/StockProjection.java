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
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.EventTypes;
import shop.events.StockEvent;
import shop.events.StockKey;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.DeadLetters;
import shop.platform.messaging.EventConsumers;
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
 * logged, never silently. Changed levels are written to the Redis stock lists after the commit. An unreadable record
 * goes to {@code stock-events.dlq} on its own; the rest of its batch is applied.
 */
@ApplicationScoped
public class StockProjection implements Projection {
  private static final Set<String> HANDLED = Set.of(EventTypes.STOCK_CHANGED);
  private static final String METRIC = "projection.stock.events";

  private final StockViewRepository stock;
  private final StockViewCache cache;
  private final DeadLetters deadLetters;
  private final Pool pool;
  private final Json json;
  private final MeterRegistry registry;
  private final ProjectionLag lag;
  private final EventConsumers consumers;

  public StockProjection(StockViewRepository stock, StockViewCache cache, DeadLetters deadLetters, Pool pool,
      Json json, MeterRegistry registry, ProjectionLag lag, EventConsumers consumers) {
    this.stock = stock;
    this.cache = cache;
    this.deadLetters = deadLetters;
    this.pool = pool;
    this.json = json;
    this.registry = registry;
    this.lag = lag;
    this.consumers = consumers;
  }

  @Incoming("stock-events")
  public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
    List<Parsed> parsed = new ArrayList<>();
    Uni<Void> deadLettered = Uni.createFrom().voidItem();
    for (KafkaRecord<String, String> record : batch.getRecords()) {
      try {
        EventRecord event = EventRecord.of(record);
        if (event.type() == null) {
          throw new IllegalArgumentException("not a CloudEvent (no ce_type)");
        }
        if (!HANDLED.contains(event.type())) {
          count("skipped", 1);
          continue;
        }
        parsed.add(new Parsed(record, event, read(event)));
      } catch (IllegalArgumentException unreadable) {
        deadLettered = deadLettered.chain(() -> consumers.retryingWhileRunning(
            deadLetters.send(record, unreadable.getMessage(), METRIC), METRIC));
      }
    }
    // a batch not applied because the service stops is not acknowledged: the next instance applies it
    return deadLettered.chain(() -> applyAll(parsed)).chain(() -> Uni.createFrom().completionStage(batch.ack()))
        .onFailure(e -> consumers.isStopping()).recoverWithUni(e -> consumers.leftForTheNextInstance(METRIC, e));
  }

  /** A readable stock event of a batch. */
  private record Parsed(KafkaRecord<String, String> record, EventRecord event, StockEvent.Changed stock) {
    String level() {
      return StockKey.of(stock.locationId(), stock.productId());
    }
  }

  /**
   * One statement for the whole batch (the newest event of each level), then one Redis call for the changed levels.
   * A passing failure (the database away) is retried as {@link EventConsumers} retries a record; if PostgreSQL refuses
   * the data, each event is applied alone and the bad one is dead-lettered.
   */
  private Uni<Void> applyAll(List<Parsed> parsed) {
    if (parsed.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    registry.summary("projection.stock.batch.size").record(parsed.size());
    List<Parsed> levels = newestPerLevel(parsed);
    long started = System.nanoTime();
    long[] statementDone = new long[1];
    return consumers.retryingWhileRunning(stock.applyAll(pool, levels.stream().map(Parsed::stock).toList(),
        levels.stream().map(p -> p.event().time()).toList()), METRIC)
        .invoke(() -> {
          statementDone[0] = System.nanoTime();
          registry.timer("projection.stock.batch", "phase", "statement").record(statementDone[0] - started,
              TimeUnit.NANOSECONDS);
        })
        .chain(applied -> cache.put(countAndCollectChanged(parsed, levels, applied))) // one Redis call
        .invoke(() -> {
          registry.timer("projection.stock.batch", "phase", "cache").record(System.nanoTime() - statementDone[0],
              TimeUnit.NANOSECONDS);
          parsed.forEach(p -> lag.applied(name(), p.event().time()));
        })
        .replaceWithVoid()
        .onFailure(EventConsumers::isBadRecord).recoverWithUni(e -> {
          Log.warnf("stock batch of %d not applied (%s); applying its events one by one", parsed.size(),
              e.getMessage());
          return Multi.createFrom().iterable(parsed).onItem().transformToUniAndConcatenate(this::applyOne)
              .collect().last().replaceWithVoid();
        });
  }

  /** The newest event of each stock level in the batch, in the order the levels first appear. */
  private static List<Parsed> newestPerLevel(List<Parsed> parsed) {
    Map<String, Parsed> newest = new LinkedHashMap<>();
    for (Parsed p : parsed) {
      newest.merge(p.level(), p, (a, b) -> b.stock().version() >= a.stock().version() ? b : a);
    }
    return new ArrayList<>(newest.values());
  }

  /** Counts every event of the batch against what its level held before; the changed levels, by location. */
  private Map<String, List<StockViewRepository.Level>> countAndCollectChanged(List<Parsed> parsed,
      List<Parsed> levels, List<StockViewRepository.Applied> applied) {
    Map<String, List<Long>> versions = new LinkedHashMap<>();
    parsed.forEach(p -> versions.computeIfAbsent(p.level(), l -> new ArrayList<>()).add(p.stock().version()));
    Map<String, List<StockViewRepository.Level>> changed = new LinkedHashMap<>();
    for (int i = 0; i < levels.size(); i++) {
      StockViewRepository.Applied a = applied.get(i);
      Parsed p = levels.get(i);
      count(p.level(), versions.get(p.level()), a.previousVersion());
      if (a.changed()) {
        changed.computeIfAbsent(p.stock().locationId(), l -> new ArrayList<>()).add(a.level());
      }
    }
    return changed;
  }

  /** The slow path: one event alone; a bad record is dead-lettered, a passing failure retried. */
  private Uni<Void> applyOne(Parsed p) {
    return consumers.retryingWhileRunning(stock.apply(pool, p.stock(), p.event().time()), METRIC)
        .call(a -> a.changed()
            ? cache.put(Map.of(p.stock().locationId(), List.of(a.level())))
            : Uni.createFrom().voidItem())
        .invoke(a -> {
          count(p.level(), List.of(p.stock().version()), a.previousVersion());
          lag.applied(name(), p.event().time());
        })
        .replaceWithVoid()
        .onFailure(EventConsumers::isBadRecord).recoverWithUni(e -> consumers.retryingWhileRunning(
            deadLetters.send(p.record(), e.getMessage(), METRIC), METRIC));
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

  private StockEvent.Changed read(EventRecord event) {
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
