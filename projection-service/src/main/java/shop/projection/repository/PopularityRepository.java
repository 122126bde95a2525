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

  /**
   * Adds the units of one sale event unless that event was already applied: the claim and the additions are one
   * statement, so they commit together. True when applied.
   */
  public Uni<Boolean> add(SqlClient sql, String eventId, Map<String, Long> unitsByProduct) {
    List<String> products = new ArrayList<>(unitsByProduct.keySet());
    Long[] units = products.stream().map(unitsByProduct::get).toArray(Long[]::new);
    return sql.preparedQuery("with claimed as (insert into sale_event_applied (event_id) values ($1) "
        + "on conflict do nothing returning 1), added as (insert into product_popularity (product_id, units) "
        + "select p, u from unnest($2::text[], $3::bigint[]) as t(p, u) where exists (select 1 from claimed) "
        + "on conflict (product_id) do update set units = product_popularity.units + excluded.units, "
        + "updated_at = now() returning 1) select (select count(*) from claimed) as claimed, "
        + "(select count(*) from added) as added")
        .execute(Tuple.of(eventId, products.toArray(String[]::new), units))
        .map(rows -> rows.iterator().next().getLong("claimed") == 1);
  }
}
