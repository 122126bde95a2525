package shop.projection.repository;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

import shop.platform.Json;
import shop.projection.api.CartView;
import shop.projection.config.ProjectionConfig;

/**
 * Hot cart views in Redis ({@code proj:cart:<id>}), written when the projection changes a cart and filled on a miss.
 * A newer view always overwrites; a fill never does ({@code SET NX}).
 */
@Singleton // not proxied: the shared base class has no no-args constructor
public class CartViewCache extends RedisCache {
  public static final String PREFIX = "proj:cart:";

  private final ReactiveValueCommands<String, String> values;
  private final Json json;

  public CartViewCache(ReactiveRedisDataSource redis, Json json, MeterRegistry registry, ProjectionConfig config) {
    super(redis, registry, config.cache(), "cart", PREFIX);
    this.values = redis.value(String.class);
    this.json = json;
  }

  /** The cached view, or null on a miss or when Redis fails. */
  public Uni<CartView> get(String cartId) {
    return guarded(values.get(PREFIX + cartId).map(s -> {
      count(s == null ? "miss" : "hit");
      return s == null ? null : json.readStored(s, CartView.class);
    }), "error", null);
  }

  /** Stores the view the projection just committed; a failure is counted and otherwise ignored. */
  public Uni<Void> put(CartView view) {
    return set(view, new SetArgs().ex(ttl));
  }

  /**
   * Fills the cache after a miss, only if nothing is there: a reader must never overwrite a newer view that the
   * projection wrote meanwhile.
   */
  public Uni<Void> fill(CartView view) {
    return set(view, new SetArgs().ex(ttl).nx());
  }

  private Uni<Void> set(CartView view, SetArgs args) {
    return guarded(values.set(PREFIX + view.id(), json.write(view), args), "write-error", null);
  }
}
