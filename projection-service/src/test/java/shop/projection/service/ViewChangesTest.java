package shop.projection.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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

    // when the projection commits c1 while the wait runs
    Uni<Void> wait = waiter.await(LONG);
    new Thread(() -> changes.changed(ViewChanges.key("cart", "c1"))).start();
    wait.await().atMost(LONG);

    // then the wait ends long before its poll interval, and nothing is left registered
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
    // given a view at version 1, read by a client who wrote version 2
    AtomicLong version = new AtomicLong(1);
    AtomicInteger reads = new AtomicInteger();
    long deadline = System.nanoTime() + LONG.toNanos();
    long started = System.nanoTime();

    // when the projection commits version 2 a little later (the poll interval is 10 s)
    new Thread(() -> {
      sleep(50);
      version.set(2);
      changes.changed(ViewChanges.key("cart", "c1"));
    }).start();
    long seen = ReadYourWrites.await(() -> Uni.createFrom().item(() -> {
      reads.incrementAndGet();
      return version.get();
    }), v -> v, 2, deadline, LONG, () -> changes.watch(ViewChanges.key("cart", "c1"))).await().atMost(LONG);

    // then the read answers version 2 right after the commit, having read twice
    assertThat(seen).isEqualTo(2);
    assertThat(reads.get()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(changes.waiting()).isZero();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
