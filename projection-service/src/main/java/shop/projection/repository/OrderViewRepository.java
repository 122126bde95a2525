package shop.projection.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  /** The view; null when the order is unknown. */
  public Uni<OrderView> find(SqlClient sql, String orderId) {
    return sql.preparedQuery("select view from order_view where order_id = $1")
        .execute(Tuple.of(orderId))
        .map(rows -> rows.size() == 0 ? null : json.readStored(rows.iterator().next().getString(0), OrderView.class));
  }

  /** The views of these orders, locked for the caller's transaction in order id order; unknown orders are absent. */
  public Uni<Map<String, OrderView>> lockAll(SqlClient sql, String[] orderIds) {
    return sql.preparedQuery("select view from order_view where order_id = any($1) order by order_id for update")
        .execute(Tuple.of((Object) orderIds))
        .map(rows -> {
          Map<String, OrderView> views = new HashMap<>();
          for (Row r : rows) {
            OrderView v = json.readStored(r.getString(0), OrderView.class);
            views.put(v.id(), v);
          }
          return views;
        });
  }

  /** Writes these views (each order once), each with the time of the last event folded into it: one statement. */
  public Uni<Void> saveAll(SqlClient sql, List<OrderView> views, List<Instant> changedAt) {
    int n = views.size();
    String[] ids = new String[n];
    String[] owners = new String[n];
    String[] carts = new String[n];
    String[] locations = new String[n];
    String[] statuses = new String[n];
    Long[] versions = new Long[n];
    OffsetDateTime[] placed = new OffsetDateTime[n];
    String[] json = new String[n];
    OffsetDateTime[] ats = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      OrderView v = views.get(i);
      ids[i] = v.id();
      owners[i] = v.ownerId();
      carts[i] = v.cartId();
      locations[i] = v.locationId();
      statuses[i] = v.status();
      versions[i] = v.version();
      placed[i] = v.placedAt().atOffset(ZoneOffset.UTC);
      json[i] = this.json.write(v);
      ats[i] = changedAt.get(i).atOffset(ZoneOffset.UTC);
    }
    return sql.preparedQuery("insert into order_view (order_id, owner_id, cart_id, location_id, status, version, "
        + "placed_at, view, changed_at) select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], "
        + "$5::text[], $6::int8[], $7::timestamptz[], $8::text[], $9::timestamptz[]) as u(order_id) "
        + "order by u.order_id on conflict (order_id) do update set status = excluded.status, "
        + "version = excluded.version, view = excluded.view, changed_at = excluded.changed_at, updated_at = now()")
        .execute(Tuple.from(Arrays.asList(ids, owners, carts, locations, statuses, versions, placed, json, ats)))
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
