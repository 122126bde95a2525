package shop.platform.command;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import shop.platform.CommandConfig;

/** Forgets Idempotency-Keys older than {@code shop.idempotency.retention}; safe to run on every instance. */
@ApplicationScoped
public class IdempotencyPurge {
  private final Pool pool;
  private final IdempotencyRepository keys;
  private final CommandConfig config;

  public IdempotencyPurge(Pool pool, IdempotencyRepository keys, CommandConfig config) {
    this.pool = pool;
    this.keys = keys;
    this.config = config;
  }

  @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  public Uni<Void> purge() {
    return keys.purgeOlderThan(pool, config.idempotency().retention())
        .invoke(n -> {
          if (n > 0) {
            Log.infof("forgot %d idempotency key(s) older than %s", n, config.idempotency().retention());
          }
        })
        .replaceWithVoid();
  }
}
