package shop.e2e.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded steady mix of commands over HTTP against stock-service and cart-service (see {@link Mix}): worker threads
 * share a rate limit, every command is retried with its own key by the {@link Client}s, and what clients were told
 * goes in the {@link Books}. Meanwhile one thread samples stock levels from stock-service and notes any negative
 * on-hand or available figure. A workload runs once: {@link #run} blocks until its duration or operation count is
 * reached or {@link #stop()} is called from another thread, then replays the keys of the commands whose outcome was
 * unknown (each retried for up to the client's deadline) and returns a {@link Summary}.
 */
public final class Workload {
  /**
   * What the workload did.
   *
   * @param operations commands concluded
   * @param byOutcome commands by kind and final status, e.g. {@code "sale 201" → 120}, {@code "sale 409" → 3}
   * @param refusals legitimate business refusals (409, 422 other than {@code idempotency-key-reused})
   * @param failures every other non-2xx final answer, and commands still unanswered after settling
   * @param failureSamples the first failures, described
   * @param negativeLevels stock levels sampled with a negative on-hand or available figure (must be empty)
   */
  public record Summary(long operations, Map<String, Long> byOutcome, long refusals, long failures,
      List<String> failureSamples, List<String> negativeLevels) {
  }

  private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);

  private final Client stock;
  private final List<String> locations;
  private final List<String> products;
  private final int workers;
  private final long interval;
  private final Tally tally = new Tally();
  private final Mix mix;
  private final AtomicLong nextSlot = new AtomicLong(System.nanoTime());
  private final List<String> negativeLevels = new CopyOnWriteArrayList<>();
  private volatile boolean stopped;
  private volatile boolean sampling;

  /**
   * @param stock client of stock-service
   * @param carts client of cart-service
   * @param books where answers are recorded; must hold the initial counts of every level (see {@link Fixture})
   * @param locations existing location ids
   * @param products existing product ids, stocked at every location
   * @param workers threads sending commands
   * @param opsPerSecond the rate of commands started, all workers together
   */
  public Workload(Client stock, Client carts, Client staff, Books books, List<String> locations, List<String> products,
      int workers,
      double opsPerSecond) {
    this.stock = stock;
    this.locations = List.copyOf(locations);
    this.products = List.copyOf(products);
    this.workers = workers;
    this.interval = (long) (1_000_000_000L / opsPerSecond);
    this.mix = new Mix(stock, carts, staff, books, locations, products, tally);
  }

  /** Runs for {@code duration} (or until {@link #stop()}). */
  public Summary run(Duration duration) {
    return run(duration, Long.MAX_VALUE);
  }

  /** Runs until {@code maxOperations} commands were started, {@code duration} has passed, or {@link #stop()}. */
  public Summary run(Duration duration, long maxOperations) {
    long end = System.nanoTime() + duration.toNanos();
    AtomicLong started = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      threads.add(new Thread(() -> {
        while (!stopped && started.incrementAndGet() <= maxOperations && awaitSlot(end)) {
          mix.next();
        }
      }, "workload-" + i));
    }
    sampling = true;
    Thread sampler = new Thread(this::sample, "workload-sampler");
    sampler.start();
    threads.forEach(Thread::start);
    threads.forEach(Workload::join);
    sampling = false;
    join(sampler);
    mix.settle();
    return tally.summary(List.copyOf(negativeLevels));
  }

  /** Ends the run: workers finish the command they are sending (retries included) and start no other. */
  public void stop() {
    stopped = true;
  }

  /** Up to {@code count} checkouts now, beside the steady mix: the orders placed (see {@link Mix#checkoutBurst}). */
  public List<String> checkoutBurst(int count) {
    return mix.checkoutBurst(count);
  }

  /** Commands concluded so far (e.g. to inject a fault once the workload is under way). */
  public long operations() {
    return tally.operations();
  }

  /** Waits for this worker's turn under the rate limit; false when the turn comes after {@code end} or a stop. */
  private boolean awaitSlot(long end) {
    long now = System.nanoTime();
    long slot = Math.max(now, nextSlot.getAndUpdate(next -> Math.max(next, now) + interval));
    if (slot > end) {
      return false;
    }
    pause(Duration.ofNanos(slot - now));
    return !stopped;
  }

  private void sample() {
    while (sampling) {
      String location = locations.get(ThreadLocalRandom.current().nextInt(locations.size()));
      String product = products.get(ThreadLocalRandom.current().nextInt(products.size()));
      Answer a = stock.get("/locations/" + location + "/stock/" + product);
      if (a.isSuccess() && (a.json().getLong("onHand") < 0 || a.json().getLong("available") < 0)) {
        negativeLevels.add(Instant.now() + " " + location + ":" + product + " " + a.body());
      }
      pause(SAMPLE_EVERY);
    }
  }

  private static void pause(Duration d) {
    try {
      TimeUnit.NANOSECONDS.sleep(d.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
