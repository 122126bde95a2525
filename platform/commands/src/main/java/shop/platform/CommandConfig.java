package shop.platform;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the write side ({@code shop.*}; not {@code platform.*}, which the Quarkus platform uses): command transactions, outbox relay, idempotency. */
@ConfigMapping(prefix = "shop")
public interface CommandConfig {

  /** PostgreSQL {@code lock_timeout} of every command transaction; past it the client gets 503 + Retry-After. */
  @WithDefault("2s")
  Duration lockTimeout();

  /** PostgreSQL {@code statement_timeout} of every command transaction. */
  @WithDefault("3s")
  Duration statementTimeout();

  Outbox outbox();

  Idempotency idempotency();

  interface Outbox {
    /** Whether this instance runs the outbox relay (one relay publishes at a time across instances). */
    @WithDefault("true")
    boolean relayEnabled();

    /** CloudEvents {@code source} of the published events, e.g. {@code /stock-service}. */
    @WithDefault("/${quarkus.application.name}")
    String source();

    /** Most rows published per relay transaction (1 to 2000: the emitter buffers one batch). */
    @WithDefault("500")
    @Min(1)
    @Max(2000)
    int batchSize();

    /**
     * How long a batch waits for Kafka to acknowledge (or fail) each record: longer than the producer's
     * {@code delivery.timeout.ms} (30 s) plus its {@code max.block.ms} (5 s). A batch with no outcome after twice this
     * is given up by the relay's watchdog.
     */
    @WithDefault("40s")
    Duration publishTimeout();

    /** Fallback poll; the relay is normally woken right after each command commits. */
    @WithDefault("1s")
    Duration pollInterval();
  }

  interface Idempotency {
    /** How long a stored response is replayed for its Idempotency-Key. */
    @WithDefault("24h")
    Duration retention();
  }
}
