package shop.projection.messaging;

import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.projection.repository.ParkedEvents;

/**
 * Applies the events of versioned aggregates (carts, orders) strictly in version order ({@code ce_sequence}): the
 * next version applies, an older one is a duplicate and changes nothing, a newer one is parked (counted in
 * {@code projection_<name>_parked_total}) and applied as soon as the missing ones arrive, never dropped.
 *
 * @param <V> the read model's view of one aggregate
 */
public final class InVersionOrder<V> {
  /** The read model: how a view is read (locked), written and changed by one event. */
  public interface Views<V> {
    /** The view, locked for the transaction; null when the aggregate is unknown yet. */
    Uni<V> find(SqlConnection conn, String id);

    Uni<Void> save(SqlConnection conn, V view, Instant at);

    long version(V view);

    /** The view after one more event (current null: the aggregate's first event). */
    V fold(V current, String type, String payload);
  }

  /** What applying one event did ({@code applied}, {@code duplicate}, {@code parked}) and the view it left (or null). */
  public record Outcome<V>(String word, V view) {
  }

  private final String name;
  private final Views<V> views;
  private final ParkedEvents parked;
  private final MeterRegistry registry;

  public InVersionOrder(String name, Views<V> views, ParkedEvents parked, MeterRegistry registry) {
    this.name = name;
    this.views = views;
    this.parked = parked;
    this.registry = registry;
  }

  /** Applies (or parks, or skips) the event of aggregate {@code id}, in the caller's transaction. */
  public Uni<Outcome<V>> apply(SqlConnection conn, String id, EventRecord record) {
    long version = record.requireSequence();
    return views.find(conn, id).chain(current -> {
      long expected = current == null ? 1 : views.version(current) + 1;
      if (version < expected) {
        return Uni.createFrom().item(new Outcome<V>("duplicate", null));
      }
      if (version > expected) {
        registry.counter("projection." + name + ".parked").increment();
        Log.warnf("%s %s: version %d arrived before %d; parked", name, id, version, expected);
        return parked.park(conn, id, version, record.type(), record.payload(), record.time())
            .replaceWith(new Outcome<V>("parked", null));
      }
      V next = views.fold(current, record.type(), record.payload());
      return views.save(conn, next, record.time()).chain(() -> applyParked(conn, id, next))
          .map(last -> new Outcome<>("applied", last));
    });
  }

  /** Applies parked events that now follow on; returns the last view. */
  private Uni<V> applyParked(SqlConnection conn, String id, V view) {
    return parked.unpark(conn, id, views.version(view) + 1).chain(p -> {
      if (p == null) {
        return Uni.createFrom().item(view);
      }
      V next = views.fold(view, p.type(), p.payload());
      return views.save(conn, next, p.at()).chain(() -> applyParked(conn, id, next));
    });
  }
}
