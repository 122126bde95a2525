package shop.projection.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

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

  /** The view, locked for the caller's transaction when {@code forUpdate}; null when the cart is unknown. */
  public Uni<CartView> find(SqlClient sql, String cartId, boolean forUpdate) {
    return sql.preparedQuery("select cart_id, owner_id, location_id, currency, status, version, lines, warnings, "
        + "order_id from cart_view where cart_id = $1" + (forUpdate ? " for update" : ""))
        .execute(Tuple.of(cartId))
        .map(rows -> rows.size() == 0 ? null : toView(rows.iterator().next()));
  }

  public Uni<Void> save(SqlClient sql, CartView v, Instant changedAt) {
    List<CartLineData> lines = v.lines().stream()
        .map(l -> new CartLineData(l.productId(), l.name(), l.unitPrice(), l.quantity())).toList();
    return sql.preparedQuery("insert into cart_view (cart_id, owner_id, location_id, currency, status, version, lines, "
        + "changed_at, warnings, order_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (cart_id) do "
        + "update set status = excluded.status, version = excluded.version, lines = excluded.lines, "
        + "changed_at = excluded.changed_at, warnings = excluded.warnings, order_id = excluded.order_id, "
        + "updated_at = now()")
        .execute(Tuple.from(Arrays.asList(v.id(), v.ownerId(), v.locationId(), v.total().currency(), v.status(),
            v.version(), json.write(lines), changedAt.atOffset(ZoneOffset.UTC),
            v.warnings() == null ? null : json.write(v.warnings()), v.orderId())))
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
