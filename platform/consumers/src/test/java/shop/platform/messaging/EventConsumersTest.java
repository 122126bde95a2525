package shop.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import io.vertx.pgclient.PgException;

/** What a consumer does with each outcome of applying a record (plain logic: an in-memory message, no broker). */
class EventConsumersTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final EventConsumers consumers = new EventConsumers(registry, Duration.ofMillis(1), Duration.ofMillis(5));
  final AtomicReference<String> settled = new AtomicReference<>();

  Message<String> event(String type) {
    var ce = new DefaultIncomingCloudEventMetadata<String>("1.0", "id-1", URI.create("/test"), type,
        "application/json", null, "subject", ZonedDateTime.now(), Map.of(), null);
    return Message.of("{}", Metadata.of(ce), () -> {
      settled.set("ack");
      return CompletableFuture.completedFuture(null);
    }, failure -> {
      settled.set("nack: " + failure.getMessage());
      return CompletableFuture.completedFuture(null);
    });
  }

  @Test
  void givenTheDatabaseAwayForLongWhenProcessedThenItIsRetriedUntilAppliedAndNeverDeadLettered() {
    AtomicInteger attempts = new AtomicInteger();
    consumers.process(event("a.v1"), Set.of("a.v1"), "m",
        (type, payload) -> attempts.incrementAndGet() <= 50
            ? Uni.createFrom().failure(new IllegalStateException("Pool closed"))
            : Uni.createFrom().item("applied"))
        .await().atMost(Duration.ofSeconds(10));
    assertThat(attempts).hasValue(51);
    assertThat(settled).hasValue("ack");
    assertThat(registry.counter("m", "outcome", "applied").count()).isEqualTo(1);
    assertThat(registry.counter("m", "outcome", "dead-letter").count()).isZero();
  }

  @Test
  void givenAnUnreadableRecordWhenProcessedThenItIsDeadLetteredAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    consumers.process(event("a.v1"), Set.of("a.v1"), "m", (type, payload) -> {
      attempts.incrementAndGet();
      throw new IllegalArgumentException("unreadable");
    }).await().atMost(Duration.ofSeconds(10));
    assertThat(attempts).hasValue(1);
    assertThat(settled).hasValue("nack: unreadable");
    assertThat(registry.counter("m", "outcome", "dead-letter").count()).isEqualTo(1);
    assertThat(registry.counter("dead.letters", "consumer", "m").count()).isEqualTo(1);
  }

  @Test
  void givenDataPostgresqlRefusesWhenProcessedThenItIsDeadLetteredAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    consumers.process(event("a.v1"), Set.of("a.v1"), "m", (type, payload) -> {
      attempts.incrementAndGet();
      return Uni.createFrom().failure(new PgException("invalid byte sequence", "ERROR", "22021", null));
    }).await().atMost(Duration.ofSeconds(10));
    assertThat(attempts).hasValue(1);
    assertThat(settled.get()).startsWith("nack: ").contains("invalid byte sequence");
  }

  @Test
  void givenTheServiceStoppingWhenApplyingFailsThenTheRecordIsLeftUnacknowledgedForTheNextInstance() {
    AtomicInteger attempts = new AtomicInteger();
    consumers.process(event("a.v1"), Set.of("a.v1"), "m", (type, payload) -> {
      if (attempts.incrementAndGet() == 3) {
        consumers.stopping(); // SIGTERM while the pool closes under the consumer
      }
      return Uni.createFrom().failure(new IllegalStateException("Pool closed"));
    }).await().atMost(Duration.ofSeconds(10));
    assertThat(attempts).hasValue(3);
    assertThat(settled).as("neither acked nor dead-lettered").hasValue(null);
    assertThat(registry.counter("m", "outcome", "left-on-stop").count()).isEqualTo(1);
  }

  @Test
  void givenATypeItDoesNotHandleWhenProcessedThenItIsSkippedAndAcked() {
    consumers.process(event("b.v1"), Set.of("a.v1"), "m", (type, payload) -> {
      throw new AssertionError("not called");
    }).await().atMost(Duration.ofSeconds(10));
    assertThat(settled).hasValue("ack");
    assertThat(registry.counter("m", "outcome", "skipped").count()).isEqualTo(1);
  }

  @Test
  void shouldTellBadRecordsFromPassingFailures() {
    assertThat(EventConsumers.isBadRecord(new IllegalArgumentException("unreadable"))).isTrue();
    assertThat(EventConsumers.isBadRecord(new RuntimeException(new IllegalArgumentException("x")))).isTrue();
    assertThat(EventConsumers.isBadRecord(new PgException("null value", "ERROR", "23502", null))).isTrue();
    assertThat(EventConsumers.isBadRecord(new PgException("duplicate key", "ERROR", "23505", null))).isFalse();
    assertThat(EventConsumers.isBadRecord(new PgException("terminating connection", "FATAL", "57P01", null)))
        .isFalse();
    assertThat(EventConsumers.isBadRecord(new PgException("lock timeout", "ERROR", "55P03", null))).isFalse();
    assertThat(EventConsumers.isBadRecord(new PgException("deadlock detected", "ERROR", "40P01", null))).isFalse();
    assertThat(EventConsumers.isBadRecord(new IllegalStateException("Pool closed"))).isFalse();
  }
}
