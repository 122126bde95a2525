package shop.projection.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.events.CartLineData;
import shop.events.StockShortfall;
import shop.platform.Json;
import shop.projection.api.CartView;

/** The cart read model (the events parked while an earlier version is missing: {@link ParkedEvents}). */
@ApplicationScoped
public class CartViewRepository {
  private static final TypeReference<List<CartLineData>> LINES = new TypeReference<>() {
  };
  private static final TypeReference<List<StockShortfall>> WARNINGS = new TypeReference<>() {
  };

  private final Json json;

  public CartViewRepository(Json json) {
    this.json = json;
  }

  private static final String COLUMNS = "cart_id, owner_id, location_id, currency, status, version, lines, warnings, "
      + "order_id";

  /** The view; null when the cart is unknown. */
  public Uni<CartView> find(SqlClient sql, String cartId) {
    return sql.preparedQuery("select " + COLUMNS + " from cart_view where cart_id = $1")
        .execute(Tuple.of(cartId))
        .map(rows -> rows.size() == 0 ? null : toView(rows.iterator().next()));
  }

  /** The views of these carts, locked for the caller's transaction in cart id order; unknown carts are absent. */
  public Uni<Map<String, CartView>> lockAll(SqlClient sql, String[] cartIds) {
    return sql.preparedQuery("select " + COLUMNS + " from cart_view where cart_id = any($1) order by cart_id "
        + "for update")
        .execute(Tuple.of((Object) cartIds))
        .map(rows -> {
          Map<String, CartView> views = new HashMap<>();
          for (Row r : rows) {
            CartView v = toView(r);
            views.put(v.id(), v);
          }
          return views;
        });
  }

  /** Writes these views (each cart once), each with the time of the last event folded into it: one statement. */
  public Uni<Void> saveAll(SqlClient sql, List<CartView> views, List<Instant> changedAt) {
    int n = views.size();
    String[] ids = new String[n];
    String[] owners = new String[n];
    String[] locations = new String[n];
    String[] currencies = new String[n];
    String[] statuses = new String[n];
    Long[] versions = new Long[n];
    String[] lines = new String[n];
    OffsetDateTime[] ats = new OffsetDateTime[n];
    String[] warnings = new String[n];
    String[] orders = new String[n];
    for (int i = 0; i < n; i++) {
      CartView v = views.get(i);
      ids[i] = v.id();
      owners[i] = v.ownerId();
      locations[i] = v.locationId();
      currencies[i] = v.total().currency();
      statuses[i] = v.status();
      versions[i] = v.version();
      lines[i] = json.write(v.lines().stream()
          .map(l -> new CartLineData(l.productId(), l.name(), l.unitPrice(), l.quantity())).toList());
      ats[i] = changedAt.get(i).atOffset(ZoneOffset.UTC);
      warnings[i] = v.warnings() == null ? null : json.write(v.warnings());
      orders[i] = v.orderId();
    }
    return sql.preparedQuery("insert into cart_view (cart_id, owner_id, location_id, currency, status, version, lines, "
        + "changed_at, warnings, order_id) select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], "
        + "$5::text[], $6::int8[], $7::text[], $8::timestamptz[], $9::text[], $10::text[]) as u(cart_id) "
        + "order by u.cart_id on conflict (cart_id) do update set status = excluded.status, "
        + "version = excluded.version, lines = excluded.lines, changed_at = excluded.changed_at, "
        + "warnings = excluded.warnings, order_id = excluded.order_id, updated_at = now()")
        .execute(Tuple.from(Arrays.asList(ids, owners, locations, currencies, statuses, versions, lines, ats,
            warnings, orders)))
        .replaceWithVoid();
  }

  private CartView toView(Row r) {
    List<CartLineData> lines = json.readStored(r.getString("lines"), LINES);
    String warnings = r.getString("warnings");
    return CartView.of(r.getString("cart_id"), r.getString("owner_id"), r.getString("location_id"),
        r.getString("status"), r.getLong("version"), lines, r.getString("currency"),
        warnings == null ? List.of() : json.readStored(warnings, WARNINGS), r.getString("order_id"));
  }
}
