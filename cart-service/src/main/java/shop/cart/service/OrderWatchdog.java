package shop.cart.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import shop.platform.command.CommandRunner;

/**
 * No order stays placed: one still waiting for stock-service {@code cart.checkout.answer-grace} after its deadline is
 * rejected ({@code expired}) and its cart opened again. stock-service refuses to reserve after the deadline, and a
 * reservation made just before it is released when the rejection reaches stock-service, so either way both sides
 * agree. One order per transaction, {@code FOR UPDATE SKIP LOCKED}, so several instances never take the same order.
 */
@ApplicationScoped
public class OrderWatchdog {
  static final int MAX_PER_RUN = 500;

  private final CommandRunner runner;
  private final OrderService orders;

  public OrderWatchdog(CommandRunner runner, OrderService orders) {
    this.runner = runner;
    this.orders = orders;
  }

  @Scheduled(every = "${cart.checkout.watchdog-interval:10s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduled() {
    return rejectOverdue().invoke(n -> {
      if (n > 0) {
        Log.infof("rejected %d order(s) that got no answer from stock-service in time", n);
      }
    }).replaceWithVoid();
  }

  /** Rejects overdue orders one transaction at a time; returns how many it looked at. */
  public Uni<Integer> rejectOverdue() {
    return runner.runJobs(orders::expireOneOverdue, MAX_PER_RUN);
  }
}
