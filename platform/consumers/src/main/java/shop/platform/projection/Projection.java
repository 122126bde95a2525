package shop.platform.projection;

import java.util.List;
import java.util.Set;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.platform.messaging.EventRecord;

/**
 * A read model fed by a topic (or several). Besides its live consumer, each projection can replay an event into whatever tables
 * the connection's {@code search_path} names first, which is how a rebuild fills fresh tables with the very same code.
 */
public interface Projection {
  /** The read model's name, as in {@code /projections/{name}}. */
  String name();

  /** The topic it is built from. */
  String topic();

  /** Every topic it is built from (a rebuild reads them all back); its own topic unless it has several. */
  default List<String> topics() {
    return List.of(topic());
  }

  /** Its tables, in the order they are locked (the order its live consumer writes them). */
  List<String> tables();

  /** The event types it applies; others are skipped. */
  Set<String> handledTypes();

  /**
   * Applies one event to the tables the connection sees, inside the caller's transaction, with no other effect (no
   * cache, no lag): an outcome word such as {@code applied} or {@code duplicate}.
   */
  Uni<String> replay(SqlConnection conn, EventRecord event);

  /**
   * Events received but not applied yet because an earlier one is missing (a gap), and when the oldest of them was
   * set aside; none for a projection that applies every event as it comes.
   */
  default Uni<Waiting> waiting(SqlClient sql) {
    return Uni.createFrom().item(Waiting.NONE);
  }

  /** How many events wait for a gap to fill, and since when the oldest waits (null when none). */
  record Waiting(long events, java.time.Instant oldestSince) {
    public static final Waiting NONE = new Waiting(0, null);
  }

  /** Called after a rebuild swapped new tables in: drop cached copies of the old ones. */
  Uni<Void> rebuilt();
}
