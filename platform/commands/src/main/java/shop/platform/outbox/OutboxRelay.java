package shop.platform.outbox;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

import shop.platform.CommandConfig;
import shop.platform.TraceContext;
import shop.platform.Transactions;

/**
 * Publishes the outbox to Kafka as binary CloudEvents, in id order, then deletes what was acknowledged. Needs, in the
 * service's own database, the {@code outbox} table of {@link OutboxRepository}, and an outgoing Kafka channel named
 * {@code outbox} (topic, key and CloudEvents attributes are set per record).
 *
 * <ul>
 * <li>Woken in-process right after a command commits ({@link #wake()}), with a 1 s poll as the fallback for rows
 * left by a crash or by an instance whose relay is down. Not LISTEN/NOTIFY: NOTIFY takes PostgreSQL's global notify
 * lock at commit and serialised every sale (-43 % in pgbench, see db/platform/R__platform_tables.sql).</li>
 * <li>One relay at a time across instances: each batch runs in a transaction holding an advisory lock (a relay that
 * finds it taken tries again {@link #BUSY_RETRY} later); rows are
 * deleted in that transaction only after Kafka acknowledged them. A crash anywhere before that commit leaves the rows
 * in place, so they are published again (at-least-once; consumers dedupe on {@code ce_id}).</li>
 * <li>Per-key order: a key's rows are written while holding that aggregate's row lock, so their ids follow commit
 * order; the relay reads whatever is committed, never "after the last id", so a late commit of a lower id is never
 * skipped.</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {
  /** Advisory lock id that elects the single active relay. */
  private static final long RELAY_LOCK = 0x0B0B_0B0BL;
  /** How long a stop waits for the batch in flight. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);
  /** When another instance's relay holds the lock: try again soon, not at the next poll. */
  static final Duration BUSY_RETRY = Duration.ofMillis(25);

  private final Pool pool;
  private final OutboxRepository outbox;
  private final MutinyEmitter<String> emitter;
  private final CommandConfig config;
  private final Vertx vertx;
  private final URI source;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong oldestAgeMillis = new AtomicLong();
  private final AtomicLong batchNumber = new AtomicLong();
  /** How long a batch waits for Kafka's outcomes ({@code shop.outbox.publish-timeout}). */
  private final Duration publishTimeout;
  /** A batch still running this long after it started lost its way: twice the publish timeout. */
  private final Duration stuckAfter;
  private final Timer publishLag;
  private final Counter published;
  private final Counter stuckBatches;
  private volatile boolean started;
  private volatile long batchStartedNanos;
  private volatile long lastSettledNanos = System.nanoTime();
  private long pollTimer = -1;
  private final TraceContext trace;

  public OutboxRelay(Pool pool, OutboxRepository outbox,
      // one batch (shop.outbox.batch-size, at most 2000) is in flight at a time, so it always fits the buffer
      @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048) MutinyEmitter<String> emitter,
      CommandConfig config, Vertx vertx, MeterRegistry registry, TraceContext trace) {
    this.pool = pool;
    this.trace = trace;
    this.outbox = outbox;
    this.emitter = emitter;
    this.config = config;
    this.vertx = vertx;
    this.source = URI.create(config.outbox().source());
    this.publishTimeout = config.outbox().publishTimeout();
    this.stuckAfter = publishTimeout.multipliedBy(2);
    this.publishLag = Timer.builder("outbox.publish.lag")
        .description("Time from the outbox row's commit to its acknowledgement by Kafka")
        .publishPercentileHistogram().register(registry);
    this.published = Counter.builder("outbox.published").description("Events published to Kafka")
        .register(registry);
    this.stuckBatches = Counter.builder("outbox.stuck.batches")
        .description("Batches the watchdog gave up on (no outcome long after their publish timeout)")
        .register(registry);
    Gauge.builder("outbox.backlog", backlog, AtomicLong::doubleValue)
        .description("Events not yet on Kafka, counted up to " + OutboxRepository.BACKLOG_COUNT_LIMIT)
        .register(registry);
    registry.more().timeGauge("outbox.oldest.age", List.of(), oldestAgeMillis,
        TimeUnit.MILLISECONDS, AtomicLong::doubleValue);
  }

  void onStart(@Observes StartupEvent ev) {
    if (config.outbox().relayEnabled()) {
      start();
    }
  }

  /**
   * Before the Kafka channels close ({@code EventConsumers}, priority 1): stop, and let the batch in flight finish, so
   * that what Kafka acknowledged is deleted and not sent again by the next instance.
   */
  void onStop(@Observes @Priority(0) ShutdownEvent ev) {
    stop();
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    while (running.get() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Starts publishing; what is already in the outbox is published right away. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    lastSettledNanos = System.nanoTime();
    pollTimer = vertx.setPeriodic(config.outbox().pollInterval().toMillis(), id -> {
      watchdog();
      wake();
      refreshBacklog();
    });
    wake();
  }

  /** Stops publishing (rows stay in the outbox until a relay runs again). */
  public synchronized void stop() {
    if (!started) {
      return;
    }
    started = false;
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
      pollTimer = -1;
    }
  }

  /** Asks for a drain (called after every command commit); coalesces with one that is running. */
  public void wake() {
    if (!started) {
      return;
    }
    pending.set(true);
    if (running.compareAndSet(false, true)) {
      drain();
    }
  }

  private void drain() {
    pending.set(false);
    batchStartedNanos = System.nanoTime();
    long batch = batchNumber.incrementAndGet();
    try {
      publishBatch().subscribe().with(count -> {
        if (!settle(batch)) {
          return;
        }
        if (count < 0) { // another instance's relay is publishing
          vertx.setTimer(BUSY_RETRY.toMillis(), id -> wake());
          return;
        }
        if (started && (count == config.outbox().batchSize() || pending.get())) {
          wake();
        }
      }, failure -> {
        if (settle(batch)) {
          Log.warnf("outbox relay: batch failed, retrying on the next poll: %s", failure.toString());
        }
      });
    } catch (Throwable t) { // an Error (out of memory) thrown while starting the batch: never leave it "running"
      settle(batch);
      Log.errorf(t, "outbox relay: batch could not start, retrying on the next poll");
    }
  }

  /** Ends a batch; false when the watchdog already gave up on it (a newer batch may be running). */
  private boolean settle(long batch) {
    lastSettledNanos = System.nanoTime();
    return batchNumber.get() == batch && running.compareAndSet(true, false);
  }

  /**
   * The watchdog, on every poll: a batch that neither finished nor failed well past its publish timeout is given up
   * (its transaction, if still open, is ended by PostgreSQL's {@code idle_in_transaction_session_timeout}, releasing
   * the relay lock), so one lost callback cannot stall the outbox for good.
   */
  private void watchdog() {
    if (running.get() && System.nanoTime() - batchStartedNanos > stuckAfter.toNanos()) {
      Log.errorf("outbox relay: a batch has not finished after %s; giving it up", stuckAfter);
      batchNumber.incrementAndGet();
      running.set(false);
      stuckBatches.increment();
    }
  }

  /**
   * Whether the relay makes progress: stopped, or a batch is running for less than twice the publish timeout, or one ended
   * recently. A relay that cannot reach Kafka still ends its batches (as failures) and stays live: its events wait
   * safely in the outbox.
   */
  public boolean live() {
    long now = System.nanoTime();
    if (!started) {
      return true;
    }
    if (running.get()) {
      return now - batchStartedNanos < stuckAfter.toNanos();
    }
    return now - lastSettledNanos < config.outbox().pollInterval().multipliedBy(3).plus(stuckAfter).toNanos();
  }

  /**
   * One transaction: elect, read, publish, await every ack or failure, delete what Kafka acknowledged. Returns how many
   * rows were published, or -1 when another relay holds the lock. When some records were not acknowledged, the
   * acknowledged ones are still deleted (so they are not sent twice) before the batch fails.
   */
  Uni<Integer> publishBatch() {
    // two round trips: BEGIN with the lock and the batch (read only once the lock is ours: a relay of another instance
    // retries every BUSY_RETRY while this one publishes, and must not read a batch each time), then the delete with
    // COMMIT. With the lock, in the same statement: a relay whose process hangs or loses its callbacks must not hold
    // the lock for ever.
    return Transactions.runEnding(pool, conn -> outbox.lockAndOldest(conn, RELAY_LOCK, stuckAfter.toMillis() + "ms",
        config.outbox().batchSize())
        .chain(rows -> rows == null
            ? Uni.createFrom().item(Transactions.Ending.of(Published.BUSY))
            : rows.isEmpty()
                ? Uni.createFrom().item(Transactions.Ending.of(Published.NOTHING))
                : publish(rows).map(p -> new Transactions.Ending<>(p, p.acked().isEmpty()
                    ? null
                    : outbox.delete(conn, p.acked().stream().map(OutboxRow::id).toArray(Long[]::new))))))
        .map(p -> {
          record(p.acked());
          if (p.failure() != null) {
            throw new IllegalStateException(p.acked().size() + " published, the rest not acknowledged: "
                + p.failure().getMessage(), p.failure());
          }
          return p.count();
        });
  }

  /** What a batch published: the rows Kafka acknowledged, and the first failure of the others (null when none). */
  private record Published(int count, List<OutboxRow> acked, Throwable failure) {
    static final Published BUSY = new Published(-1, List.of(), null);
    static final Published NOTHING = new Published(0, List.of(), null);
  }

  /** Sends every row, then waits until each is acknowledged or failed (bounded by the publish timeout). */
  private Uni<Published> publish(List<OutboxRow> rows) {
    List<CompletableFuture<Throwable>> outcomes = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      outcomes.add(outcome);
      emitter.sendMessageAndForget(toMessage(row, outcome));
    }
    return Uni.createFrom().completionStage(CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)))
        .ifNoItem().after(publishTimeout).recoverWithItem((Void) null)
        .map(done -> {
          List<OutboxRow> acked = new ArrayList<>(rows.size());
          Throwable failure = null;
          for (int i = 0; i < rows.size(); i++) {
            CompletableFuture<Throwable> o = outcomes.get(i);
            Throwable f = o.isDone() ? o.join() : new IllegalStateException("Kafka did not acknowledge in time");
            if (f == null) {
              acked.add(rows.get(i));
            } else if (failure == null) {
              failure = f;
            }
          }
          return new Published(rows.size(), acked, failure);
        });
  }

  private Message<String> toMessage(OutboxRow row, CompletableFuture<Throwable> outcome) {
    var ce = OutgoingCloudEventMetadata.<String>builder()
        .withId(row.eventId().toString())
        .withSource(source)
        .withType(row.type())
        .withSubject(row.subject())
        .withDataContentType("application/json")
        .withTimestamp(row.createdAt().toZonedDateTime());
    if (row.sequence() != null) {
      ce = ce.withExtension("sequence", String.valueOf(row.sequence()));
    }
    var kafka = OutgoingKafkaRecordMetadata.<String>builder()
        .withTopic(row.topic())
        .withKey(row.key())
        .withHeaders(new RecordHeaders())
        .build();
    Metadata metadata = Metadata.of(ce.build(), kafka);
    if (row.traceparent() != null && !row.traceparent().isEmpty()) {
      // the producer span becomes a child of the HTTP request that wrote the row
      metadata = metadata.with(TracingMetadata.withCurrent(trace.parentOf(row.traceparent())));
    }
    return Message.of(row.payload(), metadata)
        .withAck(() -> {
          outcome.complete(null);
          return CompletableFuture.completedFuture(null);
        })
        .withNack(e -> {
          outcome.complete(e);
          return CompletableFuture.completedFuture(null);
        });
  }

  private void record(List<OutboxRow> rows) {
    OffsetDateTime now = OffsetDateTime.now();
    for (OutboxRow r : rows) {
      publishLag.record(Duration.between(r.createdAt(), now));
    }
    published.increment(rows.size());
  }

  private void refreshBacklog() {
    outbox.backlog(pool).subscribe().with(b -> {
      backlog.set(b.rows());
      oldestAgeMillis.set((long) (b.oldestAgeSeconds() * 1000));
    }, e -> Log.debugf("outbox backlog query failed: %s", e.getMessage()));
  }

}
