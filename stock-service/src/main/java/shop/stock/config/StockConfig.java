package shop.stock.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of stock-service ({@code stock.*}). */
@ConfigMapping(prefix = "stock")
public interface StockConfig {

  /** PostgreSQL {@code lock_timeout} of every command transaction; past it the client gets 503 + Retry-After. */
  @WithDefault("2s")
  Duration lockTimeout();

  /** PostgreSQL {@code statement_timeout} of every command transaction. */
  @WithDefault("3s")
  Duration statementTimeout();

  Outbox outbox();

  Idempotency idempotency();

  interface Outbox {
    /** Whether this instance runs the outbox relay (one instance at a time publishes; see OutboxRelay). */
    @WithDefault("true")
    boolean relayEnabled();

    /** Most rows published per relay transaction (1 to 2000: the emitter buffers one batch). */
    @WithDefault("500")
    @jakarta.validation.constraints.Min(1)
    @jakarta.validation.constraints.Max(2000)
    int batchSize();

    /** Fallback poll when no NOTIFY arrives (the relay is normally woken by LISTEN/NOTIFY at commit). */
    @WithDefault("1s")
    Duration pollInterval();
  }

  interface Idempotency {
    /** How long a stored response is replayed for its Idempotency-Key. */
    @WithDefault("24h")
    Duration retention();
  }
}
