package shop.analytics.streams;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live when the live-activity streams client has not failed: a stream thread that dies is replaced
 * ({@link ActivityTopology#replaceDeadThreads}), but a client in ERROR never recovers, so the instance is restarted
 * rather than left without live figures.
 */
@Liveness
@ApplicationScoped
public class ActivityStreamsLiveness implements HealthCheck {
  private final KafkaStreams streams;

  public ActivityStreamsLiveness(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public HealthCheckResponse call() {
    KafkaStreams.State state = streams.state();
    return HealthCheckResponse.named("activity-streams").withData("state", state.name())
        .status(state != KafkaStreams.State.ERROR).build();
  }
}
