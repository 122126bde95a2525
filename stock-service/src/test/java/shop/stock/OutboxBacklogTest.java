package shop.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import shop.platform.outbox.OutboxRepository;
import shop.platform.outbox.OutboxRepository.Backlog;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;

/**
 * The backlog gauges (outbox_backlog, outbox_oldest_age_seconds) read the outbox's oldest rows up to a limit: the
 * rows are counted, the oldest one's age is right, and the limit caps the count (not the age). Rows written in a
 * transaction that is rolled back, so the relay never sees them; the transaction reads one snapshot (repeatable
 * read), so rows the relay publishes meanwhile do not move the counts.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class OutboxBacklogTest {
  @Inject
  OutboxRepository outbox;
  @Inject
  Pool pool;

  record Counts(Backlog before, Backlog after, Backlog limited) {
  }

  @Test
  void givenThreeWaitingRowsTheOldestAnHourOldWhenTheBacklogIsReadThenItCountsThemUpToTheLimit() {
    Counts counts = pool.getConnection().chain(conn -> conn.begin().chain(tx -> conn
        .query("set transaction isolation level repeatable read").execute()
        .chain(() -> outbox.backlog(conn))
        .chain(before -> insertRows(conn)
            // when the backlog is read, in full and with a limit of two rows
            .chain(() -> outbox.backlog(conn))
            .chain(after -> outbox.backlog(conn, 2).map(limited -> new Counts(before, after, limited))))
        .eventually(tx::rollback))
        .eventually(conn::close))
        .await().atMost(Duration.ofSeconds(10));

    // then the three rows are counted, the oldest is an hour old, and the limit caps the count
    assertThat(counts.after().rows()).isEqualTo(counts.before().rows() + 3);
    assertThat(counts.after().oldestAgeSeconds()).isBetween(3600.0, 3660.0);
    assertThat(counts.limited().rows()).isEqualTo(2);
    if (counts.before().rows() == 0) { // then the two oldest are ours: the capped read still sees the oldest
      assertThat(counts.limited().oldestAgeSeconds()).isBetween(3600.0, 3660.0);
    }
  }

  /** Given three rows waiting, the first written an hour ago. */
  private static Uni<Void> insertRows(SqlConnection conn) {
    return conn.query("insert into outbox (event_id, topic, record_key, event_type, subject, payload, created_at) "
        + "select gen_random_uuid(), 'backlog-test', 'k', 'test.v1', 's', '{}', "
        + "clock_timestamp() - make_interval(hours => case when n = 1 then 1 else 0 end) "
        + "from generate_series(1, 3) n order by n").execute().replaceWithVoid();
  }
}
