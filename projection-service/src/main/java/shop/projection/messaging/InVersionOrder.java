package shop.projection.messaging;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.events.EventCatalog;
import shop.platform.Json;
import shop.platform.Transactions;
import shop.platform.messaging.EventConsumers;
import shop.platform.messaging.EventRecord;
import shop.platform.projection.Projection;
import shop.projection.repository.ParkedEvents;
import shop.projection.service.ProjectionLag;

/**
 * The read model of a versioned aggregate (carts, orders) fed from its topic strictly in version order
 * ({@code ce_sequence}): the next version applies, an older one is a duplicate and changes nothing, a newer one is
 * parked in {@code <stream>_event_parked} (counted in {@code projection_<name>_parked_total}) and applied as soon as the
 * missing ones arrive, never dropped. One transaction per event, live or replayed by a rebuild: two round trips
 * (read, then write with COMMIT) for an event that applies.
 *
 * @param <E> the aggregate's event family (e.g. {@code CartEvent})
 * @param <V> the read model's view of one aggregate
 */
public final class InVersionOrder<E, V> {
  /** The read model: how a view is read (locked), written and changed by one event. */
  public interface Views<E, V> {
    /** The view, locked for the transaction; null when the aggregate is unknown yet. */
    Uni<V> find(SqlConnection conn, String id);

    Uni<Void> save(SqlConnection conn, V view, Instant at);

    long version(V view);

    /** The view after one more event (current null: the aggregate's first event). */
    V fold(V current, E event);
  }

  /** What applying one event did ({@code applied}, {@code duplicate}, {@code parked}) and the view it left (or null). */
  public record Outcome<V>(String word, V view) {
  }

  private final String name;
  private final Class<E> family;
  private final Function<E, String> idOf;
  private final Views<E, V> views;
  private final ParkedEvents parked;
  private final Set<String> handled;
  private final Pool pool;
  private final Json json;
  private final MeterRegistry registry;
  private final EventConsumers consumers;
  private final ProjectionLag lag;

  /**
   * @param name the read model's name ({@code cart}); its events are parked in {@code <stream>_event_parked}
   * @param stream the aggregate ({@code cart}, {@code order}): the parked table and its id column {@code <stream>_id}
   */
  public InVersionOrder(String name, String stream, Class<E> family, Function<E, String> idOf, Views<E, V> views,
      Pool pool, Json json, MeterRegistry registry, EventConsumers consumers, ProjectionLag lag) {
    this.name = name;
    this.family = family;
    this.idOf = idOf;
    this.views = views;
    this.parked = new ParkedEvents(stream + "_event_parked", stream + "_id");
    this.handled = EventCatalog.PAYLOADS.entrySet().stream().filter(e -> family.isAssignableFrom(e.getValue()))
        .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    this.pool = pool;
    this.json = json;
    this.registry = registry;
    this.consumers = consumers;
    this.lag = lag;
  }

  /**
   * The live consumer: applies the record in its own transaction, then (after the commit) {@code afterCommit} with the
   * view it left, if it changed; counted in {@code projection_<name>_events_total{outcome}}.
   */
  public Uni<Void> consume(Message<String> message, Function<V, Uni<Void>> afterCommit) {
    EventRecord event = EventRecord.of(message);
    return consumers.process(message, handled, "projection." + name + ".events", (type, payload) -> {
      String id = idOf.apply(read(type, payload));
      event.requireSequence();
      return Transactions.runEnding(pool, conn -> stage(conn, id, event))
          .call(o -> o.view() == null ? Uni.createFrom().voidItem() : afterCommit.apply(o.view()))
          .invoke(() -> lag.applied(name, event.time()))
          .map(Outcome::word);
    });
  }

  /** {@link Projection#replay}: the event applied to the tables the connection sees. */
  public Uni<String> replay(SqlConnection conn, EventRecord event) {
    return stage(conn, idOf.apply(read(event.type(), event.payload())), event)
        .chain(Transactions.Ending::send)
        .map(Outcome::word);
  }

  /** {@link Projection#waiting}: the parked events. */
  public Uni<Projection.Waiting> waiting(SqlClient sql) {
    return parked.waiting(sql);
  }

  /** Every type of the family. */
  public Set<String> handledTypes() {
    return handled;
  }

  /**
   * Applies (or parks, or skips) the event of aggregate {@code id}, in the caller's transaction: the view (locked) and
   * whether the next version waits parked are read in one round trip; the write is left as the last statement (to go
   * with COMMIT) unless parked events follow on.
   */
  private Uni<Transactions.Ending<Outcome<V>>> stage(SqlConnection conn, String id, EventRecord record) {
    long version = record.requireSequence();
    return Uni.combine().all().unis(views.find(conn, id), parked.has(conn, id, version + 1))
        .with((current, nextParked) -> new Found<>(current, nextParked))
        .chain(found -> {
          V current = found.view();
          long expected = current == null ? 1 : views.version(current) + 1;
          if (version < expected) {
            return Uni.createFrom().item(Transactions.Ending.of(new Outcome<V>("duplicate", null)));
          }
          if (version > expected) {
            registry.counter("projection." + name + ".parked").increment();
            Log.warnf("%s %s: version %d arrived before %d; parked", name, id, version, expected);
            return Uni.createFrom().item(new Transactions.Ending<>(new Outcome<V>("parked", null),
                parked.park(conn, id, version, record.type(), record.payload(), record.time())));
          }
          V next = views.fold(current, read(record.type(), record.payload()));
          if (!found.nextParked()) {
            return Uni.createFrom().item(new Transactions.Ending<>(new Outcome<>("applied", next),
                views.save(conn, next, record.time())));
          }
          return views.save(conn, next, record.time()).chain(() -> applyParked(conn, id, next))
              .map(last -> Transactions.Ending.of(new Outcome<>("applied", last)));
        });
  }

  /** The view as it is (null: unknown yet) and whether the event after the incoming one is parked. */
  private record Found<V>(V view, boolean nextParked) {
  }

  /** Applies parked events that now follow on; returns the last view. */
  private Uni<V> applyParked(SqlConnection conn, String id, V view) {
    return parked.unpark(conn, id, views.version(view) + 1).chain(p -> {
      if (p == null) {
        return Uni.createFrom().item(view);
      }
      V next = views.fold(view, read(p.type(), p.payload()));
      return views.save(conn, next, p.at()).chain(() -> applyParked(conn, id, next));
    });
  }

  /** The event, which must name its aggregate; an IllegalArgumentException (→ dead letter) otherwise. */
  private E read(String type, String payload) {
    E e = json.read(payload, EventCatalog.payloadOf(type, family));
    if (idOf.apply(e) == null) {
      throw new IllegalArgumentException(name + " event without its aggregate's id: " + payload);
    }
    return e;
  }
}
