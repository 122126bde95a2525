package shop.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.function.BiFunction;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaConnector;
import io.vertx.pgclient.PgException;

import shop.platform.PgErrors;

/**
 * The shape every event consumer shares: read the CloudEvent type, skip types it does not handle, apply the rest,
 * ack. Outcomes are counted as {@code <metric>{outcome}}.
 * <ul>
 * <li>A <em>bad record</em> ({@link #isBadRecord}: unreadable, or data PostgreSQL refuses) is nacked at once, so the
 * channel's {@code dead-letter-queue} strategy sends it to {@code <topic>.dlq} and the consumer keeps going.</li>
 * <li>Any other failure (the database away or restarting, the pool closing, a timeout) says nothing about the record:
 * it is retried with backoff for as long as the service runs, never dead-lettered. The partition waits meanwhile,
 * which keeps per-aggregate order; the wait shows as lag.</li>
 * <li>Once the service is stopping, a record that could not be applied is left unacknowledged: its offset is not
 * committed and the next instance applies it (consumers are idempotent). A graceful restart never dead-letters a
 * good record.</li>
 * </ul>
 */
@ApplicationScoped
public class EventConsumers {
  private final MeterRegistry registry;
  private final Duration retryFirst;
  private final Duration retryMax;
  private final Instance<KafkaConnector> kafka;
  private volatile boolean stopping;

  @Inject
  public EventConsumers(MeterRegistry registry, ConsumerConfig config,
      @Connector("smallrye-kafka") Instance<KafkaConnector> kafka) {
    this(registry, config.retryFirst(), config.retryMax(), kafka);
  }

  public EventConsumers(MeterRegistry registry, Duration retryFirst, Duration retryMax) {
    this(registry, retryFirst, retryMax, null);
  }

  private EventConsumers(MeterRegistry registry, Duration retryFirst, Duration retryMax,
      Instance<KafkaConnector> kafka) {
    this.registry = registry;
    this.retryFirst = retryFirst;
    this.retryMax = retryMax;
    this.kafka = kafka;
  }

  /**
   * First thing on shutdown: from now on a failed record is left for the next instance; then the Kafka channels are
   * closed (consumers stop polling, finish what they hold and commit what was applied) while the database pool is
   * still open. Left to itself, Quarkus closes the pool first and the Kafka connector last.
   */
  void onStop(@Observes @Priority(1) ShutdownEvent event) {
    stopping();
    if (kafka != null && kafka.isResolvable()) {
      long started = System.nanoTime();
      kafka.get().terminate(null);
      Log.infof("Kafka channels closed in %d ms", (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** Marks the service as stopping (also for tests). */
  public void stopping() {
    stopping = true;
  }

  public boolean isStopping() {
    return stopping;
  }

  /**
   * @param apply (type, payload) → an outcome word such as {@code applied} or {@code duplicate}
   */
  public Uni<Void> process(Message<String> message, Set<String> handledTypes, String metric,
      BiFunction<String, String, Uni<String>> apply) {
    return retryingWhileRunning(Uni.createFrom().deferred(() -> {
      String type = message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getType)
          .orElseThrow(() -> new IllegalArgumentException("not a CloudEvent (no ce_type)"));
      return handledTypes.contains(type) ? apply.apply(type, message.getPayload()) : Uni.createFrom().item("skipped");
    }), metric)
        .onItemOrFailure().transformToUni((outcome, failure) -> {
          if (failure == null) {
            registry.counter(metric, "outcome", outcome).increment();
            return Uni.createFrom().completionStage(message.ack());
          }
          if (isBadRecord(failure)) {
            DeadLetters.count(registry, metric, failure.getMessage());
            return Uni.createFrom().completionStage(message.nack(failure));
          }
          return leftForTheNextInstance(metric, failure);
        });
  }

  /**
   * Retries {@code work} while it fails for a reason other than a bad record and the service is not stopping: with
   * backoff from {@code shop.consumers.retry-first} up to {@code shop.consumers.retry-max}, without a limit.
   */
  public <T> Uni<T> retryingWhileRunning(Uni<T> work, String metric) {
    return work
        .onFailure(this::worthRetrying).invoke(f -> {
          registry.counter(metric, "outcome", "retried").increment();
          Log.warnf("%s: could not apply, retrying: %s", metric, f.toString());
        })
        .onFailure(this::worthRetrying).retry().withBackOff(retryFirst, retryMax).indefinitely();
  }

  private boolean worthRetrying(Throwable failure) {
    return !isBadRecord(failure) && !stopping;
  }

  /** A record not applied because the service stops: not acknowledged, so its offset is not committed. */
  public Uni<Void> leftForTheNextInstance(String metric, Throwable failure) {
    Log.infof("%s: stopping; a record is left for the next instance (%s)", metric, failure.toString());
    registry.counter(metric, "outcome", "left-on-stop").increment();
    return Uni.createFrom().voidItem();
  }

  /**
   * Whether a failure is the record's own fault, so that retrying cannot help: it could not be read
   * ({@link IllegalArgumentException}), it lacks something the code needs ({@link NullPointerException},
   * {@link ClassCastException}), or PostgreSQL refused its data ({@link PgErrors#refusesData}).
   */
  public static boolean isBadRecord(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IllegalArgumentException || t instanceof NullPointerException
          || t instanceof ClassCastException) {
        return true;
      }
      if (t instanceof PgException pg && pg.getSqlState() != null) {
        return PgErrors.refusesData(pg);
      }
    }
    return false;
  }

  /** The event's time ({@code ce_time}), or now when the record has none. */
  public static Instant eventTime(Message<?> message) {
    return message.getMetadata(IncomingCloudEventMetadata.class)
        .flatMap(ce -> ((IncomingCloudEventMetadata<?>) ce).getTimeStamp()).map(ZonedDateTime::toInstant)
        .orElse(Instant.now());
  }
}
