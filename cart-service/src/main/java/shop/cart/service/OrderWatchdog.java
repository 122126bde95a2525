package shop.cart.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import shop.platform.command.CommandRunner;

/**
 * No order stays placed: one still waiting for stock-service {@code cart.checkout.answer-grace} after its deadline is
 * rejected ({@code expired}) and its cart opened again. No stock stays held for ever either: a confirmed order nobody
 * fulfilled {@code cart.checkout.collect-within} after its confirmation is cancelled ({@code not-collected}). stock-service refuses to reserve after the deadline, and a
 * reservation made just before it is released when the rejection reaches stock-service, so either way both sides
 * agree. One order per transaction, {@code FOR UPDATE SKIP LOCKED}, so several instances never take the same order.
 */
@ApplicationScoped
public class OrderWatchdog {
  static final int MAX_PER_RUN = 500;

  private final CommandRunner runner;
  private final OrderService orders;
  private final Counter expired;
  private final Counter uncollected;

  public OrderWatchdog(CommandRunner runner, OrderService orders, MeterRegistry registry) {
    this.runner = runner;
    this.orders = orders;
    this.expired = Counter.builder("cart.orders.expired")
        .description("Orders rejected because stock-service did not answer by their deadline").register(registry);
    this.uncollected = Counter.builder("cart.orders.uncollected")
        .description("Confirmed orders cancelled because nobody collected them in time").register(registry);
  }

  @Scheduled(every = "${cart.checkout.watchdog-interval:10s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduled() {
    return rejectOverdue().invoke(n -> {
      if (n > 0) {
        Log.infof("rejected %d order(s) that got no answer from stock-service in time", n);
      }
    }).chain(() -> cancelUncollected()).invoke(n -> {
      if (n > 0) {
        Log.infof("cancelled %d confirmed order(s) nobody collected in time", n);
      }
    }).replaceWithVoid();
  }

  /** Rejects overdue orders one transaction at a time; returns how many it looked at (counted after the commits). */
  public Uni<Integer> rejectOverdue() {
    return runner.runJobs(orders::expireOneOverdue, MAX_PER_RUN).invoke(n -> expired.increment(n));
  }

  /** Cancels uncollected orders one transaction at a time; returns how many (counted after the commits). */
  public Uni<Integer> cancelUncollected() {
    return runner.runJobs(orders::cancelOneUncollected, MAX_PER_RUN).invoke(n -> uncollected.increment(n));
  }
}
