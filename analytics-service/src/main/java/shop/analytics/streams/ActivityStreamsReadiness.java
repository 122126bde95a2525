package shop.analytics.streams;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the live-activity streams are RUNNING and, if this instance holds any of the locations' minutes (an
 * active task of the store's sub-topology), that store answers a read (the extension's own check only looks for the
 * topics). An instance holding none is ready: it answers by proxying to the others. While starting, restoring or
 * rebalancing, not ready.
 */
@Readiness
@ApplicationScoped
public class ActivityStreamsReadiness implements HealthCheck {
  private final KafkaStreams streams;
  /** The sub-topology whose tasks hold the stores that reads use. */
  private final int storesSubtopology;

  public ActivityStreamsReadiness(KafkaStreams streams, Topology topology) {
    this.streams = streams;
    this.storesSubtopology = subtopologyOf(topology.describe(), ActivityTopology.LAST_SALE);
  }

  @Override
  public HealthCheckResponse call() {
    KafkaStreams.State state = streams.state();
    var response = HealthCheckResponse.named("activity-streams").withData("state", state.name());
    if (state != KafkaStreams.State.RUNNING) {
      return response.down().build();
    }
    long tasks = streams.metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
        .filter(task -> task.taskId().subtopology() == storesSubtopology).count();
    if (tasks == 0) {
      return response.up().withData("locations", "held by other instances").build();
    }
    try {
      long entries = streams.store(StoreQueryParameters.fromNameAndType(ActivityTopology.LAST_SALE,
          QueryableStoreTypes.<String, Long>keyValueStore())).approximateNumEntries();
      return response.up().withData("locations", entries).build();
    } catch (InvalidStateStoreException | IllegalStateException e) {
      return response.down().withData("store", String.valueOf(e.getMessage())).build();
    }
  }

  /** The id of the sub-topology with a processor using {@code store}. */
  static int subtopologyOf(TopologyDescription description, String store) {
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Processor p && p.stores().contains(store)) {
          return sub.id();
        }
      }
    }
    throw new IllegalStateException("no sub-topology uses the store " + store);
  }

}
