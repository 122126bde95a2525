package shop.analytics.streams;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the live-activity streams are RUNNING and their store answers a read (the extension's own check only
 * looks for the topics): while starting, restoring or rebalancing the instance is not ready.
 */
@Readiness
@ApplicationScoped
public class ActivityStreamsReadiness implements HealthCheck {
  private final KafkaStreams streams;

  public ActivityStreamsReadiness(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public HealthCheckResponse call() {
    KafkaStreams.State state = streams.state();
    var response = HealthCheckResponse.named("activity-streams").withData("state", state.name());
    if (state != KafkaStreams.State.RUNNING) {
      return response.down().build();
    }
    try {
      long entries = streams.store(StoreQueryParameters.fromNameAndType(ActivityTopology.LAST_SALE,
          QueryableStoreTypes.<String, Long>keyValueStore())).approximateNumEntries();
      return response.up().withData("locations", entries).build();
    } catch (InvalidStateStoreException e) {
      return response.down().withData("store", e.getMessage()).build();
    }
  }
}
