package shop.projection.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Reports the Redis cache without taking the service out of rotation: with Redis down, every query is still answered
 * from PostgreSQL, so readiness stays UP and says {@code cache: down (serving from PostgreSQL)}.
 */
@Readiness
@ApplicationScoped
public class RedisCacheHealthCheck implements AsyncHealthCheck {
  private final ReactiveRedisDataSource redis;

  public RedisCacheHealthCheck(ReactiveRedisDataSource redis) {
    this.redis = redis;
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    return redis.execute("PING").ifNoItem().after(Duration.ofMillis(500)).fail()
        .map(r -> HealthCheckResponse.named("Redis cache").up().withData("cache", "up").build())
        .onFailure().recoverWithItem(e -> HealthCheckResponse.named("Redis cache").up()
            .withData("cache", "down (serving from PostgreSQL)").build());
  }
}
