package shop.projection.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.EventCatalog;
import shop.platform.Json;
import shop.platform.Transactions;
import shop.platform.messaging.EventBatches;
import shop.platform.messaging.EventBatches.Read;
import shop.platform.messaging.EventRecord;
import shop.platform.projection.Projection;
import shop.projection.domain.VersionOrder;
import shop.projection.repository.ParkedEvents;
import shop.projection.repository.ParkedEvents.Parked;
import shop.projection.service.ProjectionLag;

/**
 * The read model of a versioned aggregate (carts, orders) fed from its topic strictly in version order
 * ({@code ce_sequence}): the next version applies, an older one is a duplicate and changes nothing, a newer one is
 * parked in {@code <stream>_event_parked} (counted in {@code projection_<name>_parked_total}) and applied as soon as the
 * missing ones arrive, never dropped.
 *
 * <p>A whole poll at a time ({@link EventBatches}), in one transaction of two round trips: the views of the poll's
 * aggregates (locked, in id order) and their parked events, read together; then, with {@code COMMIT}, every changed
 * view in one statement, and the events parked or unparked. A rebuild replays one event at a time the same way.
 * Counted in {@code projection_<name>_events_total{outcome}} ({@code applied}, {@code duplicate}, {@code parked}).
 *
 * @param <E> the aggregate's event family (e.g. {@code CartEvent})
 * @param <V> the read model's view of one aggregate
 */
public final class InVersionOrder<E, V> implements EventBatches.Handler<E> {
  /** The read model: how views are read (locked), written and changed by one event. */
  public interface Views<E, V> extends VersionOrder.Fold<E, V> {
    /** The views of these aggregates (ids sorted), locked for the transaction; an unknown aggregate is absent. */
    Uni<Map<String, V>> lockAll(SqlConnection conn, String[] sortedIds);

    /** Writes these views (each aggregate once), each with the time of the last event folded into it. */
    Uni<Void> saveAll(SqlConnection conn, List<V> views, List<Instant> changedAt);
  }

  /** What applying events did: one word per event, in the order given, the views they changed, the events parked. */
  record Staged<V>(List<String> words, List<V> changed, List<Parked> parked) {
  }

  private final String name;
  private final String metric;
  private final Class<E> family;
  private final Function<E, String> idOf;
  private final Views<E, V> views;
  private final VersionOrder<E, V> order;
  private final Function<V, Uni<Void>> afterCommit;
  private final ParkedEvents parked;
  private final Set<String> handled;
  private final Pool pool;
  private final Json json;
  private final MeterRegistry registry;
  private final EventBatches batches;
  private final ProjectionLag lag;

  /**
   * @param name the read model's name ({@code cart})
   * @param stream the aggregate ({@code cart}, {@code order}): the parked table {@code <stream>_event_parked} and its
   *          id column {@code <stream>_id}
   * @param afterCommit what to do with each view a poll changed, once committed (a cache write; must not fail)
   */
  public InVersionOrder(String name, String stream, Class<E> family, Function<E, String> idOf, Views<E, V> views,
      Function<V, Uni<Void>> afterCommit, Pool pool, Json json, MeterRegistry registry, EventBatches batches,
      ProjectionLag lag) {
    this.name = name;
    this.metric = "projection." + name + ".events";
    this.family = family;
    this.idOf = idOf;
    this.views = views;
    this.order = new VersionOrder<>(views);
    this.afterCommit = afterCommit;
    this.parked = new ParkedEvents(stream + "_event_parked", stream + "_id");
    this.handled = EventCatalog.PAYLOADS.entrySet().stream().filter(e -> family.isAssignableFrom(e.getValue()))
        .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    this.pool = pool;
    this.json = json;
    this.registry = registry;
    this.batches = batches;
    this.lag = lag;
  }

