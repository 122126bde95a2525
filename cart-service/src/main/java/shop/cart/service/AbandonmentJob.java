package shop.cart.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

import shop.cart.config.CartConfig;
import shop.cart.repository.CartEventStore;
import shop.cart.repository.CartIndexRepository;
import shop.platform.command.CommandRunner;

/**
 * Turns open carts without activity for {@code cart.abandon-after} into abandoned carts ({@code cart.abandoned.v1}),
 * exactly once even with several instances: each cart is taken in its own transaction with {@code FOR UPDATE SKIP
 * LOCKED}, and the event store's version check refuses a second append anyway. Each runs through the command
 * runner, so it has the commands' lock and statement timeouts and its event is published right after the commit.
 */
@ApplicationScoped
public class AbandonmentJob {
  /** Most carts closed per run, so one run stays short. */
  static final int MAX_PER_RUN = 500;

  private final CommandRunner runner;
  private final CartIndexRepository index;
  private final CartEventStore store;
  private final CartWriter writer;
  private final CartConfig config;

  public AbandonmentJob(CommandRunner runner, CartIndexRepository index, CartEventStore store,
      CartWriter writer, CartConfig config) {
    this.runner = runner;
    this.index = index;
    this.store = store;
    this.writer = writer;
    this.config = config;
  }

  @Scheduled(every = "${cart.abandon-check-interval}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduled() {
    return abandonIdleCarts().invoke(n -> {
      if (n > 0) {
        Log.infof("abandoned %d idle cart(s)", n);
      }
    }).replaceWithVoid();
  }

  /** Abandons idle carts one transaction at a time; returns how many. */
  public Uni<Integer> abandonIdleCarts() {
    return runner.runJobs(conn -> index.lockOneIdle(conn, config.abandonAfter()).chain(idle -> {
      if (idle == null) {
        return Uni.createFrom().item(false);
      }
      return store.load(conn, idle.cartId()).chain(cart -> writer
          .persistSystemChange(conn, "abandon", cart, cart.abandon(idle.lastActivityAt()))).replaceWith(true);
    }), MAX_PER_RUN);
  }
}
