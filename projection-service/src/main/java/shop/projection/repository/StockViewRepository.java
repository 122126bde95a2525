package shop.projection.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import shop.events.StockChangedEvent;
import shop.projection.api.LocationStockItem;

/** Stock per (location, product), as the last applied {@code stock.changed.v1} says. */
@ApplicationScoped
public class StockViewRepository {

  /** The outcome of applying a stock event: the version held before (0 when none) and whether it changed. */
  public record Applied(long previousVersion, boolean changed) {
  }

  /**
   * Applies the event's state unless the view holds that version or a newer one. Each stock event carries the whole
   * level, so a newer version is applied even after a gap (the gap is reported by the caller, never hidden).
   */
  public Uni<Applied> apply(SqlClient sql, StockChangedEvent e, Instant at) {
    return sql.preparedQuery("with before as (select version from stock_view where location_id = $1 and "
        + "product_id = $2), up as (insert into stock_view (location_id, product_id, on_hand, reserved, available, "
        + "version, changed_at) values ($1, $2, $3, $4, $5, $6, $7) on conflict (location_id, product_id) do update "
        + "set on_hand = excluded.on_hand, reserved = excluded.reserved, available = excluded.available, "
        + "version = excluded.version, changed_at = excluded.changed_at, updated_at = now() "
        + "where stock_view.version < excluded.version returning 1) "
        + "select coalesce((select version from before), 0) as previous, (select count(*) from up) as changed")
        .execute(Tuple.from(List.of(e.locationId(), e.productId(), e.onHand(), e.reserved(), e.available(),
            e.version(), at.atOffset(ZoneOffset.UTC))))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Applied(r.getLong("previous"), r.getLong("changed") == 1);
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

  /** Stock of every product at a location, with product names, by name. */
  public Uni<List<LocationStockItem>> findByLocation(SqlClient sql, String locationId) {
    return sql.preparedQuery("select s.product_id, coalesce(p.name, s.product_id) as name, s.available, "
        + "s.changed_at from stock_view s left join product_view p on p.product_id = s.product_id "
        + "where s.location_id = $1 order by name, s.product_id")
        .execute(Tuple.of(locationId))
        .map(rows -> {
          List<LocationStockItem> items = new ArrayList<>(rows.size());
          for (Row r : rows) {
            items.add(new LocationStockItem(r.getString("product_id"), r.getString("name"), r.getLong("available"),
                r.getOffsetDateTime("changed_at").toInstant()));
          }
          return items;
        });
  }
}
