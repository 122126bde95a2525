package shop.cart.repository;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.cart.domain.Order;
import shop.events.EventCatalog;
import shop.events.OrderEvent;
import shop.platform.Json;

/**
 * Orders in PostgreSQL: their event stream ({@code order_event}, appended like carts' and loaded whole: an order has
 * a handful of events) and the write-side index ({@code customer_order}) whose row every change of an order locks
 * first, and which the watchdog reads for deadlines.
 */
@ApplicationScoped
public class OrderStore {
  private final Json json;

  public OrderStore(Json json) {
    this.json = json;
  }

  /** Appends events after {@code expectedVersion} (0 for a new order). */
  public Uni<Void> append(SqlClient sql, String orderId, long expectedVersion, List<OrderEvent> events,
      String metadata) {
    return EventStreams.append(sql, json, "order", orderId, expectedVersion, events, metadata,
        e -> new VersionConflictException(orderId, -1));
  }

  /** The order now, or null when there is none. */
  public Uni<Order> load(SqlClient sql, String orderId) {
    return sql.preparedQuery("select type, payload from order_event where order_id = $1 order by version")
        .execute(Tuple.of(orderId))
        .map(rows -> {
          List<OrderEvent> events = new ArrayList<>(rows.size());
          for (Row r : rows) {
            events.add(json.readStored(r.getString("payload"),
                EventCatalog.payloadOf(r.getString("type"), OrderEvent.class)));
          }
          return events.isEmpty() ? null : Order.replay(events);
        });
  }

  /** Locks the order's index row (writers of one order queue here); false when there is no such order. */
  public Uni<Boolean> lock(SqlClient sql, String orderId) {
    return sql.preparedQuery("select 1 from customer_order where order_id = $1 for no key update")
        .execute(Tuple.of(orderId)).map(rows -> rows.size() > 0);
  }

  /** Records the order's status and version after a change, and when a confirmed one must be collected by. */
  public Uni<Void> index(SqlClient sql, Order order, Instant collectBy) {
    return sql.preparedQuery("insert into customer_order (order_id, cart_id, owner_id, location_id, status, version, "
        + "reserve_by, collect_by) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (order_id) do update set "
        + "status = excluded.status, version = excluded.version, collect_by = excluded.collect_by")
        .execute(Tuple.from(java.util.Arrays.asList(order.id(), order.cartId(), order.ownerId(), order.locationId(),
            order.status().wire(), order.version(), order.placed().reserveBy().atOffset(ZoneOffset.UTC),
            collectBy == null ? null : collectBy.atOffset(ZoneOffset.UTC))))
        .replaceWithVoid();
  }

  /** Locks one confirmed order past its collection time, skipping orders another instance holds; its id, or null. */
  public Uni<String> lockOneUncollected(SqlClient sql, Instant now) {
    return sql.preparedQuery("select order_id from customer_order where status = 'confirmed' and collect_by < $1 "
        + "order by collect_by limit 1 for no key update skip locked")
        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("order_id"));
  }

  /**
   * Locks one order still placed {@code grace} after its deadline, skipping orders another instance holds; its id, or
   * null when there is none.
   */
  public Uni<String> lockOneOverdue(SqlClient sql, Instant now, Duration grace) {
    return sql.preparedQuery("select order_id from customer_order where status = 'placed' and reserve_by < $1 "
        + "order by reserve_by limit 1 for no key update skip locked")
        .execute(Tuple.of(now.minus(grace).atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("order_id"));
  }
}
