package shop.projection.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.events.StockEvent;
import shop.projection.api.LocationStockItem;

/** Stock per (location, product), as the last applied {@code stock.changed.v1} says. */
@ApplicationScoped
public class StockViewRepository {

  /**
   * The outcome of applying a stock event: the version held before (0 when none), whether it changed, and the level
   * as it now reads (with the product's name).
   */
  public record Applied(long previousVersion, boolean changed, Level level) {
  }

  /** A stock list line and the version of the level it shows. */
  public record Level(LocationStockItem item, long version) {
  }

  /**
   * Applies the event's state unless the view holds that version or a newer one. Each stock event carries the whole
   * level, so a newer version is applied even after a gap (the gap is reported by the caller, never hidden).
   */
  public Uni<Applied> apply(SqlClient sql, StockEvent.Changed e, Instant at) {
    return applyAll(sql, List.of(e), List.of(at)).map(applied -> applied.get(0));
  }

  /**
   * Applies many levels in one statement, each as {@link #apply} does: at most one event per (location, product),
   * the caller keeps the newest. Answers per event, in order.
   */
  public Uni<List<Applied>> applyAll(SqlClient sql, List<StockEvent.Changed> events, List<Instant> times) {
    int n = events.size();
    String[] locations = new String[n];
    String[] products = new String[n];
    Long[] onHand = new Long[n];
    Long[] reserved = new Long[n];
    Long[] available = new Long[n];
    Long[] versions = new Long[n];
    OffsetDateTime[] at = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      StockEvent.Changed e = events.get(i);
      locations[i] = e.locationId();
      products[i] = e.productId();
      onHand[i] = e.onHand();
      reserved[i] = e.reserved();
      available[i] = e.available();
      versions[i] = e.version();
      at[i] = times.get(i).atOffset(ZoneOffset.UTC);
    }
    return sql.preparedQuery("with incoming as (select * from unnest($1::text[], $2::text[], $3::bigint[], "
        + "$4::bigint[], $5::bigint[], $6::bigint[], $7::timestamptz[]) with ordinality "
        + "as t(location_id, product_id, on_hand, reserved, available, version, changed_at, n)), "
        + "before as (select s.location_id, s.product_id, s.version from stock_view s "
        + "join incoming i using (location_id, product_id)), "
        + "up as (insert into stock_view (location_id, product_id, on_hand, reserved, available, version, changed_at) "
        + "select location_id, product_id, on_hand, reserved, available, version, changed_at from incoming "
        + "on conflict (location_id, product_id) do update set on_hand = excluded.on_hand, "
        + "reserved = excluded.reserved, available = excluded.available, version = excluded.version, "
        + "changed_at = excluded.changed_at, updated_at = now() where stock_view.version < excluded.version "
        + "returning location_id, product_id) "
        + "select i.n, coalesce(b.version, 0) as previous, u.product_id is not null as changed, "
        + "coalesce(p.name, i.product_id) as name from incoming i "
        + "left join before b using (location_id, product_id) left join up u using (location_id, product_id) "
        + "left join product_view p on p.product_id = i.product_id order by i.n")
        .execute(Tuple.from(List.of(locations, products, onHand, reserved, available, versions, at)))
        .map(rows -> {
          List<Applied> applied = new ArrayList<>(n);
          for (Row r : rows) {
            int i = r.getLong("n").intValue() - 1;
            StockEvent.Changed e = events.get(i);
            applied.add(new Applied(r.getLong("previous"), r.getBoolean("changed"), new Level(new LocationStockItem(
                e.productId(), r.getString("name"), e.available(), times.get(i)), e.version())));
          }
          return applied;
        });
  }

  /** The location's levels changed after {@code after}, oldest first (for a reconnecting stream). */
  public Uni<List<shop.projection.api.StockChange>> changedSince(SqlClient sql, String locationId, Instant after) {
    return sql.preparedQuery("select product_id, available, on_hand, version, changed_at from stock_view "
        + "where location_id = $1 and changed_at > $2 order by changed_at, product_id")
        .execute(Tuple.of(locationId, after.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          List<shop.projection.api.StockChange> changes = new ArrayList<>(rows.size());
          for (Row r : rows) {
            changes.add(new shop.projection.api.StockChange(r.getString("product_id"), r.getLong("available"),
                r.getLong("on_hand"), r.getLong("version"), r.getOffsetDateTime("changed_at").toInstant()));
          }
          return changes;
        });
  }

  /** Stock of every product at a location, with product names and versions, by name. */
  public Uni<List<Level>> findByLocation(SqlClient sql, String locationId) {
    return sql.preparedQuery("select s.product_id, coalesce(p.name, s.product_id) as name, s.available, "
        + "s.changed_at, s.version from stock_view s left join product_view p on p.product_id = s.product_id "
        + "where s.location_id = $1")
        .execute(Tuple.of(locationId))
        .map(rows -> {
          List<Level> levels = new ArrayList<>(rows.size());
          for (Row r : rows) {
            levels.add(new Level(new LocationStockItem(r.getString("product_id"), r.getString("name"),
                r.getLong("available"), r.getOffsetDateTime("changed_at").toInstant()), r.getLong("version")));
          }
          return levels;
        });
  }

  /** Whether the location holds a stock level. */
  public Uni<Boolean> hasLocation(SqlClient sql, String locationId) {
    return sql.preparedQuery("select exists (select 1 from stock_view where location_id = $1)")
        .execute(Tuple.of(locationId)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** The locations that hold a stock level of the product. */
  public Uni<List<String>> locationsOf(SqlClient sql, String productId) {
    return sql.preparedQuery("select location_id from stock_view where product_id = $1")
        .execute(Tuple.of(productId))
        .map(rows -> {
          List<String> locations = new ArrayList<>(rows.size());
          rows.forEach(r -> locations.add(r.getString("location_id")));
          return locations;
        });
  }
}
