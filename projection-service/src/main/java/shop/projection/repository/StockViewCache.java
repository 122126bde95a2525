package shop.projection.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

import shop.platform.Json;
import shop.projection.api.LocationStockItem;
import shop.projection.config.ProjectionConfig;
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

  /**
   * For each key (a location's hash), sets each given field only if its version is newer than the cached one, and
   * gives a hash it creates the TTL. ARGV: ttl, mode ({@code complete}: a fill of the whole location, which marks the
   * hash complete and renews the TTL), then per key: its number of fields n, then n × (field, version, json).
   */
  private static final String MERGE = """
      local at = 3
      for k = 1, #KEYS do
        local key = KEYS[k]
        local created = redis.call('EXISTS', key) == 0
        local n = tonumber(ARGV[at])
        at = at + 1
        for i = 1, n do
          local field, version = ARGV[at], ARGV[at + 1]
          local cur = redis.call('HGET', key, field)
          if (not cur) or tonumber(string.match(cur, '^(%d+)|')) < tonumber(version) then
            redis.call('HSET', key, field, version .. '|' .. ARGV[at + 2])
          end
          at = at + 3
        end
        if ARGV[2] == 'complete' then
          redis.call('HSET', key, '_complete', '1')
          redis.call('EXPIRE', key, ARGV[1])
        elseif created then
          redis.call('EXPIRE', key, ARGV[1])
        end
      end
      return 1
      """;

  private final Json json;

  public StockViewCache(ReactiveRedisDataSource redis, Json json, MeterRegistry registry, ProjectionConfig config) {
    super(redis, registry, config.cache(), "stock", PREFIX);
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

  /**
   * Writes the levels the projection just committed, grouped by location, in one call (each level kept only if newer
   * than the cached one).
   */
  public Uni<Void> put(Map<String, List<Level>> levelsByLocation) {
    return merge(levelsByLocation, false);
  }

  /** Fills the cache with the whole location after a miss; newer levels already cached are kept. */
  public Uni<Void> fill(String locationId, List<Level> levels) {
    return merge(Map.of(locationId, levels), true);
  }

  /** Drops the locations' lists (they show a product whose name changed); they refill on the next read. */
  public Uni<Void> drop(List<String> locationIds) {
    return locationIds.isEmpty()
        ? Uni.createFrom().voidItem()
        : guarded(redis.execute("UNLINK", locationIds.stream().map(l -> PREFIX + l).toArray(String[]::new))
            .replaceWithVoid(), "write-error", null);
  }

  private Uni<Void> merge(Map<String, List<Level>> levelsByLocation, boolean complete) {
    if (levelsByLocation.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<String> keys = new ArrayList<>();
    List<String> args = new ArrayList<>(List.of(Long.toString(ttl.toSeconds()), complete ? "complete" : "partial"));
    levelsByLocation.forEach((location, levels) -> {
      keys.add(PREFIX + location);
      args.add(Integer.toString(levels.size()));
      for (Level l : levels) {
        args.add(l.item().productId());
        args.add(Long.toString(l.version()));
        args.add(json.write(l.item()));
      }
    });
    List<String> command = new ArrayList<>();
    command.add(MERGE);
    command.add(Integer.toString(keys.size()));
    command.addAll(keys);
    command.addAll(args);
    return guarded(redis.execute("EVAL", command.toArray(String[]::new)).replaceWithVoid(), "write-error", null);
  }

  private List<LocationStockItem> items(Map<String, String> fields) {
    List<LocationStockItem> items = new ArrayList<>(fields.size());
    fields.forEach((field, value) -> {
      if (!COMPLETE.equals(field)) {
        items.add(json.readStored(value.substring(value.indexOf('|') + 1), LocationStockItem.class));
      }
    });
    items.sort(LocationStockItem.BY_NAME);
    return items;
  }
}
