package shop.projection.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Units sold per product, net of returns; each sale event counted once (processed-event table). */
@ApplicationScoped
public class PopularityRepository {

  /** The units of one sale event (or return, negative), by product. */
  public record SaleUnits(String eventId, Map<String, Long> unitsByProduct) {
  }

  /**
   * Adds the units of the sale events not applied before (their ids all different), in one statement: the claims and
   * the additions commit together. How many events were new.
   */
  public Uni<Integer> add(SqlClient sql, List<SaleUnits> sales) {
    List<String> eventIds = new ArrayList<>();
    List<String> products = new ArrayList<>();
    List<Long> units = new ArrayList<>();
    for (SaleUnits sale : sales) {
      sale.unitsByProduct().forEach((product, n) -> {
        eventIds.add(sale.eventId());
        products.add(product);
        units.add(n);
      });
    }
    return sql.preparedQuery("with claimed as (insert into sale_event_applied (event_id) select unnest($1::text[]) "
        + "on conflict do nothing returning event_id), added as (insert into product_popularity (product_id, units) "
        + "select u.p, sum(u.n) from unnest($2::text[], $3::text[], $4::bigint[]) as u(e, p, n) "
        + "where u.e in (select event_id from claimed) group by u.p order by u.p " // rows locked in product order
        + "on conflict (product_id) do update set units = product_popularity.units + excluded.units, "
        + "updated_at = now() returning 1) select (select count(*) from claimed) as claimed, "
        + "(select count(*) from added) as added")
        .execute(Tuple.of(sales.stream().map(SaleUnits::eventId).toArray(String[]::new),
            eventIds.toArray(String[]::new), products.toArray(String[]::new), units.toArray(Long[]::new)))
        .map(rows -> rows.iterator().next().getLong("claimed").intValue());
  }
}
