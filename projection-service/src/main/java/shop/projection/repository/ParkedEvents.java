package shop.projection.repository;

import java.time.Instant;
import java.time.ZoneOffset;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.platform.projection.Projection;

/**
 * Events of a versioned aggregate that arrived before an earlier version: kept in {@code table} (keyed by
 * {@code idColumn} and version) until the gap fills, never dropped.
 */
public final class ParkedEvents {
  /** A parked event: applied once the versions before it are in. */
  public record Parked(String type, String payload, Instant at) {
  }

  private final String table;
  private final String idColumn;

  public ParkedEvents(String table, String idColumn) {
    this.table = table;
    this.idColumn = idColumn;
  }

  public Uni<Void> park(SqlClient sql, String id, long version, String type, String payload, Instant at) {
    return sql.preparedQuery("insert into " + table + " (" + idColumn + ", version, type, payload, event_at) "
        + "values ($1, $2, $3, $4, $5) on conflict do nothing")
        .execute(Tuple.of(id, version, type, payload, at.atOffset(ZoneOffset.UTC)))
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

  /** Whether the event of that version is parked. */
  public Uni<Boolean> has(SqlClient sql, String id, long version) {
    return sql.preparedQuery("select exists (select 1 from " + table + " where " + idColumn + " = $1 and version = $2)")
        .execute(Tuple.of(id, version))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Removes and returns the parked event of that version, or null. */
  public Uni<Parked> unpark(SqlClient sql, String id, long version) {
    return sql.preparedQuery("delete from " + table + " where " + idColumn + " = $1 and version = $2 "
        + "returning type, payload, event_at")
        .execute(Tuple.of(id, version))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Parked(r.getString("type"), r.getString("payload"), r.getOffsetDateTime("event_at").toInstant());
        });
  }
}
