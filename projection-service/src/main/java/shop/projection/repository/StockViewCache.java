package shop.projection.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import shop.projection.api.LocationStockItem;
import shop.projection.repository.StockViewRepository.Level;

/**
 * Hot stock lists per location in Redis: one hash {@code proj:stock:<locationId>}, one field per product holding
 * {@code <version>|<item JSON>}. Every write keeps a field's newest version (a Lua script compares them), so the
 * projection's writes and readers' fills can interleave in any order, across instances, without a stale level winning.
 * A hash is complete only once a fill (the whole location read from PostgreSQL) has marked it; until then a read is a
 * miss. Product names are copied in: a renamed product's hashes are dropped by the catalogue projection.
 */
@Singleton // not proxied: the shared base class has no no-args constructor
public class StockViewCache extends RedisCache {
  public static final String PREFIX = "proj:stock:";
  static final String COMPLETE = "_complete";

  /** Sets one field if its version is newer; gives a new hash the TTL. ARGV: ttl, then (field, version, json)... */
  private static final String MERGE = """
      local created = redis.call('EXISTS', KEYS[1]) == 0
      for i = 3, #ARGV, 3 do
        local cur = redis.call('HGET', KEYS[1], ARGV[i])
        if (not cur) or tonumber(string.match(cur, '^(%d+)|')) < tonumber(ARGV[i + 1]) then
          redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1] .. '|' .. ARGV[i + 2])
        end
      end
      if ARGV[2] == 'complete' then
        redis.call('HSET', KEYS[1], '_complete', '1')
        redis.call('EXPIRE', KEYS[1], ARGV[1])
      elseif created then
        redis.call('EXPIRE', KEYS[1], ARGV[1])
      end
      return 1
      """;

  private final ObjectMapper json;

  public StockViewCache(ReactiveRedisDataSource redis, ObjectMapper json, MeterRegistry registry) {
    super(redis, registry, "stock", PREFIX);
    this.json = json;
  }

  /** The location's stock by name, or null on a miss or when Redis fails. */
  public Uni<List<LocationStockItem>> get(String locationId) {
    return guarded(redis.hash(String.class).hgetall(PREFIX + locationId).map(fields -> {
      boolean complete = fields.containsKey(COMPLETE);
      count(complete ? "hit" : "miss");
      return complete ? items(fields) : null;
    }), "error", null);
  }

  /** Writes levels of one location the projection just committed (each kept only if newer than the cached one). */
  public Uni<Void> put(String locationId, List<Level> levels) {
    return merge(locationId, levels, false);
  }

  /** Fills the cache with the whole location after a miss; newer levels already cached are kept. */
  public Uni<Void> fill(String locationId, List<Level> levels) {
    return merge(locationId, levels, true);
  }

  /** Drops the locations' lists (they show a product whose name changed); they refill on the next read. */
  public Uni<Void> drop(List<String> locationIds) {
    return locationIds.isEmpty() ? Uni.createFrom().voidItem()
        : guarded(redis.execute("UNLINK", locationIds.stream().map(l -> PREFIX + l).toArray(String[]::new))
            .replaceWithVoid(), "write-error", null);
  }

  private Uni<Void> merge(String locationId, List<Level> levels, boolean complete) {
    List<String> args = new ArrayList<>(List.of("EVAL", MERGE, "1", PREFIX + locationId,
        Long.toString(TTL.toSeconds()), complete ? "complete" : "partial"));
    for (Level l : levels) {
      args.add(l.item().productId());
      args.add(Long.toString(l.version()));
      args.add(write(l.item()));
    }
    String command = args.remove(0);
    return guarded(redis.execute(command, args.toArray(String[]::new)).replaceWithVoid(), "write-error", null);
  }

  private List<LocationStockItem> items(Map<String, String> fields) {
    List<LocationStockItem> items = new ArrayList<>(fields.size());
    fields.forEach((field, value) -> {
      if (!COMPLETE.equals(field)) {
        items.add(read(value.substring(value.indexOf('|') + 1)));
      }
    });
    items.sort(LocationStockItem.BY_NAME);
    return items;
  }

  private String write(LocationStockItem item) {
    try {
      return json.writeValueAsString(item);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private LocationStockItem read(String s) {
    try {
      return json.readValue(s, LocationStockItem.class);
    } catch (Exception e) {
      throw new IllegalStateException("unreadable cached stock level", e);
    }
  }
}
