package shop.stock.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.stock.domain.Reservation;

/**
 * Reservations of stock for orders. A reservation's row is locked before the stock rows of its products (so the
 * order-events consumer and the sweeper take locks in one order: reservation, then stock in product id order).
 */
@ApplicationScoped
public class ReservationRepository {

  /** The stored answer to an order's {@code order.placed.v1}: its ce_id, type and payload. */
  public record Outcome(UUID id, String type, String payload) {
  }

  /** A reservation with its stored outcome. */
  public record Stored(Reservation reservation, Outcome outcome) {
  }

  private static final String SELECT = "select r.order_id, r.location_id, r.status, r.currency, r.outcome_id, r.outcome_type, "
      + "r.outcome, l.product_id, l.quantity, l.unit_amount from reservation r "
      + "left join reservation_line l on l.order_id = r.order_id ";

  /** The order's reservation, its row locked, or null when there is none. */
  public Uni<Stored> lock(SqlClient sql, String orderId) {
    return sql.preparedQuery(SELECT + "where r.order_id = $1 order by l.product_id for update of r")
        .execute(Tuple.of(orderId)).map(ReservationRepository::toStored);
  }

  /** Locks one held reservation past its expiry that no one else holds, or null when there is none. */
  public Uni<Stored> lockOneExpired(SqlClient sql, Instant now) {
    return sql.preparedQuery("with r0 as (select order_id from reservation where status = 'held' and expires_at < $1 "
        + "order by expires_at limit 1 for update skip locked) "
        + SELECT.replace("from reservation r ", "from r0 join reservation r on r.order_id = r0.order_id ")
        + "order by l.product_id")
        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC))).map(ReservationRepository::toStored);
  }

  /** Records a new reservation, its lines and the outcome answered to the order. */
  public Uni<Void> insert(SqlClient sql, Reservation r, long totalAmount, Instant expiresAt,
      Outcome outcome) {
    int n = r.lines().size();
    String[] products = new String[n];
    Integer[] quantities = new Integer[n];
    Long[] units = new Long[n];
    for (int i = 0; i < n; i++) {
      Reservation.Line l = r.lines().get(i);
      products[i] = l.productId();
      quantities[i] = l.quantity();
      units[i] = l.unitAmount();
    }
    return sql.preparedQuery("with r as (insert into reservation (order_id, location_id, status, currency, "
        + "total_amount, expires_at, outcome_id, outcome_type, outcome) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
        + "returning order_id) insert into reservation_line (order_id, product_id, quantity, unit_amount) "
        + "select r.order_id, l.product_id, l.quantity, l.unit from r, "
        + "unnest($10::text[], $11::int4[], $12::int8[]) as l(product_id, quantity, unit)")
        .execute(Tuple.from(java.util.Arrays.asList(r.orderId(), r.locationId(), r.status().wire(), r.currency(),
            totalAmount, expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC), outcome.id(),
            outcome.type(), outcome.payload(), products, quantities, units)))
        .replaceWithVoid();
  }

  /** Moves a locked reservation to {@code status}; a committed, fulfilled or ended one no longer expires. */
  public Uni<Void> setStatus(SqlClient sql, String orderId, Reservation.Status status) {
    return sql.preparedQuery("update reservation set status = $2, updated_at = now(), "
        + "expires_at = case when $2 = 'held' then expires_at end where order_id = $1")
        .execute(Tuple.of(orderId, status.wire())).replaceWithVoid();
  }

  private static Stored toStored(RowSet<Row> rows) {
    Row first = null;
    List<Reservation.Line> lines = new ArrayList<>();
    for (Row r : rows) {
      if (first == null) {
        first = r;
      }
      if (r.getString("product_id") != null) {
        lines.add(new Reservation.Line(r.getString("product_id"), r.getInteger("quantity"), r.getLong("unit_amount")));
      }
    }
    if (first == null) {
      return null;
    }
    return new Stored(new Reservation(first.getString("order_id"), first.getString("location_id"),
        Reservation.Status.ofWire(first.getString("status")), first.getString("currency"), lines),
        new Outcome(first.getUUID("outcome_id"), first.getString("outcome_type"), first.getString("outcome")));
  }
}
