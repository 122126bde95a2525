package shop.projection.repository;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import shop.projection.api.CartView;

/**
 * Hot cart views in Redis ({@code proj:cart:<id>}), written when the projection changes a cart and filled on a miss.
 * Redis is only a cache: every failure or slow answer (over {@link #TIMEOUT}) falls back to PostgreSQL, and entries
 * expire after {@link #TTL}, so a write lost during an outage is corrected within that time.
 */
@ApplicationScoped
public class CartViewCache {
  public static final String PREFIX = "proj:cart:";
  static final Duration TTL = Duration.ofSeconds(60);
  static final Duration TIMEOUT = Duration.ofMillis(200);

  private final ReactiveValueCommands<String, String> values;
  private final ObjectMapper json;
  private final MeterRegistry registry;

  public CartViewCache(ReactiveRedisDataSource redis, ObjectMapper json, MeterRegistry registry) {
    this.values = redis.value(String.class);
    this.json = json;
    this.registry = registry;
  }

  /** The cached view, or null on a miss or when Redis fails. */
  public Uni<CartView> get(String cartId) {
    return values.get(PREFIX + cartId).ifNoItem().after(TIMEOUT).fail()
        .map(s -> {
          count(s == null ? "miss" : "hit");
          return s == null ? null : read(s);
        })
        .onFailure().recoverWithItem(e -> {
          count("error");
          Log.debugf("cart cache read failed: %s", e.getMessage());
          return null;
        });
  }

  /** Stores the view the projection just committed; a failure is counted and otherwise ignored. */
  public Uni<Void> put(CartView view) {
    return set(view, new SetArgs().ex(TTL));
  }

  /**
   * Fills the cache after a miss, only if nothing is there: a reader must never overwrite a newer view that the
   * projection wrote meanwhile.
   */
  public Uni<Void> fill(CartView view) {
    return set(view, new SetArgs().ex(TTL).nx());
  }

  private Uni<Void> set(CartView view, SetArgs args) {
    return values.set(PREFIX + view.id(), write(view), args).ifNoItem().after(TIMEOUT).fail()
        .onFailure().recoverWithItem(e -> {
          count("write-error");
          Log.debugf("cart cache write failed: %s", e.getMessage());
          return null;
        })
        .replaceWithVoid();
  }

  private void count(String result) {
    registry.counter("projection.cache", "view", "cart", "result", result).increment();
  }

  private String write(CartView v) {
    try {
      return json.writeValueAsString(v);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private CartView read(String s) {
    try {
      return json.readValue(s, CartView.class);
    } catch (Exception e) {
      throw new IllegalStateException("unreadable cached cart view", e);
    }
  }
}
