package shop.platform.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.platform.Json;

/**
 * The transactional outbox table. {@link #append} runs inside the command's transaction; the relay reads rows in id
 * order, publishes them and deletes them.
 */
@ApplicationScoped
public class OutboxRepository {
  private final Json json;

  public OutboxRepository(Json json) {
    this.json = json;
  }

  /**
   * Appends events in the given order (one statement), tagged with the issuing request's trace context. An event
   * without an id gets a random one.
   */
  public Uni<Void> append(SqlClient sql, String traceparent, List<OutboxEvent> events) {
    int n = events.size();
    UUID[] ids = new UUID[n];
    String[] topics = new String[n];
    String[] keys = new String[n];
    String[] types = new String[n];
    String[] subjects = new String[n];
    Long[] sequences = new Long[n];
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      OutboxEvent e = events.get(i);
      ids[i] = e.id() == null ? UUID.randomUUID() : e.id();
      topics[i] = e.topic();
      keys[i] = e.key();
      types[i] = e.type();
      subjects[i] = e.subject();
      sequences[i] = e.sequence();
      payloads[i] = json.write(e.payload());
    }
    return sql.preparedQuery("insert into outbox (event_id, topic, record_key, event_type, subject, sequence, payload, "
        + "traceparent) select e.event_id, e.topic, e.record_key, e.event_type, e.subject, e.sequence, e.payload, $8 "
        + "from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], "
        + "$6::int8[], $7::text[]) with ordinality as e(event_id, topic, record_key, event_type, subject, sequence, "
        + "payload, n) order by e.n")
        .execute(Tuple.from(java.util.Arrays.asList(ids, topics, keys, types, subjects, sequences, payloads,
            traceparent)))
        .replaceWithVoid();
  }

  /**
   * Takes the transaction-level advisory lock {@code lock} if it is free, sets the transaction's
   * {@code idle_in_transaction_session_timeout}, and, only when the lock is ours, reads the oldest rows in id (= commit
   * order per key) order. Null when another transaction holds the lock.
   *
   * <p>
   * Two statements, sent together (one round trip). Not one: a statement reads the snapshot taken when it started, so a
   * read in the statement that takes the lock could see rows that the previous holder deleted and committed between
   * that snapshot and the lock's release, and publish them a second time. The second statement's snapshot is taken
   * after the first one got the lock, so after the previous holder's commit.
   */
  public Uni<List<OutboxRow>> lockAndOldest(SqlClient sql, long lock, String idleTimeout, int limit) {
    Uni<Boolean> locked = sql.preparedQuery("select set_config('shop.relay_locked', "
        + "pg_try_advisory_xact_lock($1)::text, true)::boolean, set_config('idle_in_transaction_session_timeout', $2, "
        + "true)")
        .execute(Tuple.of(lock, idleTimeout))
        .map(rows -> rows.iterator().next().getBoolean(0));
    Uni<List<OutboxRow>> oldest = sql.preparedQuery("select " + COLUMNS + " from outbox "
        + "where current_setting('shop.relay_locked')::boolean order by id limit $1")
        .execute(Tuple.of(limit))
        .map(rows -> {
          List<OutboxRow> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            out.add(row(r));
          }
          return out;
        });
    return Uni.combine().all().unis(locked, oldest).with((ok, rows) -> ok ? rows : null);
  }

  private static final String COLUMNS = "id, event_id, topic, record_key, event_type, subject, sequence, payload, "
      + "traceparent, created_at";

  private static OutboxRow row(Row r) {
    return new OutboxRow(r.getLong("id"), r.getUUID("event_id"), r.getString("topic"), r.getString("record_key"),
        r.getString("event_type"), r.getString("subject"), r.getLong("sequence"), r.getString("payload"),
        r.getString("traceparent"), r.getOffsetDateTime("created_at"));
  }

  public Uni<Void> delete(SqlClient sql, Long[] ids) {
    return sql.preparedQuery("delete from outbox where id = any($1)").execute(Tuple.of((Object) ids))
        .replaceWithVoid();
  }

  /** Rows waiting to be published (at most the limit asked) and the age of the oldest one (0 when empty). */
  public record Backlog(long rows, double oldestAgeSeconds) {
  }

  /** The rows {@link #backlog} counts at most: a larger backlog reads as this many. */
  public static final int BACKLOG_COUNT_LIMIT = 10_000;

  /** The backlog, counted up to {@link #BACKLOG_COUNT_LIMIT} rows. */
  public Uni<Backlog> backlog(SqlClient sql) {
    return backlog(sql, BACKLOG_COUNT_LIMIT);
  }

  /**
   * The backlog, counted up to {@code limit} rows, in id order through the primary key: the oldest row is the first,
   * and the read stops at the limit (small enough that the planner keeps the index even on a table it never
   * analysed). Not {@code count(*)} over the table: the relay deletes every row it publishes, so the table is mostly
   * dead rows between two vacuums, and a whole-table count, run every poll, scanned them all (127 ms of PostgreSQL per
   * poll in a bench run, the dearest statement of the stock database; bench/README.md).
   */
  public Uni<Backlog> backlog(SqlClient sql, int limit) {
    return sql.preparedQuery("select count(*), coalesce(extract(epoch from clock_timestamp() - min(created_at)), 0) "
        + "from (select created_at from outbox order by id limit $1) b").execute(Tuple.of(limit))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Backlog(r.getLong(0), r.getNumeric(1).doubleValue());
        });
  }
}
