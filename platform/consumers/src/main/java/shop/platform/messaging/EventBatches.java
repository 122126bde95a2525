package shop.platform.messaging;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * The loop of every consumer that applies a whole poll at once (channel with {@code batch=true}): one transaction or
 * statement for many events instead of one per event.
 * <ul>
 * <li>Every record is read first; one that cannot be read (no {@code ce_type}, or its handler's {@code read} throws)
 * goes to {@code <topic>.dlq} alone ({@link DeadLetters}) and the rest of the poll is applied. Types the handler does
 * not handle are skipped; an event that comes twice in one poll (same {@code ce_id}) is applied once.</li>
 * <li>The readable events are applied as a whole; a passing failure (the database away) is retried as
 * {@link EventConsumers} retries a record, never dead-lettered. If PostgreSQL refuses the poll's data, its events are
 * applied one by one and the bad one is dead-lettered.</li>
 * <li>The poll is acknowledged once applied; one not applied because the service stops is not acknowledged, so the
 * next instance applies it (handlers are idempotent).</li>
 * </ul>
 * Outcomes are counted as {@code <metric>{outcome}} (here {@code skipped}, {@code duplicate} within a poll and
 * {@code dead-letter}; the handler counts what it applied).
 */
@ApplicationScoped
public class EventBatches {
  /** A readable event of a poll, with its payload as the handler read it. */
  public record Read<E>(KafkaRecord<String, String> record, EventRecord event, E payload) {
  }

  /** What a consumer does with the events of a poll. */
  public interface Handler<E> {
    Set<String> handledTypes();

    /** Reads (and checks) an event's payload; any exception makes it a bad record. */
    E read(EventRecord event);

    /**
     * Applies the poll's readable events (their ids all different) as a whole, idempotently: after a passing failure
     * the whole of it runs again, so a step after the commit (a cache write) must not fail, or must not depend on
     * what the first run changed.
     */
    Uni<Void> applyAll(List<Read<E>> events);

    /** Applies one event alone: after PostgreSQL refused the whole, to find the bad one. */
    Uni<Void> applyOne(Read<E> event);
  }

  private final DeadLetters deadLetters;
  private final EventConsumers consumers;
  private final MeterRegistry registry;

  public EventBatches(DeadLetters deadLetters, EventConsumers consumers, MeterRegistry registry) {
    this.deadLetters = deadLetters;
    this.consumers = consumers;
    this.registry = registry;
  }

  public <E> Uni<Void> consume(KafkaRecordBatch<String, String> batch, String metric, Handler<E> handler) {
    List<Read<E>> readable = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Uni<Void> deadLettered = Uni.createFrom().voidItem();
    long skipped = 0;
    long repeated = 0;
    for (KafkaRecord<String, String> record : batch.getRecords()) {
      try {
        EventRecord event = EventRecord.of(record);
        if (event.type() == null) {
          throw new IllegalArgumentException("not a CloudEvent (no ce_type)");
        }
        if (!handler.handledTypes().contains(event.type())) {
          skipped++;
          continue;
        }
        Read<E> read = new Read<>(record, event, handler.read(event));
        if (event.id() != null && !ids.add(event.id())) {
          repeated++; // the same event twice in one poll (a producer's retry): applied once
          continue;
        }
        readable.add(read);
      } catch (RuntimeException unreadable) { // reading a record can only fail because of the record
        deadLettered = deadLettered.chain(() -> deadLetter(record, unreadable, metric));
      }
    }
    count(metric, "skipped", skipped);
    count(metric, "duplicate", repeated);
    return deadLettered.chain(() -> applyAll(readable, metric, handler))
        .chain(() -> Uni.createFrom().completionStage(batch.ack()))
        .onFailure(e -> consumers.isStopping()).recoverWithUni(e -> consumers.leftForTheNextInstance(metric, e));
  }

  private <E> Uni<Void> applyAll(List<Read<E>> events, String metric, Handler<E> handler) {
    if (events.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return consumers.retryingWhileRunning(Uni.createFrom().deferred(() -> handler.applyAll(events)), metric)
        .onFailure(EventConsumers::isBadRecord).recoverWithUni(e -> {
          Log.warnf("%s: a poll of %d not applied (%s); applying its events one by one", metric, events.size(),
              e.getMessage());
          return Multi.createFrom().iterable(events).onItem()
              .transformToUniAndConcatenate(r -> consumers
                  .retryingWhileRunning(Uni.createFrom().deferred(() -> handler.applyOne(r)), metric)
                  .onFailure(EventConsumers::isBadRecord).recoverWithUni(f -> deadLetter(r.record(), f, metric)))
              .collect().last().replaceWithVoid();
        });
  }

  private void count(String metric, String outcome, long n) {
    if (n > 0) {
      registry.counter(metric, "outcome", outcome).increment(n);
    }
  }

  private Uni<Void> deadLetter(KafkaRecord<String, String> record, Throwable reason, String metric) {
    return consumers.retryingWhileRunning(deadLetters.send(record, reason.getMessage(), metric), metric);
  }
}
