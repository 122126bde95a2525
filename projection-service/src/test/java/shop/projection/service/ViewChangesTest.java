package shop.projection.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class ViewChangesTest {
  private static final Duration LONG = Duration.ofSeconds(10);
  private final ViewChanges changes = new ViewChanges();

  @Test
  void shouldWakeAWaitAsSoonAsItsViewChanges() {
    // given a read waiting for cart c1
    ViewChanges.Waiter waiter = changes.watch(ViewChanges.key("cart", "c1"));
    long started = System.nanoTime();
    CompletableFuture<Void> waiting = waiter.await(LONG).subscribeAsCompletionStage();
    assertThat(waiting).isNotDone();

    // when the projection commits c1
    changes.changed(ViewChanges.key("cart", "c1"));

    // then the wait ends long before its poll interval, and nothing is left registered
    waiting.join();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(changes.waiting()).isZero();
  }

  @Test
  void shouldWakeAWaitForAChangeCommittedDuringTheReadBeforeIt() {
    // given a wait registered before the read it follows
    ViewChanges.Waiter waiter = changes.watch(ViewChanges.key("order", "o1"));

    // when the view changes during that read, before the wait starts
    changes.changed(ViewChanges.key("order", "o1"));
    long started = System.nanoTime();
    waiter.await(LONG).await().atMost(LONG);

    // then the wait does not wait at all
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void shouldEndAWaitAtItsPollIntervalWhenItsViewDoesNotChangeHere() {
    // given a read waiting for o1, and another view changing
    ViewChanges.Waiter waiter = changes.watch(ViewChanges.key("order", "o1"));
    changes.changed(ViewChanges.key("order", "o2"));
    changes.changed(ViewChanges.key("cart", "o1"));

    // when it waits at most 100 ms
    long started = System.nanoTime();
    waiter.await(Duration.ofMillis(100)).await().atMost(LONG);

    // then it ended after those 100 ms (the poll reads again), and is no longer registered
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(changes.waiting()).isZero();
  }

  @Test
  void shouldForgetCancelledWaits() {
    // given two reads waiting for the same cart
    ViewChanges.Waiter first = changes.watch(ViewChanges.key("cart", "c1"));
    ViewChanges.Waiter second = changes.watch(ViewChanges.key("cart", "c1"));

    // when one reached its version (cancelled) and the cart then changes
    first.cancel();
    assertThat(changes.waiting()).isEqualTo(1);
    changes.changed(ViewChanges.key("cart", "c1"));

    // then the other is woken and nothing is left
    second.await(LONG).await().atMost(Duration.ofSeconds(1));
    assertThat(changes.waiting()).isZero();
  }

  @Test
  void shouldReadAgainOnAChangeWhenWaitingForAVersion() {
    // given a view at version 1, read by a client who wrote version 2; the projection commits version 2 while that
    // first read runs (the poll interval is 10 s)
    AtomicLong version = new AtomicLong(1);
    AtomicInteger reads = new AtomicInteger();
    long deadline = System.nanoTime() + LONG.toNanos();
    long started = System.nanoTime();
    Supplier<Uni<Long>> read = () -> Uni.createFrom().item(() -> {
      long seen = version.get();
      if (reads.incrementAndGet() == 1) {
        version.set(2);
        changes.changed(ViewChanges.key("cart", "c1"));
      }
      return seen;
    });

    // when it waits for version 2
    long seen = ReadYourWrites.await(read, v -> v, 2, deadline, LONG,
        () -> changes.watch(ViewChanges.key("cart", "c1"))).await().atMost(LONG);

    // then it reads again at once and answers version 2, having read twice, with nothing left registered
    assertThat(seen).isEqualTo(2);
    assertThat(reads.get()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(changes.waiting()).isZero();
  }

  @Test
  void shouldLeaveNothingRegisteredWhenTheReadFails() {
    // given a read waiting for a version, whose read of PostgreSQL fails
    Supplier<Uni<Long>> failing = () -> Uni.createFrom().failure(new IllegalStateException("database away"));

    // when it runs
    Throwable failure = catchThrowable(() -> ReadYourWrites.await(failing, v -> v, 2, System.nanoTime()
        + LONG.toNanos(), LONG, () -> changes.watch(ViewChanges.key("order", "o1"))).await().atMost(LONG));

    // then the failure is the caller's and no wait stays registered
    assertThat(failure).hasMessage("database away");
    assertThat(changes.waiting()).isZero();
  }

  @Test
  void shouldRefuseAtOnceWhenTheWaitIsAlreadyOver() {
    // given a refusal whose wait already ran out
    RuntimeException refusal = new IllegalStateException("not found");

    // when it is answered
    Throwable failure = catchThrowable(() -> ReadYourWrites.refuseAtDeadline(refusal, 2, System.nanoTime() - 1)
        .await().atMost(LONG));

    // then it is that refusal, not an error of the delay
    assertThat(failure).isSameAs(refusal);
  }

}
