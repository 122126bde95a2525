package shop.projection.repository;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import io.smallrye.mutiny.Uni;

/**
 * What every Redis view cache shares: Redis is only a cache, so a call that fails or answers slower than
 * {@link #TIMEOUT} is counted ({@code projection_cache_total{view,result}}) and replaced by a fallback (a miss, or
 * nothing for a write); the caller then uses PostgreSQL. Entries expire after {@link #TTL}, so a write lost during an
 * outage is corrected within that time.
 */
abstract class RedisCache {
  static final Duration TTL = Duration.ofSeconds(60);
  static final Duration TIMEOUT = Duration.ofMillis(200);

  final ReactiveRedisDataSource redis;
  private final MeterRegistry registry;
  private final String view;
  private final String prefix;

  RedisCache(ReactiveRedisDataSource redis, MeterRegistry registry, String view, String prefix) {
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
    return clearFrom("0");
  }

  private Uni<Void> clearFrom(String cursor) {
    return redis.execute("SCAN", cursor, "MATCH", prefix + "*", "COUNT", "500").chain(page -> {
      String next = page.get(0).toString();
      List<String> keys = new ArrayList<>();
      for (Response key : page.get(1)) {
        keys.add(key.toString());
      }
      Uni<Void> unlinked = keys.isEmpty() ? Uni.createFrom().voidItem()
          : redis.execute("UNLINK", keys.toArray(String[]::new)).replaceWithVoid();
      return unlinked.chain(() -> "0".equals(next) ? Uni.createFrom().voidItem() : clearFrom(next));
    });
  }

  /** {@code call} bounded by the timeout; on failure counts {@code failureResult} and answers {@code fallback}. */
  <T> Uni<T> guarded(Uni<T> call, String failureResult, T fallback) {
    return call.ifNoItem().after(TIMEOUT).fail().onFailure().recoverWithItem(e -> {
      count(failureResult);
      Log.debugf("%s cache %s: %s", view, failureResult, e.getMessage());
      return fallback;
    });
  }

  void count(String result) {
    registry.counter("projection.cache", "view", view, "result", result).increment();
  }
}
