package shop.cart.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.cart.domain.Cart;
import shop.cart.domain.CartSnapshot;
import shop.events.CartEvent;
import shop.events.EventCatalog;
import shop.platform.Json;

/**
 * The PostgreSQL event store of carts. Appends are optimistic: {@code unique (cart_id, version)} makes a second writer
 * at the same version fail with {@link VersionConflictException}. Loading reads the latest snapshot and the events
 * after it in one statement, so a snapshot taken meanwhile can never hide an event.
 */
@ApplicationScoped
public class CartEventStore {
  private final Json json;

  public CartEventStore(Json json) {
    this.json = json;
  }

  /** Appends events after {@code expectedVersion}; they get versions expectedVersion+1, +2, ... */
  public Uni<Void> append(SqlClient sql, String cartId, long expectedVersion, List<CartEvent> events, String metadata) {
    return EventStreams.append(sql, json, "cart", cartId, expectedVersion, events, metadata,
        e -> new VersionConflictException(cartId, -1));
  }

  /** The cart's latest version (0 when it has no events). */
  public Uni<Long> currentVersion(SqlClient sql, String cartId) {
    return sql.preparedQuery("select coalesce(max(version), 0) from cart_event where cart_id = $1")
        .execute(Tuple.of(cartId)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** The cart now (latest snapshot + later events), or null when it does not exist. */
  public Uni<Cart> load(SqlClient sql, String cartId) {
    return sql.preparedQuery("select 0 as kind, s.version, null as type, s.state as payload from cart_snapshot s "
        + "where s.cart_id = $1 union all "
        + "select 1, e.version, e.type, e.payload from cart_event e where e.cart_id = $1 and e.version > "
        + "coalesce((select version from cart_snapshot where cart_id = $1), 0) order by kind, version")
        .execute(Tuple.of(cartId))
        .map(rows -> {
          CartSnapshot snapshot = null;
          List<CartEvent> later = new ArrayList<>();
          for (Row r : rows) {
            if (r.getInteger("kind") == 0) {
              snapshot = json.readStored(r.getString("payload"), CartSnapshot.class);
            } else {
              later.add(toEvent(r.getString("type"), r.getString("payload")));
            }
          }
          return snapshot == null && later.isEmpty() ? null : Cart.restore(snapshot, later);
        });
  }

  /** Every event of the cart in order (empty when it does not exist). */
  public Uni<List<StoredEvent>> history(SqlClient sql, String cartId, long upToVersion) {
    return sql.preparedQuery("select event_id, version, type, payload, metadata, occurred_at from cart_event "
        + "where cart_id = $1 and version <= $2 order by version")
        .execute(Tuple.of(cartId, upToVersion))
        .map(rows -> {
          List<StoredEvent> events = new ArrayList<>(rows.size());
          for (Row r : rows) {
            events.add(new StoredEvent(r.getUUID("event_id"), cartId, r.getLong("version"), r.getString("type"),
                toEvent(r.getString("type"), r.getString("payload")), r.getString("metadata"),
                r.getOffsetDateTime("occurred_at").toInstant()));
          }
          return events;
        });
  }

  /** Stores the cart's state as its latest snapshot (never replacing a newer one). */
  public Uni<Void> snapshot(SqlClient sql, Cart cart) {
    return sql.preparedQuery("insert into cart_snapshot (cart_id, version, state) values ($1, $2, $3) "
        + "on conflict (cart_id) do update set version = excluded.version, state = excluded.state, taken_at = now() "
        + "where cart_snapshot.version < excluded.version")
        .execute(Tuple.of(cart.id(), cart.version(), json.write(cart.snapshot())))
        .replaceWithVoid();
  }

  private CartEvent toEvent(String type, String payload) {
    Class<?> type0 = EventCatalog.PAYLOADS.get(type);
    if (type0 == null || !CartEvent.class.isAssignableFrom(type0)) {
      throw new IllegalStateException("unknown cart event type in the store: " + type);
    }
    return (CartEvent) json.readStored(payload, type0);
  }

}
