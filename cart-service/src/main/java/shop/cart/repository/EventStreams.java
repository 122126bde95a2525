package shop.cart.repository;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.events.EventCatalog;
import shop.platform.Json;
import shop.platform.PgErrors;

/**
 * The append of cart-service's event stores (carts and orders): one statement for all of a command's events, at the
 * versions after {@code expectedVersion}; the table's {@code unique (<stream>_id, version)} refuses a stale writer.
 */
final class EventStreams {
  private EventStreams() {
  }

  /**
   * @param stream {@code cart} or {@code order}: the table is {@code <stream>_event}, its id column
   *        {@code <stream>_id}, its version constraint {@code <stream>_event_version_key}
   * @param conflict the exception a stale append becomes
   */
  static Uni<Void> append(SqlClient sql, Json json, String stream, String streamId, long expectedVersion,
      List<?> events, String metadata, Function<Throwable, RuntimeException> conflict) {
    int n = events.size();
    UUID[] ids = new UUID[n];
    Long[] versions = new Long[n];
    String[] types = new String[n];
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = UUID.randomUUID();
      versions[i] = expectedVersion + i + 1;
      types[i] = EventCatalog.typeOf(events.get(i));
      payloads[i] = json.write(events.get(i));
    }
    return sql.preparedQuery("insert into " + stream + "_event (event_id, " + stream + "_id, version, type, payload, "
        + "metadata) select e.id, $1, e.version, e.type, e.payload, $6 from unnest($2::uuid[], $3::int8[], "
        + "$4::text[], $5::text[]) as e(id, version, type, payload)")
        .execute(Tuple.from(List.of(streamId, ids, versions, types, payloads, metadata)))
        .onFailure(e -> PgErrors.isConstraint(e, stream + "_event_version_key")).transform(conflict)
        .replaceWithVoid();
  }
}
