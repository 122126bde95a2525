package shop.platform.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the Kafka consumers built on {@link EventConsumers} ({@code shop.consumers.*}). */
@ConfigMapping(prefix = "shop.consumers")
public interface ConsumerConfig {
  /** First wait before a record that failed for another reason than being bad is tried again. */
  @WithDefault("200ms")
  Duration retryFirst();

  /** Longest wait between two tries of such a record (it is tried for as long as the service runs). */
  @WithDefault("5s")
  Duration retryMax();
}
