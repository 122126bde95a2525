package shop.projection.service;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.smallrye.mutiny.Uni;

/**
 * Read-your-writes for versioned read models ({@code ?minVersion=N}): reads until the view reaches the version the
 * client wrote, or the deadline passes, then answers what there is (woken by {@link ViewChanges} when this instance
 * commits the view, else polling); and a refusal answered as late as a missing view
 * would be, so that the time of the answer tells nothing about someone else's aggregate.
 */
final class ReadYourWrites {
  private ReadYourWrites() {
  }

  /**
   * {@code read} until its view reaches {@code wanted} (0: once), or {@code deadline}: again as soon as this instance
   * commits a change of the view ({@code watch}), else every {@code poll} (a change committed by another instance).
   */
  static <V> Uni<V> await(Supplier<Uni<V>> read, ToLongFunction<V> version, long wanted, long deadline,
      Duration poll, Supplier<ViewChanges.Waiter> watch) {
    if (wanted == 0) {
      return read.get();
    }
    return Uni.createFrom().deferred(() -> {
      ViewChanges.Waiter next = watch.get(); // before the read: a commit during the read wakes the wait that follows
      return Uni.createFrom().<V>deferred(read::get)
          .onFailure().invoke(next::cancel)
          .onCancellation().invoke(next::cancel)
          .chain(view -> {
            boolean reached = view != null && version.applyAsLong(view) >= wanted;
            long left = deadline - System.nanoTime();
            if (reached || left <= 0) {
              next.cancel();
              return Uni.createFrom().item(view);
            }
            return next.await(left < poll.toNanos() ? Duration.ofNanos(left) : poll)
                .chain(() -> await(read, version, wanted, deadline, poll, watch));
          });
    });
  }

  /** {@code refusal}, after the rest of the wait when the client asked for a version (as for a missing view). */
  static <T> Uni<T> refuseAtDeadline(RuntimeException refusal, long wanted, long deadline) {
    Uni<T> refused = Uni.createFrom().failure(refusal);
    if (wanted == 0) {
      return refused;
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) { // the wait is over already (a delay of zero is refused by Mutiny: it was a 500)
      return refused;
    }
    return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(left)).chain(() -> refused);
  }
}
