package shop.platform.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;

import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.platform.messaging.KafkaConnection;
import shop.platform.problem.ProblemException;

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
 *
 * <p>This class runs the job and keeps its status; {@link RebuildTables} holds its SQL and {@link HistoryReplay} reads
 * the topics back. Each service makes it a bean with its read models and settings.
 */
public class Rebuilds {

  private final Map<String, Projection> projections = new TreeMap<>();
  private final Map<String, RebuildStatus> statuses = new ConcurrentHashMap<>();
  private final Pool pool;
  private final KafkaConnection kafka;
  /** Under this many events left, the copies catch up inside the swap transaction. */
  private final long swapWhenBehind;
  private final Duration cooldown;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "projection-rebuild");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param swapWhenBehind under this many events left, the copies catch up inside the swap's transaction
   * @param cooldown how long after a rebuild completed here another may start
   */
  protected Rebuilds(List<? extends Projection> projections, Pool pool, KafkaConnection kafka,
      long swapWhenBehind, Duration cooldown) {
    projections.forEach(p -> this.projections.put(p.name(), p));
    this.swapWhenBehind = swapWhenBehind;
    this.cooldown = cooldown;
    this.pool = pool;
    this.kafka = kafka;
  }

  /**
   * Starts rebuilding the named read model; 404 for an unknown name, 409 while one is already running here or within
   * the cooldown after the last one completed here (a failed one may be retried at once). Statuses and cooldowns are
   * per instance.
   */
  public synchronized RebuildStatus start(String name) {
    Projection projection = projections.get(name);
    if (projection == null) {
      throw ProblemException.notFound("no read model " + name + "; known: " + String.join(", ", projections.keySet()));
    }
    ProblemException refused = refusal(statuses.get(name), Instant.now(), cooldown);
    if (refused != null) {
      throw refused;
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

  /** Why a new rebuild is refused after {@code last} (null: none yet), or null when it may start. */
  static ProblemException refusal(RebuildStatus last, Instant now, Duration cooldown) {
    if (last == null) {
      return null;
    }
    if (last.isRunning()) {
      return new ProblemException(409, "rebuild-in-progress", "Rebuild in progress",
          "a rebuild of " + last.name() + " started at " + last.startedAt() + " is still running");
    }
    if (!"done".equals(last.state())) {
      return null; // a failed rebuild may be retried once its cause is fixed
    }
    Instant allowedFrom = last.finishedAt().plus(cooldown);
    if (now.isBefore(allowedFrom)) {
      long millis = Duration.between(now, allowedFrom).toMillis();
      long seconds = Math.max(1, (millis + 999) / 1000); // rounded up: a retry at Retry-After is never early
      return new ProblemException(409, "rebuild-cooldown", "Rebuild cooling down", "the last rebuild of "
          + last.name() + " ended at " + last.finishedAt() + "; the next may start at " + allowedFrom)
          .withRetryAfter(seconds);
    }
    return null;
  }

  /** The last rebuild of that read model on this instance, or null. */
  public RebuildStatus status(String name) {
    return statuses.get(name);
  }

  private void rebuild(Projection p) {
    SqlConnection conn = pool.getConnection().await().atMost(Duration.ofSeconds(10));
    RebuildTables tables = new RebuildTables(conn, p.name(), p.tables());
    try {
      tables.createCopies();
      try (HistoryReplay replay = new HistoryReplay(kafka, p, conn, tables,
          (replayed, skipped) -> statuses.computeIfPresent(p.name(),
              (n, s) -> s.progress(s.eventsReplayed() + replayed, s.eventsSkipped() + skipped)))) {
        // read back while the live model keeps serving, until little is left
        while (replay.behind() > swapWhenBehind) {
          replay.replayOnePoll();
        }
        tables.lockLiveTables();
        replay.replayToTheEnd();
        tables.swapAndCommit();
      }
    } catch (RuntimeException e) {
      tables.abandon();
      throw e;
    } finally {
      tables.release();
      conn.close().await().indefinitely();
    }
    p.rebuilt().onFailure().invoke(e -> Log.warnf("cached views of %s not dropped (they expire): %s", p.name(),
        e.getMessage())).onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(30));
  }

  @PreDestroy
  protected void stop() {
    executor.shutdownNow();
  }
}
