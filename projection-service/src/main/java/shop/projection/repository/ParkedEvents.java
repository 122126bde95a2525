package shop.projection.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.platform.projection.Projection;

/**
 * Events of a versioned aggregate that arrived before an earlier version: kept in {@code table} (keyed by
 * {@code idColumn} and version) until the gap fills, never dropped. Read, parked and removed for many aggregates at
 * once (one statement each).
 */
public final class ParkedEvents {
  /** A parked event of aggregate {@code id}: applied once the versions before it are in. */
  public record Parked(String id, long version, String type, String payload, Instant at) {
  }

  private final String table;
  private final String idColumn;

  public ParkedEvents(String table, String idColumn) {
    this.table = table;
    this.idColumn = idColumn;
  }

  /** The events parked for these aggregates. */
  public Uni<List<Parked>> of(SqlClient sql, String[] ids) {
    return sql.preparedQuery("select " + idColumn + ", version, type, payload, event_at from " + table + " where "
        + idColumn + " = any($1)")
        .execute(Tuple.of((Object) ids))
        .map(rows -> {
          List<Parked> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            out.add(new Parked(r.getString(0), r.getLong(1), r.getString(2), r.getString(3),
                r.getOffsetDateTime(4).toInstant()));
          }
          return out;
        });
  }

  /** Parks these events (one already parked stays as it is). */
  public Uni<Void> park(SqlClient sql, List<Parked> events) {
    int n = events.size();
    String[] ids = new String[n];
    Long[] versions = new Long[n];
    String[] types = new String[n];
    String[] payloads = new String[n];
    OffsetDateTime[] ats = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Parked p = events.get(i);
      ids[i] = p.id();
      versions[i] = p.version();
      types[i] = p.type();
      payloads[i] = p.payload();
      ats[i] = p.at().atOffset(ZoneOffset.UTC);
    }
    return sql.preparedQuery("insert into " + table + " (" + idColumn + ", version, type, payload, event_at) "
        + "select * from unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::timestamptz[]) "
        + "on conflict do nothing")
        .execute(Tuple.from(Arrays.asList(ids, versions, types, payloads, ats)))
        .replaceWithVoid();
  }

  /** Removes the parked events of these aggregates at these versions (applied, or older than their view). */
  public Uni<Void> remove(SqlClient sql, String[] ids, Long[] versions) {
    return sql.preparedQuery("delete from " + table + " t using unnest($1::text[], $2::int8[]) as d(id, version) "
        + "where t." + idColumn + " = d.id and t.version = d.version")
        .execute(Tuple.of(ids, versions))
        .replaceWithVoid();
  }

  /** How many events are parked, and since when the oldest is. */
  public Uni<Projection.Waiting> waiting(SqlClient sql) {
    return sql.query("select count(*), min(parked_at) from " + table).execute().map(rows -> {
      Row r = rows.iterator().next();
      return new Projection.Waiting(r.getLong(0),
          r.getOffsetDateTime(1) == null ? null : r.getOffsetDateTime(1).toInstant());
    });
  }
}
