package shop.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.function.BiFunction;

import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

/**
 * The shape every event consumer shares: read the CloudEvent type, skip types it does not handle, apply the rest,
 * ack. An unreadable record ({@link IllegalArgumentException}) is nacked at once, so the channel's
 * {@code dead-letter-queue} strategy sends it to {@code <topic>.dlq} and the consumer keeps going; any other failure
 * (the database away, a timeout) is first retried {@link #RETRIES} times with backoff (about 10 s), since the record
 * itself is fine. Outcomes are counted as {@code <metric>{outcome}}.
 */
public final class EventConsumers {
  /** Attempts after the first for a record that is readable but could not be applied, with backoff. */
  public static final int RETRIES = 5;
  public static final Duration RETRY_FIRST = Duration.ofMillis(200);
  public static final Duration RETRY_MAX = Duration.ofSeconds(3);

  private EventConsumers() {
  }

  /**
   * @param apply (type, payload) → an outcome word such as {@code applied} or {@code duplicate}
   */
  public static Uni<Void> process(Message<String> message, Set<String> handledTypes, MeterRegistry registry,
      String metric, BiFunction<String, String, Uni<String>> apply) {
    return Uni.createFrom().deferred(() -> {
      String type = message.getMetadata(IncomingCloudEventMetadata.class).map(IncomingCloudEventMetadata::getType)
          .orElseThrow(() -> new IllegalArgumentException("not a CloudEvent (no ce_type)"));
      return handledTypes.contains(type) ? apply.apply(type, message.getPayload()) : Uni.createFrom().item("skipped");
    })
        // a failure other than an unreadable record (the database away, a timeout) is retried before it dead-letters
        .onFailure(f -> !(f instanceof IllegalArgumentException)).retry()
        .withBackOff(RETRY_FIRST, RETRY_MAX).atMost(RETRIES)
        .onItemOrFailure().transformToUni((outcome, failure) -> {
      if (failure != null) {
        Log.warnf("%s: record to the dead-letter topic: %s", metric, failure.getMessage());
        registry.counter(metric, "outcome", "dead-letter").increment();
        return Uni.createFrom().completionStage(message.nack(failure));
      }
      registry.counter(metric, "outcome", outcome).increment();
      return Uni.createFrom().completionStage(message.ack());
    });
  }

  /** The event's time ({@code ce_time}), or now when the record has none. */
  public static Instant eventTime(Message<?> message) {
    return message.getMetadata(IncomingCloudEventMetadata.class)
        .flatMap(ce -> ((IncomingCloudEventMetadata<?>) ce).getTimeStamp()).map(ZonedDateTime::toInstant)
        .orElse(Instant.now());
  }

  /** Reads a payload record, turning any parse problem into a failure that dead-letters the record. */
  public static <T> T read(ObjectMapper json, String payload, Class<T> type) {
    try {
      return json.readValue(payload, type);
    } catch (Exception e) {
      throw new IllegalArgumentException("unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