  /** The live consumer: a poll at a time. */
  public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
    return batches.consume(batch, metric, this);
  }

  @Override
  public Set<String> handledTypes() {
    return handled;
  }

  /** The event, which must carry its version and name its aggregate; an IllegalArgumentException otherwise. */
  @Override
  public E read(EventRecord event) {
    event.requireSequence();
    return read(event.type(), event.payload());
  }

  /** The poll's events in one transaction; then the changed views to {@code afterCommit}. */
  @Override
  public Uni<Void> applyAll(List<Read<E>> events) {
    return Transactions.runEnding(pool, conn -> stage(conn, events))
        .call(staged -> staged.changed().isEmpty()
            ? Uni.createFrom().voidItem()
            : Uni.combine().all().unis(staged.changed().stream().map(afterCommit).toList()).discardItems())
        .invoke(staged -> { // counted once committed (a poll retried after a failure is not counted twice)
          staged.words().stream().collect(Collectors.groupingBy(w -> w, Collectors.counting()))
              .forEach((word, n) -> registry.counter(metric, "outcome", word).increment(n));
          staged.parked().forEach(e -> {
            registry.counter("projection." + name + ".parked").increment();
            Log.warnf("%s %s: version %d arrived before an earlier one; parked", name, e.id(), e.version());
          });
          events.forEach(r -> lag.applied(name, r.event().time()));
        })
        .replaceWithVoid();
  }

  @Override
  public Uni<Void> applyOne(Read<E> event) {
    return applyAll(List.of(event));
  }

  /** {@link Projection#replay}: the event applied to the tables the connection sees. */
  public Uni<String> replay(SqlConnection conn, EventRecord event) {
    return stage(conn, List.of(new Read<>(null, event, read(event))))
        .chain(Transactions.Ending::send)
        .map(staged -> staged.words().get(0));
  }

  /** {@link Projection#waiting}: the parked events. */
  public Uni<Projection.Waiting> waiting(SqlClient sql) {
    return parked.waiting(sql);
  }

  /**
   * Places the events in their aggregates' order ({@link VersionOrder}), in the caller's transaction: reads the views
   * (locked) and the parked events of the aggregates concerned in one round trip, and leaves the writes as the last
   * statements (to go with COMMIT).
   */
  private Uni<Transactions.Ending<Staged<V>>> stage(SqlConnection conn, List<Read<E>> events) {
    List<VersionOrder.Event<E>> incoming = new ArrayList<>(events.size());
    Map<VersionOrder.Event<E>, Read<E>> readOf = new IdentityHashMap<>();
    for (Read<E> r : events) {
      VersionOrder.Event<E> e = new VersionOrder.Event<>(idOf.apply(r.payload()), r.event().requireSequence(),
          r.payload(), r.event().time());
      incoming.add(e);
      readOf.put(e, r);
    }
    String[] ids = VersionOrder.ids(incoming);
    return Uni.combine().all().unis(views.lockAll(conn, ids), parked.of(conn, ids)).asTuple().map(found -> {
      List<VersionOrder.Event<E>> waiting = new ArrayList<>();
      for (Parked p : found.getItem2()) {
        waiting.add(new VersionOrder.Event<>(p.id(), p.version(), read(p.type(), p.payload()), p.at()));
      }
      VersionOrder.Plan<E, V> plan = order.plan(incoming, found.getItem1(), waiting);
      List<Parked> toPark = new ArrayList<>(plan.toPark().size());
      for (VersionOrder.Event<E> e : plan.toPark()) {
        EventRecord r = readOf.get(e).event();
        toPark.add(new Parked(e.id(), e.version(), r.type(), r.payload(), e.at()));
      }
      List<V> changed = plan.changed().stream().map(VersionOrder.Changed::view).toList();
      List<Uni<?>> writes = new ArrayList<>(3);
      if (!changed.isEmpty()) {
        writes.add(views.saveAll(conn, changed, plan.changed().stream().map(VersionOrder.Changed::at).toList()));
      }
      if (!toPark.isEmpty()) {
        writes.add(parked.park(conn, toPark));
      }
      if (!plan.toRemove().isEmpty()) {
        writes.add(parked.remove(conn, plan.toRemove().stream().map(VersionOrder.Event::id).toArray(String[]::new),
            plan.toRemove().stream().map(VersionOrder.Event::version).toArray(Long[]::new)));
      }
      return new Transactions.Ending<>(new Staged<>(plan.words(), changed, toPark), Transactions.together(writes));
    });
  }

  private E read(String type, String payload) {
    E e = json.read(payload, EventCatalog.payloadOf(type, family));
    if (idOf.apply(e) == null) {
      throw new IllegalArgumentException(name + " event without its aggregate's id: " + payload);
    }
    return e;
  }
}
