package shop.bench;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;

/** A trivial read of one Redis key ({@code bench:one}): the ceiling for a read model served from Redis. */
@Path("/redis")
public class RedisResource {
  private final ReactiveValueCommands<String, String> values;

  public RedisResource(ReactiveRedisDataSource redis) {
    this.values = redis.value(String.class);
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<String> read() {
    return values.get("bench:one");
  }
}
