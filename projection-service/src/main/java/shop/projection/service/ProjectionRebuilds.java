package shop.projection.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import shop.platform.problem.ProblemException;
import shop.projection.api.RebuildStatus;
import shop.projection.messaging.EventRecord;
import shop.projection.messaging.Projection;

/**
 * Rebuilds a read model from its topic's whole history without stopping queries or the live consumer:
 * <ol>
 * <li>fresh, empty copies of its tables are created in a schema of their own ({@code rebuild_<name>});</li>
 * <li>the topic is read back from the beginning (a plain consumer, no group) and every event is applied to the copies
 * by the projection's own code, the connection's {@code search_path} pointing at the copies;</li>
 * <li>when the copies are close to the end of the topic, one transaction locks the live tables (the live consumer
 * and queries wait, briefly), applies the last events, drops the live tables and moves the copies in their place;</li>
 * <li>the projection drops its cached views.</li>
 * </ol>
 * Events the live consumer applies after the swap land on the new tables; those it applied to the old tables are in
 * the copies too, since the copies reached the topic's end while the old tables were locked. Every projection is
 * idempotent, so the overlap changes nothing. One rebuild per read model at a time, across instances (advisory
 * lock).
 */
@ApplicationScoped
public class ProjectionRebuilds {
  /** Under this many events left, the copies catch up inside the swap transaction. */
  static final long SWAP_WHEN_BEHIND = 1_000;
  private static final Duration POLL = Duration.ofMillis(200);

