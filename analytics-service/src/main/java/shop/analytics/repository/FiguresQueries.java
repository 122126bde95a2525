package shop.analytics.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.analytics.domain.DaySums;

/** The read side of the figures: a location's zone and currency, its days, its best-selling products. */
@ApplicationScoped
public class FiguresQueries {

  /** A location as the queries need it: its zone and its figures' first currency (null before any). */
  public record LocationRow(String locationId, String timeZone, String currency) {
  }

  /** A product's net units and revenue over a range. */
  public record ProductSums(String productId, long units, long revenue) {
  }

  public Uni<Optional<LocationRow>> location(SqlClient sql, String locationId) {
    return sql.preparedQuery("select l.location_id, l.time_zone, c.currency from location l "
        + "left join location_currency c using (location_id) where l.location_id = $1")
        .execute(Tuple.of(locationId))
        .map(rows -> {
          var it = rows.iterator();
          if (!it.hasNext()) {
            return Optional.empty();
          }
          Row r = it.next();
          return Optional.of(new LocationRow(r.getString("location_id"), r.getString("time_zone"),
              r.getString("currency")));
        });
  }

  /**
   * Sums per day of the location's buckets in one currency: {@code bounds} are the instants the days start, in order,
   * the last one where the last day ends (computed in Java from the location's zone, so PostgreSQL's own time zone
   * rules never decide a day); days without figures are absent.
   */
  public Uni<Map<LocalDate, DaySums>> days(SqlClient sql, String locationId, String currency, List<LocalDate> days,
      List<Instant> bounds) {
    OffsetDateTime[] edges = bounds.stream().map(FactsRepository::utc).toArray(OffsetDateTime[]::new);
    // sums cast back to bigint: PostgreSQL sums bigints as numeric, which is dearer to send and to decode
    return sql.preparedQuery("select width_bucket(bucket, $3::timestamptz[]) as day, sum(orders)::bigint as orders, "
        + "sum(revenue)::bigint as revenue, sum(items)::bigint as items, sum(carts_created)::bigint as created, "
        + "sum(carts_checked_out)::bigint as checked_out, sum(carts_abandoned)::bigint as abandoned from figures "
        + "where location_id = $1 and currency = $2 and bucket >= $4 and bucket < $5 group by 1")
        .execute(Tuple.of(locationId, currency, edges, edges[0], edges[edges.length - 1]))
        .map(rows -> {
          Map<LocalDate, DaySums> sums = new HashMap<>();
          for (Row r : rows) {
            LocalDate day = days.get(r.getInteger("day") - 1); // width_bucket counts from 1
            sums.put(day, new DaySums(day, r.getLong("orders"), r.getLong("revenue"), r.getLong("items"),
                r.getLong("created"), r.getLong("checked_out"), r.getLong("abandoned")));
          }
          return sums;
        });
  }

  /**
   * The location's products with positive net units in [{@code from}, {@code to}), best first by units or revenue
   * (ties by product id), at most {@code limit}.
   */
  public Uni<List<ProductSums>> top(SqlClient sql, String locationId, String currency, Instant from, Instant to,
      boolean byRevenue, int limit) {
    String order = byRevenue ? "revenue desc, units desc" : "units desc, revenue desc";
    return sql.preparedQuery("select product_id, sum(units)::bigint as units, sum(revenue)::bigint as revenue "
        + "from product_figures "
        + "where location_id = $1 and currency = $2 and bucket >= $3 and bucket < $4 group by product_id "
        + "having sum(units) > 0 order by " + order + ", product_id limit $5")
        .execute(Tuple.of(locationId, currency, FactsRepository.utc(from), FactsRepository.utc(to), limit))
        .map(rows -> {
          List<ProductSums> top = new ArrayList<>();
          for (Row r : rows) {
            top.add(new ProductSums(r.getString("product_id"), r.getLong("units"), r.getLong("revenue")));
          }
          return top;
        });
  }
}
