package shop.stock.repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.events.Money;
import shop.stock.domain.PricedProduct;
import shop.stock.domain.StockLevel;

/**
 * Stock levels. Writers lock the rows they change with {@link #lock} (always in {@code product_id} order, so two
 * transactions over the same products never deadlock), decide in plain Java, then {@link #save} with a version check.
 */
@ApplicationScoped
public class StockRepository {

  /** Creates empty rows for levels never stocked, so they can be locked. Product ids must be sorted. */
  public Uni<Void> ensureRows(SqlClient sql, String locationId, String[] sortedProductIds) {
    return sql.preparedQuery("insert into stock_level (location_id, product_id, on_hand) "
        + "select $1, p, 0 from unnest($2::text[]) p on conflict do nothing")
        .execute(Tuple.of(locationId, sortedProductIds)).replaceWithVoid();
  }

  /** Locks the existing levels of these products at the location, in product id order. */
  public Uni<Map<String, StockLevel>> lock(SqlClient sql, String locationId, String[] productIds) {
    return sql.preparedQuery("select location_id, product_id, on_hand, reserved, version from stock_level "
        + "where location_id = $1 and product_id = any($2) order by product_id for update")
        .execute(Tuple.of(locationId, productIds))
        .map(rows -> {
          Map<String, StockLevel> levels = new HashMap<>();
          for (Row r : rows) {
            StockLevel l = toLevel(r);
            levels.put(l.productId(), l);
          }
          return levels;
        });
  }

  /** Locked stock levels of a sale and the current prices of those products. */
  public record PricedLevels(Map<String, StockLevel> levels, Map<String, PricedProduct> prices) {
  }

  /**
   * Locks the existing levels of these products at the location in product id order, and reads their prices in the
   * same statement. Products without a level here are absent from both maps.
   */
  public Uni<PricedLevels> lockPriced(SqlClient sql, String locationId, String[] productIds) {
    return sql.preparedQuery("select s.location_id, s.product_id, s.on_hand, s.reserved, s.version, p.price_amount, "
        + "p.currency, p.active from stock_level s join product p on p.id = s.product_id "
        + "where s.location_id = $1 and s.product_id = any($2) order by s.product_id for update of s")
        .execute(Tuple.of(locationId, productIds))
        .map(rows -> {
          Map<String, StockLevel> levels = new HashMap<>();
          Map<String, PricedProduct> prices = new HashMap<>();
          for (Row r : rows) {
            StockLevel l = toLevel(r);
            levels.put(l.productId(), l);
            prices.put(l.productId(), new PricedProduct(l.productId(),
                new Money(r.getLong("price_amount"), r.getString("currency")), r.getBoolean("active")));
          }
          return new PricedLevels(levels, prices);
        });
  }

  /**
   * Writes levels decided from a locked read. Each row must still carry {@code version - 1}; anything else means the
   * lock discipline was broken, and the transaction fails rather than lose an update.
   */
  public Uni<Void> save(SqlClient sql, String locationId, Collection<StockLevel> levels) {
    int n = levels.size();
    String[] ids = new String[n];
    Long[] onHand = new Long[n];
    Long[] reserved = new Long[n];
    Long[] version = new Long[n];
    int i = 0;
    for (StockLevel l : levels) {
      ids[i] = l.productId();
      onHand[i] = l.onHand();
      reserved[i] = l.reserved();
      version[i++] = l.version();
    }
    // each row must still be at version - 1 (it is locked): checked by PostgreSQL itself, so that a mismatch aborts
    // the transaction even when this statement goes out with COMMIT (the cast fails; count(*) keeps the planner from
    // evaluating the message early)
    return sql.preparedQuery("with u as (update stock_level s set on_hand = u.on_hand, reserved = u.reserved, "
        + "version = u.version, updated_at = now() "
        + "from unnest($2::text[], $3::int8[], $4::int8[], $5::int8[]) as u(product_id, on_hand, reserved, version) "
        + "where s.location_id = $1 and s.product_id = u.product_id and s.version = u.version - 1 returning 1) "
        + "select case when count(*) = $6 then 0 else ('stock level changed under a lock at ' || $1 || ': ' "
        + "|| count(*) || ' of ' || $6 || ' rows at their version')::int end from u")
        .execute(Tuple.from(List.of(locationId, ids, onHand, reserved, version, (long) n)))
        .replaceWithVoid();
  }

  public Uni<StockLevel> find(SqlClient sql, String locationId, String productId) {
    return sql.preparedQuery("select location_id, product_id, on_hand, reserved, version from stock_level "
        + "where location_id = $1 and product_id = $2")
        .execute(Tuple.of(locationId, productId))
        .map(rows -> rows.size() == 0 ? null : toLevel(rows.iterator().next()));
  }

  private static StockLevel toLevel(Row r) {
    return new StockLevel(r.getString("location_id"), r.getString("product_id"), r.getLong("on_hand"),
        r.getLong("reserved"), r.getLong("version"));
  }
}
