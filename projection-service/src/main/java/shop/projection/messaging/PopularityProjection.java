package shop.projection.messaging;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.EventTypes;
import shop.events.SaleEvent;
import shop.events.SaleLine;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventBatches;
import shop.platform.messaging.EventBatches.Read;
import shop.platform.messaging.EventRecord;
import shop.platform.projection.Projection;
import shop.projection.repository.PopularityRepository;
import shop.projection.repository.PopularityRepository.SaleUnits;
import shop.projection.service.ProjectionLag;

/**
 * Product popularity (units sold, net of returns) from {@code sale-events}, for catalogue search's
 * {@code sort=popularity}. A sale is not a versioned aggregate, so redelivery is absorbed by the processed-event
 * table keyed by the CloudEvent id, claimed in the same statement as the additions: one statement per poll
 * ({@link EventBatches}).
 */
@ApplicationScoped
public class PopularityProjection implements Projection, EventBatches.Handler<SaleUnits> {
  private static final Set<String> HANDLED = Set.of(EventTypes.SALE_COMPLETED, EventTypes.SALE_RETURNED);
  private static final String METRIC = "projection.popularity.events";

  private final PopularityRepository popularity;
  private final Pool pool;
  private final Json json;
  private final EventBatches batches;
  private final MeterRegistry registry;
  private final ProjectionLag lag;

  public PopularityProjection(PopularityRepository popularity, Pool pool, Json json, EventBatches batches,
      MeterRegistry registry, ProjectionLag lag) {
    this.popularity = popularity;
    this.pool = pool;
    this.json = json;
    this.batches = batches;
    this.registry = registry;
    this.lag = lag;
  }

  @Incoming("sale-events")
  public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
    return batches.consume(batch, METRIC, this);
  }

  /** The poll's sale events in one statement. */
  @Override
  public Uni<Void> applyAll(List<Read<SaleUnits>> events) {
    return popularity.add(pool, events.stream().map(Read::payload).toList()).invoke(fresh -> {
      count("applied", fresh);
      count("duplicate", events.size() - fresh);
      events.forEach(r -> lag.applied(name(), r.event().time()));
    }).replaceWithVoid();
  }

  @Override
  public Uni<Void> applyOne(Read<SaleUnits> event) {
    return applyAll(List.of(event));
  }

  @Override
  public Uni<String> replay(SqlConnection conn, EventRecord event) {
    return popularity.add(conn, List.of(read(event))).map(fresh -> fresh == 1 ? "applied" : "duplicate");
  }

  @Override
  public SaleUnits read(EventRecord event) {
    if (event.id() == null || event.id().isBlank()) {
      throw new IllegalArgumentException("sale event without ce_id");
    }
    return new SaleUnits(event.id(), EventTypes.SALE_COMPLETED.equals(event.type())
        ? units(json.read(event.payload(), SaleEvent.Completed.class).items(), 1)
        : units(json.read(event.payload(), SaleEvent.Returned.class).items(), -1));
  }

  private void count(String outcome, long n) {
    if (n > 0) {
      registry.counter(METRIC, "outcome", outcome).increment(n);
    }
  }

  /** Units per product (a product may appear on several lines), signed. */
  private static Map<String, Long> units(List<SaleLine> lines, int sign) {
    if (lines == null || lines.isEmpty()) {
      throw new IllegalArgumentException("sale event without items");
    }
    Map<String, Long> units = new TreeMap<>();
    for (SaleLine line : lines) {
      if (line == null || line.productId() == null || line.quantity() < 1) {
        throw new IllegalArgumentException("unreadable sale line " + line);
      }
      units.merge(line.productId(), (long) sign * line.quantity(), Long::sum);
    }
    return units;
  }

  @Override
  public Uni<Void> rebuilt() {
    return Uni.createFrom().voidItem(); // not cached
  }

  @Override
  public String name() {
    return "popularity";
  }

  @Override
  public String topic() {
    return Topics.SALE_EVENTS;
  }

  @Override
  public List<String> tables() {
    return List.of("sale_event_applied", "product_popularity");
  }

  @Override
  public Set<String> handledTypes() {
    return HANDLED;
  }
}
