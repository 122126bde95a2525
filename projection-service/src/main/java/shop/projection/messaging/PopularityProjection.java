package shop.projection.messaging;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.EventTypes;
import shop.events.SaleEvent;
import shop.events.SaleLine;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventConsumers;
import shop.platform.messaging.EventRecord;
import shop.platform.projection.Projection;
import shop.projection.repository.PopularityRepository;
import shop.projection.service.ProjectionLag;

/**
 * Product popularity (units sold, net of returns) from {@code sale-events}, for catalogue search's
 * {@code sort=popularity}. A sale is not a versioned aggregate, so redelivery is absorbed by the processed-event
 * table keyed by the CloudEvent id, claimed in the same statement as the additions.
 */
@ApplicationScoped
public class PopularityProjection implements Projection {
  private static final Set<String> HANDLED = Set.of(EventTypes.SALE_COMPLETED, EventTypes.SALE_RETURNED);

  private final PopularityRepository popularity;
  private final Pool pool;
  private final Json json;
  private final EventConsumers consumers;
  private final ProjectionLag lag;

  public PopularityProjection(PopularityRepository popularity, Pool pool, Json json, EventConsumers consumers,
      ProjectionLag lag) {
    this.popularity = popularity;
    this.pool = pool;
    this.json = json;
    this.consumers = consumers;
    this.lag = lag;
  }

  @Incoming("sale-events")
  public Uni<Void> consume(Message<String> message) {
    EventRecord event = EventRecord.of(message);
    return consumers.process(message, HANDLED, "projection.popularity.events",
        (type, payload) -> apply(pool, event).invoke(() -> lag.applied(name(), event.time())));
  }

  @Override
  public Uni<String> replay(SqlConnection conn, EventRecord event) {
    return apply(conn, event);
  }

  private Uni<String> apply(SqlClient sql, EventRecord event) {
    if (event.id() == null || event.id().isBlank()) {
      throw new IllegalArgumentException("sale event without ce_id");
    }
    Map<String, Long> units = EventTypes.SALE_COMPLETED.equals(event.type())
        ? units(json.read(event.payload(), SaleEvent.Completed.class).items(), 1)
        : units(json.read(event.payload(), SaleEvent.Returned.class).items(), -1);
    return popularity.add(sql, event.id(), units).map(applied -> applied ? "applied" : "duplicate");
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