  private final Map<String, Projection> projections = new TreeMap<>();
  private final Map<String, RebuildStatus> statuses = new ConcurrentHashMap<>();
  private final Pool pool;
  private final String bootstrapServers;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "projection-rebuild");
    t.setDaemon(true);
    return t;
  });

  public ProjectionRebuilds(@All List<Projection> projections, Pool pool,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
    projections.forEach(p -> this.projections.put(p.name(), p));
    this.pool = pool;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts rebuilding the named read model; 404 for an unknown name, 409 while one is already running here. */
  public synchronized RebuildStatus start(String name) {
    Projection projection = projections.get(name);
    if (projection == null) {
      throw ProblemException.notFound("no read model " + name + "; known: " + String.join(", ", projections.keySet()));
    }
    RebuildStatus current = statuses.get(name);
    if (current != null && current.isRunning()) {
      throw new ProblemException(409, "rebuild-in-progress", "Rebuild in progress",
          "a rebuild of " + name + " started at " + current.startedAt() + " is still running");
    }
    RebuildStatus running = RebuildStatus.running(name);
    statuses.put(name, running);
    executor.execute(() -> {
      try {
        rebuild(projection);
        statuses.computeIfPresent(name, (n, s) -> s.done());
        Log.infof("rebuild of %s done: %s", name, statuses.get(name));
      } catch (Exception e) {
        Log.errorf(e, "rebuild of %s failed; the live read model is untouched", name);
        statuses.computeIfPresent(name, (n, s) -> s.failed(e.getMessage()));
      }
    });
    return running;
  }

  /** The last rebuild of that read model on this instance, or null. */
  public RebuildStatus status(String name) {
    return statuses.get(name);
  }

  private void rebuild(Projection p) {
    String schema = "rebuild_" + p.name();
    SqlConnection conn = pool.getConnection().await().atMost(Duration.ofSeconds(10));
    boolean locked = false;
    try {
      locked = query(conn, "select pg_try_advisory_lock(hashtext($1)) as locked", Tuple.of(schema)).get(0)
          .getBoolean("locked");
      if (!locked) {
        throw new IllegalStateException("another instance is rebuilding " + p.name());
      }
      exec(conn, "set client_min_messages = warning"); // no notice for the drop below
      exec(conn, "drop schema if exists " + schema + " cascade");
      exec(conn, "create schema " + schema);
      for (String table : p.tables()) {
        exec(conn, "create table " + schema + "." + table + " (like public." + table + " including all)");
      }
      exec(conn, "set search_path = " + schema + ", public");
      try (KafkaConsumer<String, String> consumer = consumer()) {
        List<TopicPartition> partitions = consumer.partitionsFor(p.topic(), Duration.ofSeconds(10)).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        // read back while the live model keeps serving, until little is left
        while (behind(consumer, partitions) > SWAP_WHEN_BEHIND) {
          replay(conn, consumer, p, false);
        }
        swap(conn, consumer, p, partitions, schema);
      }
    } catch (RuntimeException e) {
      execQuietly(conn, "rollback");
      if (locked) { // never another instance's copies
        execQuietly(conn, "drop schema if exists " + schema + " cascade");
      }
      throw e;
    } finally {
      execQuietly(conn, "set search_path to default");
      execQuietly(conn, "set client_min_messages to default");
      if (locked) {
        execQuietly(conn, "select pg_advisory_unlock(hashtext('" + schema + "'))");
      }
      conn.close().await().indefinitely();
    }
    p.rebuilt().onFailure().invoke(e -> Log.warnf("cached views of %s not dropped (they expire): %s", p.name(),
        e.getMessage())).onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(30));
  }

  /** The atomic swap: live tables locked, copies brought to the topic's end, then moved in their place. */
  private void swap(SqlConnection conn, KafkaConsumer<String, String> consumer, Projection p,
      List<TopicPartition> partitions, String schema) {
    exec(conn, "begin");
    exec(conn, "set local lock_timeout = '10s'");
    for (String table : p.tables()) {
      exec(conn, "lock table public." + table + " in access exclusive mode");
    }
    // the live tables now hold no event past these offsets: the live consumer cannot write until the commit
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      replay(conn, consumer, p, true);
    }
    for (String table : p.tables()) {
      exec(conn, "drop table public." + table);
      exec(conn, "alter table " + schema + "." + table + " set schema public");
    }
    exec(conn, "drop schema " + schema);
    exec(conn, "commit");
  }

  /** Events left between the consumer's position and the topic's end offsets (read now). */
  private static long behind(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
    long behind = 0;
    for (var end : consumer.endOffsets(partitions).entrySet()) {
      behind += Math.max(0, end.getValue() - consumer.position(end.getKey()));
    }
    return behind;
  }

  /**
   * Applies one poll of records. Outside the swap, a poll is one transaction; if a statement fails, the poll is
   * applied again one record at a time with a savepoint each, skipping the records that fail. Inside the swap
   * (already in a transaction) every record gets its savepoint from the start.
   */
  private void replay(SqlConnection conn, KafkaConsumer<String, String> consumer, Projection p, boolean inSwap) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    consumer.poll(POLL).forEach(records::add);
    if (records.isEmpty()) {
      return;
    }
    if (inSwap) {
      applyEach(conn, p, records);
      return;
    }
    exec(conn, "begin");
    try {
      long skipped = 0;
      for (ConsumerRecord<String, String> r : records) {
        skipped += applyOne(conn, p, r) ? 0 : 1;
      }
      exec(conn, "commit");
      count(p, records.size(), skipped);
    } catch (PgException failed) {
      exec(conn, "rollback");
      exec(conn, "begin");
      applyEach(conn, p, records);
      exec(conn, "commit");
    }
  }

  private void applyEach(SqlConnection conn, Projection p, List<ConsumerRecord<String, String>> records) {
    long skipped = 0;
    for (ConsumerRecord<String, String> r : records) {
      exec(conn, "savepoint record");
      try {
        skipped += applyOne(conn, p, r) ? 0 : 1;
        exec(conn, "release savepoint record");
      } catch (PgException e) {
        Log.warnf("rebuild of %s: record %s-%d skipped: %s", p.name(), r.topic(), r.offset(), e.getMessage());
        exec(conn, "rollback to savepoint record");
        skipped++;
      }
    }
    count(p, records.size(), skipped);
  }

  /**
   * Applies a record; false when it cannot be read (it was dead-lettered when first consumed). A database error is
   * thrown to the caller, whose transaction it aborted.
   */
  private static boolean applyOne(SqlConnection conn, Projection p, ConsumerRecord<String, String> r) {
    EventRecord event;
    try {
      event = EventRecord.of(r);
    } catch (RuntimeException unreadable) {
      return false;
    }
    if (event.type() == null || !p.handledTypes().contains(event.type())) {
      return event.type() != null; // another type: not ours; no type at all: unreadable
    }
    try {
      p.replay(conn, event).await().atMost(Duration.ofSeconds(30));
      return true;
    } catch (PgException e) {
      throw e;
    } catch (RuntimeException unreadable) {
      Log.debugf("rebuild of %s: record %s-%d skipped: %s", p.name(), r.topic(), r.offset(), unreadable.getMessage());
      return false;
    }
  }

  private void count(Projection p, long replayed, long skipped) {
    statuses.computeIfPresent(p.name(),
        (n, s) -> s.progress(s.eventsReplayed() + replayed, s.eventsSkipped() + skipped));
  }

  private KafkaConsumer<String, String> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  private static void exec(SqlConnection conn, String sql) {
    conn.query(sql).execute().await().atMost(Duration.ofSeconds(30));
  }

  private static void execQuietly(SqlConnection conn, String sql) {
    try {
      exec(conn, sql);
    } catch (RuntimeException e) {
      Log.debugf("%s: %s", sql, e.getMessage());
    }
  }

  private static List<Row> query(SqlConnection conn, String sql, Tuple args) {
    List<Row> rows = new ArrayList<>();
    conn.preparedQuery(sql).execute(args).await().atMost(Duration.ofSeconds(30)).forEach(rows::add);
    return rows;
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }
}
