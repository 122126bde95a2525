package shop.projection.messaging;

import java.util.List;
import java.util.Set;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A read model fed by one topic. Besides its live consumer, each projection can replay an event into whatever tables
 * the connection's {@code search_path} names first, which is how a rebuild fills fresh tables with the very same code.
 */
public interface Projection {
  /** The read model's name, as in {@code /projections/{name}}. */
  String name();

  /** The topic it is built from. */
  String topic();

  /** Its tables, in the order they are locked (the order its live consumer writes them). */
  List<String> tables();

  /** The event types it applies; others are skipped. */
  Set<String> handledTypes();

  /**
   * Applies one event to the tables the connection sees, inside the caller's transaction, with no other effect (no
   * cache, no lag): an outcome word such as {@code applied} or {@code duplicate}.
   */
  Uni<String> replay(SqlConnection conn, EventRecord event);

  /** Called after a rebuild swapped new tables in: drop cached copies of the old ones. */
  Uni<Void> rebuilt();
}
