package shop.analytics.streams;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

import shop.analytics.config.AnalyticsConfig;
import shop.analytics.domain.Activity;
import shop.platform.problem.ProblemException;

/**
 * Reads a location's live activity from the Kafka Streams stores (interactive queries). A location's minutes live in
 * the task of its partition, on one instance: another instance proxies the call there (with the caller's
 * credentials, once; a call that arrives proxied and still finds the key elsewhere, during a rebalance, is
 * {@code 503 unavailable}). With no {@code quarkus.kafka-streams.application-server} set, the instance is alone and
 * reads locally. Reads are counted as {@code analytics_activity_reads_total{where=local|proxied}}; so are the sales
 * Kafka Streams dropped from the live figures
 * ({@code analytics_activity_dropped_total}: later than the grace).
 */
@ApplicationScoped
public class ActivityQueries {
  /** Marks a call proxied from another instance. */
  public static final String PROXIED = "X-Analytics-Proxied";

  private final KafkaStreams streams;
  private final Optional<HostInfo> self;
  private final Activity.Rule rule;
  private final Duration timeout;
  private final ObjectMapper mapper;
  private final HttpClient http;
  private final MeterRegistry registry;

  public ActivityQueries(KafkaStreams streams, AnalyticsConfig config, ObjectMapper mapper, MeterRegistry registry,
      @ConfigProperty(name = "quarkus.kafka-streams.application-server") Optional<String> applicationServer) {
    this.streams = streams;
    this.self = applicationServer.filter(s -> !s.isBlank()).map(HostInfo::buildFromEndpoint);
    this.rule = new Activity.Rule(config.activity().busyAbove(), config.activity().busyPoll(),
        config.activity().quietPoll());
    this.timeout = config.activity().proxyTimeout();
    this.mapper = mapper;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.registry = registry;
    FunctionCounter.builder("analytics.activity.dropped", streams, ActivityQueries::droppedRecords)
        .description("Sales dropped from the live figures: later than the grace behind the newest seen")
        .register(registry);
  }

  /**
   * The location's activity now, from this instance's stores or the instance holding them.
   *
   * @param proxied whether this call was proxied here by another instance
   */
  public Activity activity(String locationId, String authorization, boolean proxied) {
    if (self.isEmpty()) {
      return counted("local", local(locationId, Instant.now()));
    }
    KeyQueryMetadata where;
    try {
      where = streams.queryMetadataForKey(ActivityTopology.PER_MINUTE, locationId, Serdes.String().serializer());
    } catch (IllegalStateException notRunning) { // created, stopping, stopped or failed
      throw unavailable("the live figures are not running here (" + streams.state() + ")");
    }
    if (where == null || KeyQueryMetadata.NOT_AVAILABLE.equals(where)) {
      throw unavailable("the live figures are being assigned to instances");
    }
    if (where.activeHost().equals(self.get())) {
      return counted("local", local(locationId, Instant.now()));
    }
    if (proxied) {
      throw unavailable("the live figures of " + locationId + " are moving between instances");
    }
    return counted("proxied", proxy(where.activeHost(), locationId, authorization));
  }

  /** Reads answered here ({@code local}) or by the instance holding the location ({@code proxied}). */
  private Activity counted(String where, Activity activity) {
    registry.counter("analytics.activity.reads", "where", where).increment();
    return activity;
  }

  /** From this instance's stores; 503 while they are not queryable (starting, rebalancing). */
  public Activity local(String locationId, Instant now) {
    try {
      ReadOnlyWindowStore<String, Long> minutes = streams.store(StoreQueryParameters
          .fromNameAndType(ActivityTopology.PER_MINUTE, QueryableStoreTypes.<String, Long>windowStore()));
      ReadOnlyKeyValueStore<String, Long> last = streams.store(StoreQueryParameters
          .fromNameAndType(ActivityTopology.LAST_SALE, QueryableStoreTypes.<String, Long>keyValueStore()));
      Map<Instant, Long> perMinute = new HashMap<>();
      try (WindowStoreIterator<Long> it = minutes.fetch(locationId, Activity.hourStart(now), now)) {
        it.forEachRemaining(kv -> perMinute.put(Instant.ofEpochMilli(kv.key), kv.value));
      }
      Long lastSale = last.get(locationId);
      return Activity.of(perMinute, lastSale == null ? null : Instant.ofEpochMilli(lastSale), now, rule);
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // starting, restoring, rebalancing (the store moved), stopping or failed: never a 500
      throw unavailable("the live figures are not queryable here now (" + streams.state() + ")");
    }
  }

  private Activity proxy(HostInfo host, String locationId, String authorization) {
    URI uri = URI.create("http://" + host.host() + ":" + host.port() + "/analytics/locations/"
        + URLEncoder.encode(locationId, StandardCharsets.UTF_8).replace("+", "%20") + "/activity");
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header(PROXIED, "true")
        .header("Accept", "application/json").GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw unavailable("the instance holding " + locationId + " answered " + response.statusCode());
      }
      return mapper.readValue(response.body(), Activity.class);
    } catch (IOException e) {
      Log.warnf("activity of %s: the instance at %s did not answer: %s", locationId, host, e.toString());
      throw unavailable("the instance holding the live figures of " + locationId + " did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted");
    }
  }

  private static ProblemException unavailable(String detail) {
    return ProblemException.unavailable(detail).withRetryAfter(1);
  }

  private static double droppedRecords(KafkaStreams streams) {
    double dropped = 0;
    for (var m : streams.metrics().entrySet()) {
      if ("dropped-records-total".equals(m.getKey().name()) && m.getValue().metricValue() instanceof Number n) {
        dropped += n.doubleValue();
      }
    }
    return dropped;
  }
}
