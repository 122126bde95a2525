package shop.stock.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import shop.platform.command.CommandRunner;

/**
 * Gives back the units of reservations never committed by their expiry ({@code reservation.expired.v1}), exactly once
 * even with several instances: each reservation is taken in its own transaction with {@code FOR UPDATE SKIP LOCKED},
 * through the command runner (lock and statement timeouts; the relay woken after the commit).
 */
@ApplicationScoped
public class ReservationSweeper {
  /** Most reservations expired per run, so one run stays short. */
  static final int MAX_PER_RUN = 500;

  private final CommandRunner runner;
  private final ReservationService reservations;
  private final Counter expired;

  public ReservationSweeper(CommandRunner runner, ReservationService reservations, MeterRegistry registry) {
    this.runner = runner;
    this.reservations = reservations;
    this.expired = Counter.builder("stock.reservations.expired")
        .description("Holds released because their order was not confirmed in time").register(registry);
  }

  @Scheduled(every = "${stock.reservations.sweep-interval:5s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduled() {
    return expireDue().invoke(n -> {
      if (n > 0) {
        Log.infof("released %d expired reservation(s)", n);
      }
    }).replaceWithVoid();
  }

  /** Expires due reservations one transaction at a time; returns how many. */
  public Uni<Integer> expireDue() {
    return runner.runJobs(reservations::expireOne, MAX_PER_RUN).invoke(n -> expired.increment(n)); // after the commits
  }
}
