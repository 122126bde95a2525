package shop.projection.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.Config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;

import shop.platform.messaging.GroupLag;
import shop.platform.messaging.KafkaConnection;
import shop.platform.projection.Projection;
import shop.projection.api.ProjectionStatus;
import shop.projection.config.ProjectionConfig;

/**
 * Each read model's position and lag: seconds behind (event time → applied time of the last event) and events behind
 * (the topic's end offsets minus the consumer group's committed offsets, read from Kafka every 5 s, off the request
 * path). Exposed on {@code GET /projections} and as {@code projection_lag_seconds{name}} /
 * {@code projection_lag_events{name}}; every event's lag also goes to the histogram
 * {@code projection_apply_lag_seconds{name}} (percentiles for benchmarks and alerts).
 */
@ApplicationScoped
public class ProjectionLag {
  private record Position(AtomicReference<Instant> lastEventAt, AtomicReference<Instant> lastAppliedAt,
      AtomicLong applied, AtomicLong lagMillis, AtomicLong eventsBehind, Timer lag,
      AtomicReference<Projection.Waiting> waiting) {
  }

  private final Map<String, Position> positions = new ConcurrentHashMap<>();
  private final Map<String, String> groups = new HashMap<>();
  /** Read model name → its topic (= its channel's name), by name. */
  private final Map<String, String> topics = new TreeMap<>();
  private final Map<String, Projection> byName = new HashMap<>();
  private final Admin admin;
  private final Pool pool;
  /** A gap older than this is reported as an error at every refresh (it should fill within seconds). */
  private final Duration gapAlarm;

  public ProjectionLag(Config config, MeterRegistry registry, @All List<Projection> projections, Pool pool,
      ProjectionConfig settings, KafkaConnection kafka) {
    this.pool = pool;
    this.gapAlarm = settings.gapAlarm();
    projections.forEach(p -> {
      topics.put(p.name(), p.topic());
      byName.put(p.name(), p);
    });
    this.admin = Admin.create(kafka.with(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000")));
    topics.forEach((name, channel) -> {
      // the channel's own group, else the connector-level default (platform-consumers)
      groups.put(name, config.getOptionalValue("mp.messaging.incoming." + channel + ".group.id", String.class)
          .orElseGet(() -> config.getValue("mp.messaging.connector.smallrye-kafka.group.id", String.class)));
      Position pos = new Position(new AtomicReference<>(), new AtomicReference<>(), new AtomicLong(), new AtomicLong(),
          new AtomicLong(-1), Timer.builder("projection.apply.lag").tag("name", name)
              .description("event time to applied time of each event").publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
              // bucket bounds at the targets, so a p99 against 100 ms or the 1 s alert is read at a bound
              .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1))
              .register(registry),
          new AtomicReference<>(Projection.Waiting.NONE));
      positions.put(name, pos);
      registry.gauge("projection.waiting.events", List.of(io.micrometer.core.instrument.Tag.of("name", name)), pos,
          x -> x.waiting().get().events());
      registry.gauge("projection.waiting.oldest.seconds", List.of(io.micrometer.core.instrument.Tag.of("name", name)),
          pos, x -> waitingSeconds(x.waiting().get()));
      registry.more().timeGauge("projection.lag", List.of(io.micrometer.core.instrument.Tag.of("name", name)),
          pos.lagMillis(), TimeUnit.MILLISECONDS, AtomicLong::doubleValue);
      registry.gauge("projection.lag.events", List.of(io.micrometer.core.instrument.Tag.of("name", name)),
          pos.eventsBehind(), AtomicLong::doubleValue);
    });
  }

  /** Called by a projection after it applied (or skipped as duplicate) an event of that time. */
  public void applied(String name, Instant eventAt) {
    Position p = positions.get(name);
    Instant now = Instant.now();
    p.lastEventAt().set(eventAt);
    p.lastAppliedAt().set(now);
    p.applied().incrementAndGet();
    Duration lag = Duration.between(eventAt, now);
    p.lagMillis().set(Math.max(0, lag.toMillis()));
    p.lag().record(lag.isNegative() ? Duration.ZERO : lag);
  }

  public List<ProjectionStatus> status() {
    List<ProjectionStatus> out = new ArrayList<>();
    topics.forEach((name, topic) -> {
      Position p = positions.get(name);
      long behind = p.eventsBehind().get();
      Projection.Waiting waiting = p.waiting().get();
      out.add(new ProjectionStatus(name, topic, behind < 0 ? null : behind, p.lagMillis().get() / 1000.0,
          p.lastEventAt().get(), p.lastAppliedAt().get(), p.applied().get(), waiting.events(), waiting.oldestSince(),
          null));
    });
    return out;
  }

  @Scheduled(every = "5s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refreshEventsBehind() {
    topics.forEach((name, topic) -> {
      try {
        refreshWaiting(name); // from PostgreSQL: also while Kafka is away
      } catch (Exception e) {
        Log.debugf("events waiting in %s unknown: %s", name, e.getMessage());
      }
      try {
        long behind = GroupLag.eventsBehind(admin, groups.get(name), topic);
        // events set aside until a gap fills are behind too, although their offsets are committed
        positions.get(name).eventsBehind().set(behind + positions.get(name).waiting().get().events());
      } catch (Exception e) {
        Log.debugf("lag of %s unknown: %s", name, e.getMessage());
      }
    });
  }

  private void refreshWaiting(String name) {
    Projection.Waiting waiting = byName.get(name).waiting(pool).await().atMost(Duration.ofSeconds(5));
    positions.get(name).waiting().set(waiting);
    if (waitingSeconds(waiting) > gapAlarm.toSeconds()) {
      Log.errorf("read model %s: %d event(s) wait for a missing earlier one since %s; the gap has not filled: "
          + "look for the missing event in the topic and its dead-letter topic, or rebuild the read model "
          + "(POST /projections/%s/rebuild)", name, waiting.events(), waiting.oldestSince(), name);
    }
  }

  private static double waitingSeconds(Projection.Waiting w) {
    return w.oldestSince() == null ? 0 : Math.max(0, Duration.between(w.oldestSince(), Instant.now()).toSeconds());
  }

  @PreDestroy
  void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
