package shop.analytics.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.analytics.domain.CartFacts.CartFact;
import shop.analytics.domain.Deltas;
import shop.analytics.domain.FigureDelta;
import shop.analytics.domain.OrderFacts.Line;
import shop.analytics.domain.OrderFacts.OrderFact;
import shop.analytics.domain.ProductDelta;
import shop.platform.Json;

/**
 * The write side of the figures: event claims, what orders and carts keep between their events, and the additions
 * to the figures. Each method is one statement, whatever the number of rows, and runs in the caller's transaction.
 */
@ApplicationScoped
public class FactsRepository {
  private static final TypeReference<List<Line>> LINES = new TypeReference<>() {
  };

  private final Json json;

  public FactsRepository(Json json) {
    this.json = json;
  }

  /** Claims the events' ids; answers those claimed now (the others were applied before). */
  public Uni<Set<String>> claim(SqlClient sql, Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Uni.createFrom().item(Set.of());
    }
    return sql.preparedQuery("insert into applied_event (event_id) select unnest($1::text[]) "
        + "on conflict do nothing returning event_id")
        .execute(Tuple.of(eventIds.toArray(String[]::new)))
        .map(rows -> {
          Set<String> claimed = new HashSet<>();
          rows.forEach(r -> claimed.add(r.getString(0)));
          return claimed;
        });
  }

  /**
   * Adds the deltas to the source's rows of the figures (one statement per table) and notes new currencies: the
   * statements are independent and all sent when the Uni is subscribed (so they can go out with COMMIT).
   */
  public Uni<Void> add(SqlClient sql, String source, Deltas deltas) {
    if (deltas.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return Uni.combine().all().unis(addFigures(sql, source, deltas.figures()),
        addProducts(sql, source, deltas.products()), noteCurrencies(sql, deltas.currencies())).discardItems();
  }

  private Uni<Void> addFigures(SqlClient sql, String source, List<FigureDelta> rows) {
    if (rows.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    int n = rows.size();
    String[] locations = new String[n];
    OffsetDateTime[] buckets = new OffsetDateTime[n];
    String[] currencies = new String[n];
    Long[][] values = new Long[6][n];
    for (int i = 0; i < n; i++) {
      FigureDelta d = rows.get(i);
      locations[i] = d.locationId();
      buckets[i] = utc(d.bucket());
      currencies[i] = d.currency();
      values[0][i] = d.orders();
      values[1][i] = d.revenue();
      values[2][i] = d.items();
      values[3][i] = d.cartsCreated();
      values[4][i] = d.cartsCheckedOut();
      values[5][i] = d.cartsAbandoned();
    }
    return sql.preparedQuery("insert into figures (source, location_id, bucket, currency, orders, revenue, items, "
        + "carts_created, carts_checked_out, carts_abandoned) select $1, * from unnest($2::text[], "
        + "$3::timestamptz[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], "
        + "$10::bigint[]) on conflict (location_id, bucket, source, currency) do update set "
        + "orders = figures.orders + excluded.orders, revenue = figures.revenue + excluded.revenue, "
        + "items = figures.items + excluded.items, carts_created = figures.carts_created + excluded.carts_created, "
        + "carts_checked_out = figures.carts_checked_out + excluded.carts_checked_out, "
        + "carts_abandoned = figures.carts_abandoned + excluded.carts_abandoned")
        .execute(Tuple.from(List.of(source, locations, buckets, currencies, values[0], values[1], values[2],
            values[3], values[4], values[5])))
        .replaceWithVoid();
  }

  private Uni<Void> addProducts(SqlClient sql, String source, List<ProductDelta> rows) {
    if (rows.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    int n = rows.size();
    String[] locations = new String[n];
    String[] products = new String[n];
    OffsetDateTime[] buckets = new OffsetDateTime[n];
    String[] currencies = new String[n];
    Long[] units = new Long[n];
    Long[] revenue = new Long[n];
    for (int i = 0; i < n; i++) {
      ProductDelta d = rows.get(i);
      locations[i] = d.locationId();
      products[i] = d.productId();
      buckets[i] = utc(d.bucket());
      currencies[i] = d.currency();
      units[i] = d.units();
      revenue[i] = d.revenue();
    }
    return sql.preparedQuery("insert into product_figures (source, location_id, product_id, bucket, currency, units, "
        + "revenue) select $1, * from unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::bigint[], "
        + "$7::bigint[]) on conflict (location_id, bucket, product_id, source, currency) do update set "
        + "units = product_figures.units + excluded.units, revenue = product_figures.revenue + excluded.revenue")
        .execute(Tuple.from(List.of(source, locations, products, buckets, currencies, units, revenue)))
        .replaceWithVoid();
  }

  private Uni<Void> noteCurrencies(SqlClient sql, Map<String, String> currencyByLocation) {
    if (currencyByLocation.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<String> locations = new ArrayList<>(currencyByLocation.keySet());
    String[] currencies = locations.stream().map(currencyByLocation::get).toArray(String[]::new);
    return sql.preparedQuery("insert into location_currency (location_id, currency) "
        + "select * from unnest($1::text[], $2::text[]) on conflict do nothing")
        .execute(Tuple.of(locations.toArray(String[]::new), currencies)).replaceWithVoid();
  }

  /** The orders known among {@code orderIds}. */
  public Uni<Map<String, OrderFact>> orders(SqlClient sql, Collection<String> orderIds) {
    return sql.preparedQuery("select order_id, location_id, currency, total, lines::text as lines, counted_at, "
        + "ended_at from order_fact where order_id = any($1)")
        .execute(Tuple.of(orderIds.toArray(String[]::new)))
        .map(rows -> {
          Map<String, OrderFact> found = new HashMap<>();
          for (Row r : rows) {
            found.put(r.getString("order_id"), new OrderFact(r.getString("order_id"), r.getString("location_id"),
                r.getString("currency"), r.getLong("total"), json.readStored(r.getString("lines"), LINES),
                instant(r.getOffsetDateTime("counted_at")), instant(r.getOffsetDateTime("ended_at"))));
          }
          return found;
        });
  }

  /** Writes the orders as they now stand. */
  public Uni<Void> saveOrders(SqlClient sql, Collection<OrderFact> orders) {
    if (orders.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<OrderFact> list = List.copyOf(orders);
    return sql.preparedQuery("insert into order_fact (order_id, location_id, currency, total, lines, counted_at, "
        + "ended_at) select o, l, c, t, j::jsonb, ca, ea from unnest($1::text[], $2::text[], $3::text[], "
        + "$4::bigint[], $5::text[], $6::timestamptz[], $7::timestamptz[]) as x(o, l, c, t, j, ca, ea) "
        + "on conflict (order_id) do update set counted_at = excluded.counted_at, ended_at = excluded.ended_at")
        .execute(Tuple.from(List.of(list.stream().map(OrderFact::orderId).toArray(String[]::new),
            list.stream().map(OrderFact::locationId).toArray(String[]::new),
            list.stream().map(OrderFact::currency).toArray(String[]::new),
            list.stream().map(OrderFact::total).toArray(Long[]::new),
            list.stream().map(o -> json.write(o.lines())).toArray(String[]::new),
            list.stream().map(o -> utc(o.countedAt())).toArray(OffsetDateTime[]::new),
            list.stream().map(o -> utc(o.endedAt())).toArray(OffsetDateTime[]::new))))
        .replaceWithVoid();
  }

  /** The carts known among {@code cartIds}. */
  public Uni<Map<String, CartFact>> carts(SqlClient sql, Collection<String> cartIds) {
    return sql.preparedQuery("select cart_id, location_id, currency, ended_at from cart_fact where cart_id = any($1)")
        .execute(Tuple.of(cartIds.toArray(String[]::new)))
        .map(rows -> {
          Map<String, CartFact> found = new HashMap<>();
          for (Row r : rows) {
            found.put(r.getString("cart_id"), new CartFact(r.getString("cart_id"), r.getString("location_id"),
                r.getString("currency"), instant(r.getOffsetDateTime("ended_at"))));
          }
          return found;
        });
  }

  /** Writes the carts as they now stand. */
  public Uni<Void> saveCarts(SqlClient sql, Collection<CartFact> carts) {
    if (carts.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<CartFact> list = List.copyOf(carts);
    return sql.preparedQuery("insert into cart_fact (cart_id, location_id, currency, ended_at) "
        + "select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) "
        + "on conflict (cart_id) do update set ended_at = excluded.ended_at")
        .execute(Tuple.from(List.of(list.stream().map(CartFact::cartId).toArray(String[]::new),
            list.stream().map(CartFact::locationId).toArray(String[]::new),
            list.stream().map(CartFact::currency).toArray(String[]::new),
            list.stream().map(c -> utc(c.endedAt())).toArray(OffsetDateTime[]::new))))
        .replaceWithVoid();
  }

  /** A location and the zone its days are counted in. */
  public Uni<Void> saveLocation(SqlClient sql, String locationId, String name, String timeZone) {
    return sql.preparedQuery("insert into location (location_id, name, time_zone) values ($1, $2, $3) "
        + "on conflict (location_id) do update set name = excluded.name, time_zone = excluded.time_zone, "
        + "updated_at = now()")
        .execute(Tuple.of(locationId, name, timeZone)).replaceWithVoid();
  }

  static OffsetDateTime utc(Instant at) {
    return at == null ? null : at.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }
}
