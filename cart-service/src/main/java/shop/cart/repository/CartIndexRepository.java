package shop.cart.repository;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.cart.domain.Cart;

/** The write side's index of carts: status, version and last activity (for abandonment). */
@ApplicationScoped
public class CartIndexRepository {

  /** Records the cart's status and version after a change, and the change's time as its last activity. */
  public Uni<Void> save(SqlClient sql, Cart cart) {
    return sql.preparedQuery("insert into cart (cart_id, owner_id, status, version, last_activity_at) "
        + "values ($1, $2, $3, $4, now()) on conflict (cart_id) do update set status = excluded.status, "
        + "version = excluded.version, last_activity_at = now()")
        .execute(Tuple.from(java.util.Arrays.asList(cart.id(), cart.ownerId(), cart.status().wire(), cart.version())))
        .replaceWithVoid();
  }

  /**
   * Locks the index rows of these carts in cart id order (so two merges crossing the same carts cannot deadlock):
   * writers of one cart queue here instead of losing the append race. Returns how many of them exist.
   */
  public Uni<Integer> lock(SqlClient sql, String... cartIds) {
    String[] sorted = java.util.Arrays.stream(cartIds).distinct().sorted().toArray(String[]::new);
    return sql.preparedQuery("select cart_id from cart where cart_id = any($1) order by cart_id for no key update")
        .execute(Tuple.of((Object) sorted))
        .map(rows -> rows.size());
  }

  /** An open cart idle since {@code lastActivityAt}. */
  public record IdleCart(String cartId, Instant lastActivityAt) {
  }

  /**
   * Locks one open cart idle for longer than {@code idle}, skipping carts another instance's job holds; null when
   * there is none.
   */
  public Uni<IdleCart> lockOneIdle(SqlClient sql, Duration idle) {
    return sql.preparedQuery("select cart_id, last_activity_at from cart where status = 'open' and last_activity_at < "
        + "now() - make_interval(secs => $1) order by last_activity_at limit 1 for update skip locked")
        .execute(Tuple.of((double) idle.toMillis() / 1000))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new IdleCart(r.getString("cart_id"), r.getOffsetDateTime("last_activity_at").toInstant());
        });
  }
}
