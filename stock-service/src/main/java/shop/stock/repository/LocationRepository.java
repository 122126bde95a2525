package shop.stock.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Locations (shops, bars) table access. */
@ApplicationScoped
public class LocationRepository {

  public record LocationRow(String id, String name) {
  }

  public Uni<Void> insert(SqlClient sql, LocationRow l) {
    return sql.preparedQuery("insert into location (id, name) values ($1, $2)").execute(Tuple.of(l.id(), l.name()))
        .replaceWithVoid();
  }

  public Uni<LocationRow> find(SqlClient sql, String id) {
    return sql.preparedQuery("select id, name from location where id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0
            ? null
            : new LocationRow(rows.iterator().next().getString("id"), rows.iterator().next().getString("name")));
  }
}
