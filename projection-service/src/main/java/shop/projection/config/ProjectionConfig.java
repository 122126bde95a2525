package shop.projection.config;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** projection-service's settings ({@code projection.*}). */
@ConfigMapping(prefix = "projection")
public interface ProjectionConfig {

  Cache cache();

  ReadYourWrites readYourWrites();

  Stream stream();

  Rebuild rebuild();

  /** A gap in a cart's events older than this is logged as an ERROR at every lag refresh. */
  @WithDefault("60s")
  Duration gapAlarm();

  /** The Redis view caches: Redis is only a cache, PostgreSQL answers when it is slow or away. */
  interface Cache {
    /** How long an entry lives: a write lost while Redis was away is corrected within this time. */
    @WithDefault("60s")
    Duration ttl();

    /** A Redis call slower than this counts as failed and PostgreSQL answers. */
    @WithDefault("200ms")
    Duration timeout();
  }

  /** {@code GET /carts/{id}?minVersion=N}: how long to wait for version N, and how often to look. */
  interface ReadYourWrites {
    @WithDefault("2s")
    Duration maxWait();

    @WithDefault("50ms")
    Duration poll();
  }

  /** The realtime stock stream (SSE). */
  interface Stream {
    @Min(1)
    int maxSubscribersPerLocation();

    @Min(1)
    int maxSubscribers();

    Duration heartbeat();
  }

  interface Rebuild {
    /** Under this many events left, a rebuild's copies catch up inside the swap transaction. */
    @WithDefault("1000")
    @Min(0)
    long swapWhenBehind();

    /** After a rebuild of a read model ends, another of the same one is refused for this long (a rebuild is costly). */
    @WithDefault("10m")
    Duration cooldown();
  }
}
