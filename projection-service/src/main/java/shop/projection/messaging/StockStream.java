package shop.projection.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;

import shop.events.StockEvent;
import shop.events.StockKey;
import shop.platform.Json;
import shop.platform.messaging.EventRecord;
import shop.platform.problem.ProblemException;
import shop.projection.api.StockChange;
import shop.projection.config.ProjectionConfig;
import shop.projection.repository.StockViewRepository;

/**
 * Realtime stock per location. Each instance reads every stock event (its own consumer group, from now on) and
 * broadcasts it to that location's subscribers. A location takes at most {@code max-subscribers-per-location}
 * streams; beyond that a client gets 503 + Retry-After and falls back to polling. A reconnecting client sends
 * {@code Last-Event-ID} and first gets every change of the location still in the view after that point.
 */
@ApplicationScoped
public class StockStream {
  /** A change, or a heartbeat when {@code change} is null. */
  public record Item(String locationId, StockChange change) {
  }

  private final BroadcastProcessor<Item> changes = BroadcastProcessor.create();
  private final Map<String, AtomicInteger> subscribers = new ConcurrentHashMap<>();
  /** Locations known to have stock levels: from each stock event pushed, or from the view on a first subscription. */
  private final Set<String> knownLocations = ConcurrentHashMap.newKeySet();
  private final AtomicInteger total = new AtomicInteger();
  private final StockViewRepository stock;
  private final Pool pool;
  private final Json json;
  private final int maxPerLocation;
  private final int maxTotal;
  private final Duration heartbeat;

  public StockStream(StockViewRepository stock, Pool pool, Json json, MeterRegistry registry,
      ProjectionConfig config) {
    this.stock = stock;
    this.pool = pool;
    this.json = json;
    this.maxPerLocation = config.stream().maxSubscribersPerLocation();
    this.maxTotal = config.stream().maxSubscribers();
    this.heartbeat = config.stream().heartbeat();
    registry.gaugeMapSize("projection.stream.locations", java.util.List.of(), subscribers);
    registry.gauge("projection.stream.subscribers", total);
  }

  /**
   * Takes stock events in batches and reads only those of a location someone is subscribed to (the record key is
   * {@code locationId:productId}, so the others are skipped unread).
   */
  @Incoming("stock-push")
  public Uni<Void> push(KafkaRecordBatch<String, String> batch) {
    for (KafkaRecord<String, String> record : batch.getRecords()) {
      String location;
      try {
        location = StockKey.parse(record.getKey()).locationId();
      } catch (IllegalArgumentException notAStockKey) {
        continue;
      }
      knownLocations.add(location);
      if (!subscribers.containsKey(location)) {
        continue;
      }
      try {
        EventRecord event = EventRecord.of(record);
        StockEvent.Changed e = json.read(event.payload(), StockEvent.Changed.class);
        if (e.locationId() != null && subscribers.containsKey(e.locationId())) {
          changes.onNext(new Item(e.locationId(), new StockChange(e.productId(), e.available(), e.onHand(),
              e.version(), event.time())));
        }
      } catch (IllegalArgumentException unreadable) {
        // the projection's own consumer dead-letters it; the push stream just skips it
      }
    }
    return Uni.createFrom().completionStage(batch.ack());
  }

  /**
   * The location's stream: changes after {@code lastEventId} still in the view, then live changes and heartbeats.
   * Blocks briefly (a worker thread) the first time a location is asked for. Throws 404 for a location without stock
   * levels, 503 when the location or this instance has its maximum of subscribers.
   */
  public Multi<Item> subscribe(String locationId, String lastEventId) {
    if (!knownLocations.contains(locationId)) {
      // not seen yet by this instance: ask the view (the caller runs on a worker thread)
      boolean known;
      try {
        known = stock.hasLocation(pool, locationId).await().atMost(Duration.ofSeconds(2));
      } catch (RuntimeException e) {
        throw ProblemException.unavailable("the stock view cannot be read right now; retry shortly");
      }
      if (!known) {
        throw ProblemException.notFound("no stock is known at location " + locationId);
      }
      knownLocations.add(locationId);
    }
    if (total.incrementAndGet() > maxTotal) {
      total.decrementAndGet();
      throw ProblemException.unavailable("this instance already serves " + maxTotal
          + " live subscribers; poll GET /locations/" + locationId + "/stock instead");
    }
    // counted under the map's lock for the location, so that a release removing the entry cannot race an arrival
    boolean[] admitted = {false};
    subscribers.compute(locationId, (k, count) -> {
      AtomicInteger c = count == null ? new AtomicInteger() : count;
      if (c.get() < maxPerLocation) {
        c.incrementAndGet();
        admitted[0] = true;
      }
      return c.get() == 0 ? null : c;
    });
    if (!admitted[0]) {
      total.decrementAndGet();
      throw ProblemException.unavailable("this location already has " + maxPerLocation
          + " live subscribers; poll GET /locations/" + locationId + "/stock instead");
    }
    Instant after = parse(lastEventId);
    Multi<Item> missed = after == null
        ? Multi.createFrom().empty()
        : stock.changedSince(pool, locationId, after).onItem()
            .transformToMulti(list -> Multi.createFrom().iterable(list)).map(c -> new Item(locationId, c));
    Multi<Item> live = changes.filter(i -> i.locationId().equals(locationId));
    Multi<Item> beats = Multi.createFrom().ticks().every(heartbeat).map(t -> new Item(locationId, null));
    return Multi.createBy().concatenating().streams(missed, Multi.createBy().merging().streams(live, beats))
        .onTermination().invoke(() -> release(locationId));
  }

  private void release(String locationId) {
    total.decrementAndGet();
    subscribers.computeIfPresent(locationId, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
  }

  private static Instant parse(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return null;
    }
    try {
      long micros = Long.parseLong(lastEventId.strip());
      return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
    } catch (NumberFormatException e) {
      return Instant.EPOCH; // unknown id: replay what the view holds
    }
  }
}
