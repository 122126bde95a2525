package shop.projection.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each event of a versioned aggregate goes, given its view and the events parked for it: the next version
 * applies (and the parked ones that then follow on), an older one is a duplicate, a newer one waits parked. Many
 * aggregates and many events at once (a poll); pure.
 *
 * @param <E> the aggregate's events
 * @param <V> the read model's view of one aggregate
 */
public final class VersionOrder<E, V> {
  /** How a view reads its version and takes one more event (current null: the aggregate's first event). */
  public interface Fold<E, V> {
    long version(V view);

    V fold(V current, E event);
  }

  /** An event of aggregate {@code id} at {@code version}, that happened {@code at}. */
  public record Event<E>(String id, long version, E event, Instant at) {
  }

  /** A view changed by the events, with the time of the last one folded into it. */
  public record Changed<V>(V view, Instant at) {
  }

  /**
   * What to do: for each incoming event (in the order given) {@code applied}, {@code duplicate} or {@code parked};
   * the changed views (in aggregate id order); the incoming events to park; the parked events to remove (applied now,
   * or older than their view).
   */
  public record Plan<E, V>(List<String> words, List<Changed<V>> changed, List<Event<E>> toPark,
      List<Event<E>> toRemove) {
  }

  private record Candidate<E>(int index, Event<E> event) {
    boolean parked() {
      return index < 0;
    }
  }

  private final Fold<E, V> fold;

  public VersionOrder(Fold<E, V> fold) {
    this.fold = fold;
  }

  /** The sorted ids of the aggregates these events concern. */
  public static String[] ids(List<? extends Event<?>> events) {
    return events.stream().map(Event::id).distinct().sorted().toArray(String[]::new);
  }

  /**
   * @param incoming the events to place
   * @param views the current views of their aggregates (an unknown aggregate absent)
   * @param parked the events parked for those aggregates
   */
  public Plan<E, V> plan(List<Event<E>> incoming, Map<String, V> views, List<Event<E>> parked) {
    Map<String, List<Candidate<E>>> byId = new TreeMap<>();
    for (int i = 0; i < incoming.size(); i++) {
      byId.computeIfAbsent(incoming.get(i).id(), id -> new ArrayList<>()).add(new Candidate<>(i, incoming.get(i)));
    }
    for (Event<E> p : parked) {
      byId.computeIfAbsent(p.id(), id -> new ArrayList<>()).add(new Candidate<>(-1, p));
    }
    String[] words = new String[incoming.size()];
    List<Changed<V>> changed = new ArrayList<>();
    List<Event<E>> toPark = new ArrayList<>();
    List<Event<E>> toRemove = new ArrayList<>();
    byId.forEach((id, candidates) -> {
      // by version; for one version, an incoming event before a parked one (a stable sort keeps them so)
      candidates.sort(Comparator.comparingLong(c -> c.event().version()));
      V view = views.get(id);
      long expected = view == null ? 1 : fold.version(view) + 1;
      Instant at = null;
      for (Candidate<E> c : candidates) {
        long version = c.event().version();
        if (version > expected) { // a gap before it: it waits (a parked one stays parked)
          if (!c.parked()) {
            words[c.index()] = "parked";
            toPark.add(c.event());
          }
          continue;
        }
        boolean applies = version == expected;
        if (applies) {
          view = fold.fold(view, c.event().event());
          expected++;
          at = c.event().at();
        }
        if (c.parked()) {
          toRemove.add(c.event());
        } else {
          words[c.index()] = applies ? "applied" : "duplicate";
        }
      }
      if (at != null) {
        changed.add(new Changed<>(view, at));
      }
    });
    return new Plan<>(List.of(words), changed, toPark, toRemove);
  }
}
