package shop.platform.projection;

import java.time.Duration;
import java.util.List;

import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of one read model's rebuild, on one dedicated connection (blocking: rebuilds run on their own thread): an
 * advisory lock so one instance rebuilds it at a time, empty copies of its tables in a schema of their own
 * ({@code rebuild_<name>}) that the connection's {@code search_path} points at, and the swap that moves the copies in
 * place of the live tables.
 */
public final class RebuildTables {
  private static final Duration STATEMENT = Duration.ofSeconds(30);

  private final SqlConnection conn;
  private final List<String> tables;
  private final String schema;
  private boolean locked;

  public RebuildTables(SqlConnection conn, String name, List<String> tables) {
    this.conn = conn;
    this.tables = List.copyOf(tables);
    this.schema = "rebuild_" + name;
  }

  /** Takes the read model's rebuild lock and creates fresh, empty copies; fails if another instance rebuilds it. */
  public void createCopies() {
    locked = conn.preparedQuery("select pg_try_advisory_lock(hashtext($1)) as locked").execute(Tuple.of(schema))
        .await().atMost(STATEMENT).iterator().next().getBoolean("locked");
    if (!locked) {
      throw new IllegalStateException("another instance is rebuilding " + schema.substring("rebuild_".length()));
    }
    exec("set client_min_messages = warning"); // no notice for the drop below
    exec("drop schema if exists " + schema + " cascade");
    exec("create schema " + schema);
    for (String table : tables) {
      exec("create table " + schema + "." + table + " (like public." + table + " including all)");
    }
    exec("set search_path = " + schema + ", public");
  }

  /** Opens the swap's transaction and locks the live tables: the live consumer and queries wait until the commit. */
  public void lockLiveTables() {
    begin();
    exec("set local lock_timeout = '10s'");
    for (String table : tables) {
      exec("lock table public." + table + " in access exclusive mode");
    }
  }

  /** Replaces the live tables by the copies and commits the swap. */
  public void swapAndCommit() {
    for (String table : tables) {
      exec("drop table public." + table);
      exec("alter table " + schema + "." + table + " set schema public");
    }
    exec("drop schema " + schema);
    commit();
  }

  /** After a failure: the transaction rolled back and (only if they are ours) the copies dropped. */
  public void abandon() {
    execQuietly("rollback");
    if (locked) { // never another instance's copies
      execQuietly("drop schema if exists " + schema + " cascade");
    }
  }

  /** Gives the connection back as it was: default search path, lock released. */
  public void release() {
    execQuietly("set search_path to default");
    execQuietly("set client_min_messages to default");
    if (locked) {
      execQuietly("select pg_advisory_unlock(hashtext('" + schema + "'))");
    }
  }

  public void begin() {
    exec("begin");
  }

  public void commit() {
    exec("commit");
  }

  public void rollback() {
    exec("rollback");
  }

  public void savepoint() {
    exec("savepoint record");
  }

  public void releaseSavepoint() {
    exec("release savepoint record");
  }

  public void rollbackToSavepoint() {
    exec("rollback to savepoint record");
  }

  private void exec(String sql) {
    conn.query(sql).execute().await().atMost(STATEMENT);
  }

  private void execQuietly(String sql) {
    try {
      exec(sql);
    } catch (RuntimeException e) {
      Log.debugf("%s: %s", sql, e.getMessage());
    }
  }
}
