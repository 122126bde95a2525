package shop.projection.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.platform.Json;
import shop.projection.api.OrderView;

/** The order read model: each order's view as JSON, with the columns queries filter and sort on. */
@ApplicationScoped
public class OrderViewRepository {
  private final Json json;

  public OrderViewRepository(Json json) {
    this.json = json;
  }

  /** The view, locked for the caller's transaction when {@code forUpdate}; null when the order is unknown. */
  public Uni<OrderView> find(SqlClient sql, String orderId, boolean forUpdate) {
    return sql.preparedQuery("select view from order_view where order_id = $1" + (forUpdate ? " for update" : ""))
        .execute(Tuple.of(orderId))
        .map(rows -> rows.size() == 0 ? null : json.readStored(rows.iterator().next().getString(0), OrderView.class));
  }

  public Uni<Void> save(SqlClient sql, OrderView v, Instant changedAt) {
    return sql.preparedQuery("insert into order_view (order_id, owner_id, cart_id, location_id, status, version, "
        + "placed_at, view, changed_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (order_id) do update "
        + "set status = excluded.status, version = excluded.version, view = excluded.view, "
        + "changed_at = excluded.changed_at, updated_at = now()")
        .execute(Tuple.from(Arrays.asList(v.id(), v.ownerId(), v.cartId(), v.locationId(), v.status(), v.version(),
            v.placedAt().atOffset(ZoneOffset.UTC), json.write(v), changedAt.atOffset(ZoneOffset.UTC))))
        .replaceWithVoid();
  }

  /** A page of the customer's orders, newest first. */
  public Uni<List<OrderView>> pageOf(SqlClient sql, String ownerId, int page, int size) {
    return sql.preparedQuery("select view from order_view where owner_id = $1 "
        + "order by placed_at desc, order_id desc limit $2 offset $3")
        .execute(Tuple.of(ownerId, size, (long) page * size))
        .map(rows -> {
          List<OrderView> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            out.add(json.readStored(r.getString(0), OrderView.class));
          }
          return out;
        });
  }

  public Uni<Long> countOf(SqlClient sql, String ownerId) {
    return sql.preparedQuery("select count(*) from order_view where owner_id = $1").execute(Tuple.of(ownerId))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
