package shop.platform.outbox;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
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
import io.vertx.mutiny.sqlclient.Tuple;
import shop.platform.PlatformConfig;

/**
 * Publishes the outbox to Kafka as binary CloudEvents, in id order, then deletes what was acknowledged. Needs, in the
 * service's own database, the {@code outbox} table of {@link OutboxRepository}, and an outgoing Kafka channel named
 * {@code outbox} (topic, key and CloudEvents attributes are set per record).
 *
 * <ul>
 * <li>Woken in-process right after a command commits ({@link #wake()}), with a 1 s poll as the fallback for rows
 * left by a crash or by an instance whose relay is down. Not LISTEN/NOTIFY: NOTIFY takes PostgreSQL's global notify
 * lock at commit and serialised every sale (-43 % in pgbench, see V2 migration).</li>
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
@IfBuildProperty(name = "shop.commands.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxRelay {
  /** Advisory lock id that elects the single active relay. */
  private static final long RELAY_LOCK = 0x0B0B_0B0BL;
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
  /** When another instance's relay holds the lock: try again soon, not at the next poll. */
  static final Duration BUSY_RETRY = Duration.ofMillis(25);
  private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private final Pool pool;
  private final OutboxRepository outbox;
  private final MutinyEmitter<String> emitter;
  private final PlatformConfig config;
  private final Vertx vertx;
  private final URI source;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong oldestAgeMillis = new AtomicLong();
  private final Timer publishLag;
  private final Counter published;
  private volatile boolean started;
  private long pollTimer = -1;

  public OutboxRelay(Pool pool, OutboxRepository outbox,
      // one batch (shop.outbox.batch-size, at most 2000) is in flight at a time, so it always fits the buffer
      @Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048) MutinyEmitter<String> emitter,
      PlatformConfig config, Vertx vertx, MeterRegistry registry) {
    this.pool = pool;
    this.outbox = outbox;
    this.emitter = emitter;
    this.config = config;
    this.vertx = vertx;
    this.source = URI.create(config.outbox().source());
    this.publishLag = Timer.builder("outbox.publish.lag")
        .description("Time from the outbox row's commit to its acknowledgement by Kafka")
        .publishPercentileHistogram().register(registry);
    this.published = Counter.builder("outbox.published").description("Events published to Kafka")
        .register(registry);
    registry.gauge("outbox.backlog", backlog);
    registry.more().timeGauge("outbox.oldest.age", List.of(), oldestAgeMillis,
        TimeUnit.MILLISECONDS, AtomicLong::doubleValue);
  }

  void onStart(@Observes StartupEvent ev) {
    if (config.outbox().relayEnabled()) {
      start();
    }
  }

  void onStop(@Observes ShutdownEvent ev) {
    stop();
  }

  /** Starts publishing; what is already in the outbox is published right away. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    pollTimer = vertx.setPeriodic(config.outbox().pollInterval().toMillis(), id -> {
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
    publishBatch().subscribe().with(count -> {
      if (count < 0) { // another instance's relay is publishing
        running.set(false);
        vertx.setTimer(BUSY_RETRY.toMillis(), id -> wake());
        return;
      }
      if (started && (count == config.outbox().batchSize() || pending.get())) {
        drain();
        return;
      }
      running.set(false);
      if (started && pending.get() && running.compareAndSet(false, true)) {
        drain();
      }
    }, failure -> {
      Log.warnf("outbox relay: batch failed, retrying on the next poll: %s", failure.toString());
      running.set(false);
    });
  }

  /**
   * One transaction: elect, read, publish, await acks, delete. Returns how many rows were published, or -1 when
   * another relay holds the lock.
   */
  Uni<Integer> publishBatch() {
    return pool.withTransaction(conn -> conn.preparedQuery("select pg_try_advisory_xact_lock($1)")
        .execute(Tuple.of(RELAY_LOCK))
        .chain(lock -> !lock.iterator().next().getBoolean(0) ? Uni.createFrom().item((List<OutboxRow>) null)
            : outbox.oldest(conn, config.outbox().batchSize()))
        .chain(rows -> rows == null ? Uni.createFrom().item(-1)
            : rows.isEmpty() ? Uni.createFrom().item(0)
            : publish(rows).chain(() -> outbox.delete(conn, rows.stream().map(OutboxRow::id).toArray(Long[]::new)))
                .invoke(() -> record(rows))
                .replaceWith(rows.size())));
  }

  private Uni<Void> publish(List<OutboxRow> rows) {
    List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      CompletableFuture<Void> ack = new CompletableFuture<>();
      acks.add(ack);
      emitter.sendMessageAndForget(toMessage(row, ack));
    }
    return Uni.createFrom().completionStage(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
        .ifNoItem().after(PUBLISH_TIMEOUT).failWith(() -> new IllegalStateException("Kafka did not acknowledge"))
        .replaceWithVoid();
  }

  private Message<String> toMessage(OutboxRow row, CompletableFuture<Void> ack) {
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
      Context parent = W3CTraceContextPropagator.getInstance()
          .extract(Context.root(), Map.of("traceparent", row.traceparent()), MAP_GETTER);
      metadata = metadata.with(TracingMetadata.withCurrent(parent));
    }
    return Message.of(row.payload(), metadata)
        .withAck(() -> {
          ack.complete(null);
          return CompletableFuture.completedFuture(null);
        })
        .withNack(e -> {
          ack.completeExceptionally(e);
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
