package shop.analytics.messaging;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.EventTypes;
import shop.platform.messaging.EventRecord;
import shop.platform.projection.Projection;

/**
 * The figures as one read model for {@code POST /analytics/rebuild}: its tables, its four topics, and the replay of an
 * event read back, by the very code the live consumers run ({@link FactBatches}, {@link LocationsConsumer}). Tables
 * are listed in the order the live consumers and the queries lock them (a fact batch: claims, its facts, figures,
 * then the location's currency; a query: location, then its currency), so the swap never deadlocks with them.
 */
@ApplicationScoped
public class AnalyticsProjection implements Projection {
  public static final String NAME = "analytics";

  private final FactBatches batches;
  private final LocationsConsumer locations;
  private final Map<String, FactBatches.Source<?>> sourceByType = new HashMap<>();
  private final Set<String> handled = new HashSet<>();

  public AnalyticsProjection(FactBatches batches, LocationsConsumer locations, SaleFactsSource sales,
      OrderFactsSource orders, CartFactsSource carts) {
    this.batches = batches;
    this.locations = locations;
    for (FactBatches.Source<?> source : List.of(sales, orders, carts)) {
      source.handledTypes().forEach(type -> sourceByType.put(type, source));
    }
    handled.addAll(sourceByType.keySet());
    handled.add(EventTypes.LOCATION_CREATED);
  }

  @Override
  public Uni<String> replay(SqlConnection conn, EventRecord event) {
    if (EventTypes.LOCATION_CREATED.equals(event.type())) {
      return locations.apply(conn, event.payload());
    }
    return batches.replay(conn, sourceByType.get(event.type()), event);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String topic() {
    return TopicLag.TOPICS.get(0);
  }

  @Override
  public List<String> topics() {
    return TopicLag.TOPICS;
  }

  @Override
  public List<String> tables() {
    return List.of("applied_event", "order_fact", "cart_fact", "figures", "product_figures", "location",
        "location_currency");
  }

  @Override
  public Set<String> handledTypes() {
    return handled;
  }

  @Override
  public Uni<Void> rebuilt() {
    return Uni.createFrom().voidItem(); // nothing cached
  }
}
