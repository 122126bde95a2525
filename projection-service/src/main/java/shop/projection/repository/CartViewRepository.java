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
import shop.platform.Json;
import shop.projection.api.CartView;

/** The cart read model and the events parked while an earlier version is missing. */
@ApplicationScoped
public class CartViewRepository {
  private static final TypeReference<List<CartLineData>> LINES = new TypeReference<>() {
  };
  /** A parked cart event: applied once the versions before it are in. */
  public record Parked(String type, String payload, Instant at) {
  }

  private final Json json;

  public CartViewRepository(Json json) {
    this.json = json;
  }

  /** The view, locked for the caller's transaction when {@code forUpdate}; null when the cart is unknown. */
  public Uni<CartView> find(SqlClient sql, String cartId, boolean forUpdate) {
    return sql.preparedQuery("select cart_id, owner_id, location_id, currency, status, version, lines from cart_view "
        + "where cart_id = $1" + (forUpdate ? " for update" : ""))
        .execute(Tuple.of(cartId))
        .map(rows -> rows.size() == 0 ? null : toView(rows.iterator().next()));
  }

  public Uni<Void> save(SqlClient sql, CartView v, Instant changedAt) {
    List<CartLineData> lines = v.lines().stream()
        .map(l -> new CartLineData(l.productId(), l.name(), l.unitPrice(), l.quantity())).toList();
    return sql.preparedQuery("insert into cart_view (cart_id, owner_id, location_id, currency, status, version, lines, "
        + "changed_at) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (cart_id) do update set "
        + "status = excluded.status, version = excluded.version, lines = excluded.lines, "
        + "changed_at = excluded.changed_at, updated_at = now()")
        .execute(Tuple.from(Arrays.asList(v.id(), v.ownerId(), v.locationId(), v.total().currency(), v.status(),
            v.version(), json.write(lines), changedAt.atOffset(ZoneOffset.UTC))))
        .replaceWithVoid();
  }

  public Uni<Void> park(SqlClient sql, String cartId, long version, String type, String payload, Instant at) {
    return sql.preparedQuery("insert into cart_event_parked (cart_id, version, type, payload, event_at) "
        + "values ($1, $2, $3, $4, $5) on conflict do nothing")
        .execute(Tuple.of(cartId, version, type, payload, at.atOffset(ZoneOffset.UTC)))
        .replaceWithVoid();
  }

  /** How many events are parked, and since when the oldest is. */
  public Uni<shop.projection.messaging.Projection.Waiting> parked(SqlClient sql) {
    return sql.query("select count(*), min(parked_at) from cart_event_parked").execute().map(rows -> {
      Row r = rows.iterator().next();
      return new shop.projection.messaging.Projection.Waiting(r.getLong(0),
          r.getOffsetDateTime(1) == null ? null : r.getOffsetDateTime(1).toInstant());
    });
  }

  /** Removes and returns the parked event of that version, or null. */
  public Uni<Parked> unpark(SqlClient sql, String cartId, long version) {
    return sql.preparedQuery("delete from cart_event_parked where cart_id = $1 and version = $2 "
        + "returning type, payload, event_at")
        .execute(Tuple.of(cartId, version))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Parked(r.getString("type"), r.getString("payload"), r.getOffsetDateTime("event_at").toInstant());
        });
  }

  private CartView toView(Row r) {
    List<CartLineData> lines = json.readStored(r.getString("lines"), LINES);
    CartView empty = new CartView(r.getString("cart_id"), r.getString("owner_id"), r.getString("location_id"),
        r.getString("status"), r.getLong("version"), List.of(), 0, shop.events.Money.zero(r.getString("currency")));
    return empty.withLines(lines);
  }
}
