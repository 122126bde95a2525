package shop.analytics.messaging;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

import shop.analytics.config.AnalyticsConfig;
import shop.analytics.repository.FactsRepository;
import shop.events.EventTypes;
import shop.events.LocationEvent;
import shop.events.Topics;
import shop.platform.Json;
import shop.platform.messaging.EventConsumers;
import shop.platform.messaging.EventRecord;

/**
 * Locations from {@code location-events}: the zone each location's days are counted in ({@code timeZone}, or the
 * configured default for a location created before locations had one). An upsert: a redelivery writes the same row.
 */
@ApplicationScoped
public class LocationsConsumer {
  private static final Set<String> HANDLED = Set.of(EventTypes.LOCATION_CREATED);

  private final FactsRepository repository;
  private final Pool pool;
  private final Json json;
  private final EventConsumers consumers;
  private final TopicLag lag;
  private final String defaultZone;

  public LocationsConsumer(FactsRepository repository, Pool pool, Json json, EventConsumers consumers, TopicLag lag,
      AnalyticsConfig config) {
    this.repository = repository;
    this.pool = pool;
    this.json = json;
    this.consumers = consumers;
    this.lag = lag;
    this.defaultZone = ZoneId.of(config.defaultTimeZone()).getId();
  }

  @Incoming("location-events")
  public Uni<Void> consume(Message<String> message) {
    EventRecord event = EventRecord.of(message);
    return consumers.process(message, HANDLED, "analytics.location.events",
        (type, payload) -> apply(pool, payload).invoke(() -> lag.applied(Topics.LOCATION_EVENTS, event.time())));
  }

  /** Writes the location (live, or into a rebuild's tables): {@code applied}. */
  public Uni<String> apply(SqlClient sql, String payload) {
    LocationEvent.Created created = json.read(payload, LocationEvent.Created.class);
    if (created.locationId() == null) {
      throw new IllegalArgumentException("location.created without locationId");
    }
    return repository.saveLocation(sql, created.locationId(), created.name(), zone(created.timeZone()))
        .replaceWith("applied");
  }

  private String zone(String timeZone) {
    if (timeZone == null) {
      return defaultZone;
    }
    try {
      return ZoneId.of(timeZone).getId();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown time zone " + timeZone);
    }
  }
}
