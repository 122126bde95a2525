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

/** What a consumer does with each outcome of applying a record (plain logic: an in-memory message, no broker). */
class EventConsumersTest {
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
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
  void givenTheDatabaseFailingTwiceWhenProcessedThenItIsRetriedAndApplied() {
    AtomicInteger attempts = new AtomicInteger();
    EventConsumers.process(event("a.v1"), Set.of("a.v1"), registry, "m", (type, payload) ->
        attempts.incrementAndGet() <= 2 ? Uni.createFrom().failure(new IllegalStateException("connection refused"))
            : Uni.createFrom().item("applied")).await().atMost(Duration.ofSeconds(10));
    assertThat(attempts).hasValue(3);
    assertThat(settled).hasValue("ack");
    assertThat(registry.counter("m", "outcome", "applied").count()).isEqualTo(1);
  }

  @Test
  void givenAnUnreadableRecordWhenProcessedThenItIsDeadLetteredAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    EventConsumers.process(event("a.v1"), Set.of("a.v1"), registry, "m", (type, payload) -> {
      attempts.incrementAndGet();
      throw new IllegalArgumentException("unreadable");
    }).await().atMost(Duration.ofSeconds(10));
    assertThat(attempts).hasValue(1);
    assertThat(settled).hasValue("nack: unreadable");
    assertThat(registry.counter("m", "outcome", "dead-letter").count()).isEqualTo(1);
  }

  @Test
  void givenAFailureThatLastsWhenProcessedThenItIsDeadLetteredAfterTheRetries() {
    AtomicInteger attempts = new AtomicInteger();
    EventConsumers.process(event("a.v1"), Set.of("a.v1"), registry, "m", (type, payload) -> {
      attempts.incrementAndGet();
      return Uni.createFrom().failure(new IllegalStateException("still down"));
    }).await().atMost(Duration.ofSeconds(30));
    assertThat(attempts).hasValue(EventConsumers.RETRIES + 1);
    assertThat(settled).hasValue("nack: still down");
  }

  @Test
  void givenATypeItDoesNotHandleWhenProcessedThenItIsSkippedAndAcked() {
    EventConsumers.process(event("b.v1"), Set.of("a.v1"), registry, "m", (type, payload) -> {
      throw new AssertionError("not called");
    }).await().atMost(Duration.ofSeconds(10));
    assertThat(settled).hasValue("ack");
    assertThat(registry.counter("m", "outcome", "skipped").count()).isEqualTo(1);
  }
}
