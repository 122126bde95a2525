package shop.projection.service;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import io.smallrye.mutiny.Uni;

/**
 * Read-your-writes for versioned read models ({@code ?minVersion=N}): reads until the view reaches the version the
 * client wrote, or the deadline passes, then answers what there is; and a refusal answered as late as a missing view
 * would be, so that the time of the answer tells nothing about someone else's aggregate.
 */
final class ReadYourWrites {
  private ReadYourWrites() {
  }

  /** {@code read} again every {@code poll} until its view reaches {@code wanted} (0: once), or {@code deadline}. */
  static <V> Uni<V> await(Supplier<Uni<V>> read, ToLongFunction<V> version, long wanted, long deadline,
      Duration poll) {
    return read.get().chain(view -> {
      boolean reached = view != null && version.applyAsLong(view) >= wanted;
      if (reached || wanted == 0 || System.nanoTime() >= deadline) {
        return Uni.createFrom().item(view);
      }
      return Uni.createFrom().voidItem().onItem().delayIt().by(poll)
          .chain(() -> await(read, version, wanted, deadline, poll));
    });
  }

  /** {@code refusal}, after the rest of the wait when the client asked for a version (as for a missing view). */
  static <T> Uni<T> refuseAtDeadline(RuntimeException refusal, long wanted, long deadline) {
    Uni<T> refused = Uni.createFrom().failure(refusal);
    if (wanted == 0) {
      return refused;
    }
    Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    return Uni.createFrom().voidItem().onItem().delayIt().by(left).chain(() -> refused);
  }
}
