package shop.analytics.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.Config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

import shop.events.Topics;
import shop.platform.messaging.GroupLag;
import shop.platform.messaging.KafkaConnection;

/**
 * How far the figures are behind each topic they are built from: {@code analytics_lag_seconds{topic}} (from the time
 * the newest record of the last applied batch reached Kafka to its application) and {@code analytics_lag_events{topic}} (records not committed yet by the
 * group, read from Kafka every 5 s off the request path; -1 while unknown).
 */
@ApplicationScoped
public class TopicLag {
  static final List<String> TOPICS = List.of(Topics.LOCATION_EVENTS, Topics.SALE_EVENTS, Topics.ORDER_EVENTS,
      Topics.CART_EVENTS);

  private record Position(AtomicLong lagMillis, AtomicLong eventsBehind) {
  }

  private final Map<String, Position> positions = new TreeMap<>();
  private final Admin admin;
  private final String group;

  public TopicLag(Config config, MeterRegistry registry, KafkaConnection kafka) {
    this.group = config.getValue("mp.messaging.connector.smallrye-kafka.group.id", String.class);
    this.admin = Admin.create(kafka.with(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000")));
    for (String topic : TOPICS) {
      Position pos = new Position(new AtomicLong(), new AtomicLong(-1));
      positions.put(topic, pos);
      registry.more().timeGauge("analytics.lag", List.of(Tag.of("topic", topic)), pos.lagMillis(),
          TimeUnit.MILLISECONDS, AtomicLong::doubleValue);
      registry.gauge("analytics.lag.events", List.of(Tag.of("topic", topic)), pos.eventsBehind(),
          AtomicLong::doubleValue);
    }
  }

  /** Called once records of {@code topic} are applied, with the time the newest reached Kafka. */
  public void applied(String topic, Instant newestAt) {
    positions.get(topic).lagMillis().set(Math.max(0, Duration.between(newestAt, Instant.now()).toMillis()));
  }

  @Scheduled(every = "5s", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    positions.forEach((topic, pos) -> {
      try {
        pos.eventsBehind().set(GroupLag.eventsBehind(admin, group, topic));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        Log.debugf("lag of %s unknown: %s", topic, e.getMessage());
      }
    });
  }

  @PreDestroy
  void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
