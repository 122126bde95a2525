package shop.stock.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Locations (shops, bars) table access. */
@ApplicationScoped
public class LocationRepository {

  public record LocationRow(String id, String name, String timeZone) {
  }

  public Uni<Void> insert(SqlClient sql, LocationRow l) {
    return sql.preparedQuery("insert into location (id, name, time_zone) values ($1, $2, $3)")
        .execute(Tuple.of(l.id(), l.name(), l.timeZone())).replaceWithVoid();
  }

  public Uni<LocationRow> find(SqlClient sql, String id) {
    return sql.preparedQuery("select id, name, time_zone from location where id = $1").execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          var r = rows.iterator().next();
          return new LocationRow(r.getString("id"), r.getString("name"), r.getString("time_zone"));
        });
  }
}
