package shop.analytics.messaging;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.analytics.domain.Deltas;
import shop.analytics.domain.Folded;
import shop.analytics.repository.FactsRepository;
import shop.platform.Transactions;
import shop.platform.messaging.EventBatches;
import shop.platform.messaging.EventRecord;

/**
 * The one consumer loop of the figures: a whole poll of a topic is applied in one transaction that claims the events'
 * ids (a redelivered event is claimed already and changes nothing), folds the new ones in offset order into the
 * figures' deltas, and adds them with one multi-row upsert per table. Kafka's offsets are committed after that
 * transaction, so a crash between the two only brings events back that the claims then skip. The poll's loop is
 * {@link EventBatches}' (an unreadable record to {@code <topic>.dlq} alone, passing failures retried, the events one by
 * one when PostgreSQL refuses the batch's data, a batch not applied on stop left for the next instance). Outcomes are
 * counted as {@code analytics_<source>_events_total{outcome}}.
 */
@ApplicationScoped
public class FactBatches {

  /** A readable event of a batch (record null when read back by a rebuild), with its payload as the source read it. */
  public record Fact<E>(KafkaRecord<String, String> record, EventRecord event, E payload) {
  }

  /** A topic the figures are built from, and how its events change them. */
  public interface Source<E> {
    /** The source's name ({@code sale}, {@code order}, {@code cart}): its rows of the figures are its own. */
    String name();

    String topic();

    Set<String> handledTypes();

    /** Reads (and checks) an event's payload; an IllegalArgumentException makes it a bad record. */
    E read(EventRecord event);

    /**
     * Within the batch's transaction: loads what the events need, folds them in order, writes what the source keeps
     * between events; answers what they add to the figures.
     */
    Uni<Deltas> fold(SqlConnection tx, List<Fact<E>> facts);
  }

  private final Pool pool;
  private final FactsRepository repository;
  private final EventBatches batches;
  private final MeterRegistry registry;
  private final TopicLag lag;

  public FactBatches(Pool pool, FactsRepository repository, EventBatches batches,
      MeterRegistry registry, TopicLag lag) {
    this.pool = pool;
    this.repository = repository;
    this.batches = batches;
    this.registry = registry;
    this.lag = lag;
  }

  public <E> Uni<Void> consume(KafkaRecordBatch<String, String> batch, Source<E> source) {
    return batches.consume(batch, metric(source), new EventBatches.Handler<E>() {
      @Override
      public Set<String> handledTypes() {
        return source.handledTypes();
      }

      @Override
      public E read(EventRecord event) {
        if (event.id() == null || event.id().isBlank()) {
          throw new IllegalArgumentException(event.type() + " without ce_id");
        }
        return source.read(event);
      }

      @Override
      public Uni<Void> applyAll(List<EventBatches.Read<E>> events) {
        return apply(source, events.stream().map(r -> new Fact<>(r.record(), r.event(), r.payload())).toList());
      }

      @Override
      public Uni<Void> applyOne(EventBatches.Read<E> r) {
        return apply(source, List.of(new Fact<>(r.record(), r.event(), r.payload())));
      }
    });
  }

  /** The facts in one transaction, then counted and the lag moved. */
  private <E> Uni<Void> apply(Source<E> source, List<Fact<E>> facts) {
    return Transactions.runEnding(pool, tx -> apply(tx, source, facts))
        .invoke(fresh -> {
          registry.summary("analytics.batch.size", "source", source.name()).record(facts.size());
          applied(source, facts, fresh);
        }).replaceWithVoid();
  }

  /**
   * The fold of a source whose events follow an aggregate (an order, a cart): the batch's aggregates are loaded at
   * once, its events folded in offset order (an aggregate's events share a partition, so they come in order), and the
   * aggregates they changed written back at once. Answers what the events add to the figures.
   *
   * @param idOf the aggregate an event is about
   * @param load the known aggregates among these ids (in the batch's transaction)
   * @param apply an event (with its record) on the aggregate as known so far (null: unknown)
   * @param save writes the changed aggregates (in the batch's transaction)
   */
  public static <E, S> Uni<Deltas> foldAggregates(List<Fact<E>> facts, Function<E, String> idOf,
      Function<List<String>, Uni<Map<String, S>>> load, BiFunction<S, Fact<E>, Folded<S>> apply,
      Function<Collection<S>, Uni<Void>> save) {
    if (facts.isEmpty()) {
      return Uni.createFrom().item(new Deltas());
    }
    List<String> ids = facts.stream().map(f -> idOf.apply(f.payload())).distinct().toList();
    return load.apply(ids).chain(known -> {
      Map<String, S> current = new HashMap<>(known);
      Map<String, S> changed = new LinkedHashMap<>();
      Deltas deltas = new Deltas();
      for (Fact<E> f : facts) {
        String id = idOf.apply(f.payload());
        Folded<S> folded = apply.apply(current.get(id), f);
        deltas.addAll(folded.deltas());
        if (folded.after() != null && !folded.after().equals(current.get(id))) {
          current.put(id, folded.after());
          changed.put(id, folded.after());
        }
      }
      return save.apply(changed.values()).replaceWith(deltas);
    });
  }

  /**
   * Applies one event read back by a rebuild to the tables the connection sees, in the caller's transaction, with no
   * other effect: {@code applied} or {@code duplicate}.
   */
  public <E> Uni<String> replay(SqlConnection conn, Source<E> source, EventRecord event) {
    if (event.id() == null || event.id().isBlank()) {
      throw new IllegalArgumentException(event.type() + " without ce_id");
    }
    return apply(conn, source, List.of(new Fact<>(null, event, source.read(event)))).chain(Transactions.Ending::send)
        .map(fresh -> fresh == 1 ? "applied" : "duplicate");
  }

  /**
   * Claims, folds and adds, in the caller's transaction; answers how many events were new. The additions are left as
   * the last statement, to go with COMMIT.
   */
  private <E> Uni<Transactions.Ending<Integer>> apply(SqlConnection tx, Source<E> source, List<Fact<E>> facts) {
    return repository.claim(tx, facts.stream().map(f -> f.event().id()).toList())
        .chain(claimed -> {
          List<Fact<E>> fresh = facts.stream().filter(f -> claimed.contains(f.event().id())).toList();
          return source.fold(tx, fresh)
              .map(deltas -> new Transactions.Ending<>(fresh.size(), repository.add(tx, source.name(), deltas)));
        });
  }

  /** Once committed: counts applied and duplicate events and moves the lag. */
  private void applied(Source<?> source, List<? extends Fact<?>> facts, int fresh) {
    count(metric(source), "applied", fresh);
    count(metric(source), "duplicate", facts.size() - fresh);
    lag.applied(source.topic(), newest(facts));
  }

  /**
   * When the newest of these records reached Kafka: the lag is how far the figures are behind the topic, not how old
   * the events are (a late event is not a lag).
   */
  private static Instant newest(List<? extends Fact<?>> facts) {
    return facts.stream().map(f -> f.record() != null && f.record().getTimestamp() != null
        ? f.record().getTimestamp()
        : f.event().time()).max(Instant::compareTo).orElseGet(Instant::now);
  }

  private void count(String metric, String outcome, long n) {
    if (n > 0) {
      registry.counter(metric, "outcome", outcome).increment(n);
    }
  }

  static String metric(Source<?> source) {
    return "analytics." + source.name() + ".events";
  }
}
