package shop.projection.service;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * News, inside this instance, of views its projections just committed: a read-your-writes wait ({@link ReadYourWrites})
 * reads again as soon as the view it waits for changed here, instead of at its next poll. A view committed by another
 * instance (it consumes other partitions) is still found by the poll; nothing is waited for longer than before.
 *
 * <p>A {@link Waiter} is registered before the read it follows, so a commit that lands during that read still wakes it.
 * Keys are a model's name and the view's id ({@code cart:<id>}, {@code order:<id>}).
 */
@ApplicationScoped
public class ViewChanges {
  private final ConcurrentHashMap<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();
  private final LongAdder woken = new LongAdder();

  /** The key of a view: its model's name and its id. */
  public static String key(String model, String id) {
    return model + ':' + id;
  }

  /** A wait for the next change of {@code key}, counted from now. */
  public Waiter watch(String key) {
    Waiter w = new Waiter(key);
    waiting.compute(key, (k, set) -> {
      Set<Waiter> s = set == null ? new HashSet<>() : set;
      s.add(w);
      return s;
    });
    return w;
  }

  /** {@code key}'s view changed (committed): wakes whoever waits for it. */
  public void changed(String key) {
    Set<Waiter> woken = waiting.remove(key);
    if (woken != null) {
      woken.forEach(Waiter::wake);
      this.woken.add(woken.size());
    }
  }

  /** Waits registered and not yet woken, timed out or cancelled (tests). */
  public int waiting() {
    return waiting.values().stream().mapToInt(Set::size).sum();
  }

  /** Waits ended by a change rather than by their timeout, since start (tests). */
  public long woken() {
    return woken.sum();
  }

  /** One wait for the next change of a key. */
  public final class Waiter {
    private final String key;
    private final CompletableFuture<Void> signal = new CompletableFuture<>();
    /** Where the waiting read runs (its request's event loop), so that it goes on there, not on the projection's. */
    private final Context context = Vertx.currentContext();

    private Waiter(String key) {
      this.key = key;
    }

    private void wake() {
      if (context == null) {
        signal.complete(null);
      } else {
        context.runOnContext(ignored -> signal.complete(null));
      }
    }

    /** Completes when the key changes, or after {@code atMost}; the wait is over either way. */
    public Uni<Void> await(Duration atMost) {
      return Uni.createFrom().completionStage(signal).ifNoItem().after(atMost).recoverWithItem((Void) null)
          .onTermination().invoke(this::cancel);
    }

    /** Not waited for any more (the read reached its version, failed, or the client left). */
    public void cancel() {
      waiting.computeIfPresent(key, (k, set) -> {
        set.remove(this);
        return set.isEmpty() ? null : set;
      });
    }
  }
}
