package shop.e2e.fault;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the workload's commands by kind and final status ({@code "sale 201"}, {@code "cart-add 422"},
 * {@code "receipt no-answer"}), and tells failures from business refusals. Thread-safe.
 */
final class Tally {
  private static final int FAILURES_KEPT = 20;

  private final Map<String, LongAdder> byOutcome = new ConcurrentHashMap<>();
  private final LongAdder operations = new LongAdder();
  private final LongAdder refusals = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final Queue<String> failed = new ConcurrentLinkedQueue<>();

  /**
   * A legitimate business refusal: {@code 409} (insufficient stock, cart closed…) or {@code 422} (unknown product,
   * limit exceeded…), but not {@code 422 idempotency-key-reused}, which a client that resends its own request never
   * deserves.
   */
  static boolean isRefusal(Answer a) {
    return a.status() == 409 || a.status() == 422 && !a.body().contains("idempotency-key-reused");
  }

  void count(String kind, Answer a) {
    operations.increment();
    byOutcome.computeIfAbsent(kind + " " + (a.status() == Answer.NO_ANSWER ? "no-answer" : a.status()),
        k -> new LongAdder()).increment();
    if (isRefusal(a)) {
      refusals.increment();
    } else if (!a.isSuccess()) {
      fail(a.describe() + ": " + a.body());
    }
  }

  /** A counted answer that could not be read (e.g. a success without the expected id): a failure too. */
  void unreadable(Answer a, RuntimeException e) {
    fail(a.describe() + " could not be read: " + e + ": " + a.body());
  }

  long operations() {
    return operations.sum();
  }

  private void fail(String description) {
    failures.increment();
    if (failed.size() < FAILURES_KEPT) {
      failed.add(description);
    }
  }

  Workload.Summary summary(List<String> negativeLevels) {
    Map<String, Long> outcomes = new TreeMap<>();
    byOutcome.forEach((outcome, n) -> outcomes.put(outcome, n.sum()));
    return new Workload.Summary(operations.sum(), outcomes, refusals.sum(), failures.sum(), List.copyOf(failed),
        negativeLevels);
  }
}
