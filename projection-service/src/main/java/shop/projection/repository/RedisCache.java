package shop.projection.repository;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.smallrye.mutiny.Uni;

import shop.projection.config.ProjectionConfig;

/**
 * What every Redis view cache shares: Redis is only a cache, so a call that fails or answers slower than
 * {@code projection.cache.timeout} is counted ({@code projection_cache_total{view,result}}) and replaced by a fallback (a miss, or
 * nothing for a write); the caller then uses PostgreSQL. Entries expire after {@code projection.cache.ttl}, so a write lost during an
 * outage is corrected within that time.
 */
abstract class RedisCache {
  final ReactiveRedisDataSource redis;
  private final MeterRegistry registry;
  private final String view;
  private final String prefix;
  final Duration ttl;
  private final Duration timeout;

  RedisCache(ReactiveRedisDataSource redis, MeterRegistry registry, ProjectionConfig.Cache config, String view,
      String prefix) {
    this.ttl = config.ttl();
    this.timeout = config.timeout();
    this.redis = redis;
    this.registry = registry;
    this.view = view;
    this.prefix = prefix;
  }

  /**
   * Drops every entry of this view (after a rebuild swapped the read model in), a page of keys at a time with
   * {@code SCAN} and {@code UNLINK}, so Redis never blocks. Fails when Redis does: the caller decides.
   */
  public Uni<Void> clear() {
    ReactiveKeyCommands<String> keys = redis.key();
    return keys.scan(new KeyScanArgs().match(prefix + "*").count(500)).toMulti()
        .group().intoLists().of(500)
        .onItem().transformToUniAndConcatenate(page -> keys.unlink(page.toArray(String[]::new)))
        .collect().last().replaceWithVoid();
  }

  /** {@code call} bounded by the timeout; on failure counts {@code failureResult} and answers {@code fallback}. */
  <T> Uni<T> guarded(Uni<T> call, String failureResult, T fallback) {
    return call.ifNoItem().after(timeout).fail().onFailure().recoverWithItem(e -> {
      count(failureResult);
      Log.debugf("%s cache %s: %s", view, failureResult, e.getMessage());
      return fallback;
    });
  }

  void count(String result) {
    registry.counter("projection.cache", "view", view, "result", result).increment();
  }
}
