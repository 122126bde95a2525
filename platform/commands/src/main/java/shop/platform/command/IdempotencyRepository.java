package shop.platform.command;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Idempotency keys, in the service's table {@code idempotency_key(key text primary key, fingerprint text not null,
 * status int, body text, location text, etag text, created_at timestamptz not null default now())}. A key is claimed by inserting it inside the command's transaction: a concurrent retry with the
 * same key waits on the unique index until the first transaction ends, then sees its stored response. A command that
 * fails rolls its claim back, so a retry of a refused command is evaluated again.
 */
@ApplicationScoped
public class IdempotencyRepository {

  /** A key already used: its request fingerprint and the response it got. */
  public record Stored(String fingerprint, CommandResult result) {
  }

  /** Claims the key; returns null when newly claimed, else what was stored for it. */
  public Uni<Stored> claim(SqlClient sql, String key, String fingerprint) {
    return sql.preparedQuery("insert into idempotency_key (key, fingerprint) values ($1, $2) "
        + "on conflict (key) do nothing")
        .execute(Tuple.of(key, fingerprint))
        .chain(inserted -> inserted.rowCount() == 1
            ? Uni.createFrom().nullItem()
            : sql.preparedQuery("select fingerprint, status, body, location, etag from idempotency_key "
                + "where key = $1")
                .execute(Tuple.of(key))
                .map(rows -> {
                  Row r = rows.iterator().next();
                  return new Stored(r.getString("fingerprint"), new CommandResult(r.getInteger("status"),
                      r.getString("body"), r.getString("location"), r.getString("etag"), true));
                }));
  }

  public Uni<Void> complete(SqlClient sql, String key, CommandResult result) {
    return sql.preparedQuery("update idempotency_key set status = $2, body = $3, location = $4, etag = $5 "
        + "where key = $1")
        .execute(Tuple.from(java.util.Arrays.asList(key, result.status(), result.body(), result.location(),
            result.etag())))
        .replaceWithVoid();
  }

  /** Forgets keys older than the retention; returns how many. */
  public Uni<Integer> purgeOlderThan(SqlClient sql, Duration retention) {
    return sql.preparedQuery("delete from idempotency_key where created_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) retention.toSeconds()))
        .map(rows -> rows.rowCount());
  }
}
