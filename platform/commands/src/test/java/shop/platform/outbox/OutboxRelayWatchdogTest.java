package shop.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import shop.platform.CommandConfig;

/**
 * The relay recovers from a batch that never ends (a callback lost to an out-of-memory error, a hung connection):
 * liveness goes DOWN while it hangs, the watchdog gives it up after twice the publish timeout, and the next batch
 * runs. Plain logic: a real Vert.x timer, the batch itself replaced.
 */
class OutboxRelayWatchdogTest {
  final Vertx vertx = Vertx.vertx();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  /** An empty outbox, as far as the backlog gauge asks. */
  final OutboxRepository outbox = new OutboxRepository(null) {
    @Override
    public Uni<Backlog> backlog(io.vertx.mutiny.sqlclient.SqlClient sql) {
      return Uni.createFrom().item(new Backlog(0, 0));
    }
  };

  @AfterEach
  void close() {
    vertx.closeAndAwait();
  }

  @Test
  void givenABatchThatNeverEndsWhenTheWatchdogPollsThenItIsGivenUpAndTheRelayGoesOn() throws Exception {
    AtomicInteger batches = new AtomicInteger();
    OutboxRelay relay = new OutboxRelay(null, outbox, null, config(Duration.ofMillis(100), Duration.ofMillis(20)),
        vertx,
        registry, null) {
      @Override
      Uni<Integer> publishBatch() {
        // the first batch is lost: no item, no failure, ever; the later ones find nothing to publish
        return batches.incrementAndGet() == 1 ? Uni.createFrom().nothing() : Uni.createFrom().item(0);
      }
    };
    relay.start();
    assertThat(relay.live()).isTrue();
    Thread.sleep(250); // past twice the publish timeout: hung
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (batches.get() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(batches.get()).as("batches after the lost one").isGreaterThanOrEqualTo(3);
    assertThat(registry.counter("outbox.stuck.batches").count()).isEqualTo(1);
    assertThat(relay.live()).isTrue();
    relay.stop();
  }

  @Test
  void givenABatchThatHangsThenLivenessIsDownUntilTheWatchdogActs() {
    OutboxRelay relay = new OutboxRelay(null, outbox, null, config(Duration.ofMillis(100), Duration.ofHours(1)), vertx,
        registry, null) {
      @Override
      Uni<Integer> publishBatch() {
        return Uni.createFrom().nothing();
      }
    };
    relay.start(); // the poll (and so the watchdog) comes only in an hour
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (relay.live() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(relay.live()).as("a batch running past twice its publish timeout").isFalse();
    relay.stop();
  }

  static CommandConfig config(Duration publishTimeout, Duration pollInterval) {
    CommandConfig.Outbox outbox = new CommandConfig.Outbox() {
      @Override
      public boolean relayEnabled() {
        return true;
      }

      @Override
      public String source() {
        return "/test";
      }

      @Override
      public int batchSize() {
        return 10;
      }

      @Override
      public Duration publishTimeout() {
        return publishTimeout;
      }

      @Override
      public Duration pollInterval() {
        return pollInterval;
      }
    };
    return new CommandConfig() {
      @Override
      public Duration lockTimeout() {
        return Duration.ofSeconds(2);
      }

      @Override
      public Duration statementTimeout() {
        return Duration.ofSeconds(3);
      }

      @Override
      public Outbox outbox() {
        return outbox;
      }

      @Override
      public Idempotency idempotency() {
        return () -> Duration.ofHours(24);
      }
    };
  }
}
