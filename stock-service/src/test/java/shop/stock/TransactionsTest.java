package shop.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.TransactionRollbackException;

import shop.platform.Transactions;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;

/**
 * {@link Transactions#run} (BEGIN sent with the first statements, the last ones with COMMIT) keeps what
 * Pool.withTransaction promises: all or nothing, the first failure reported, a failed statement never committed
 * around, the connection clean afterwards.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class TransactionsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Inject
  Pool pool;

  @BeforeEach
  void probeTable() {
    pool.query("create table if not exists tx_probe (id int primary key)").execute().await().atMost(WAIT);
    pool.query("truncate tx_probe").execute().await().atMost(WAIT);
  }

  @Test
  void theWorkIsCommittedAsAWhole() {
    String answer = Transactions.run(pool, conn -> insert(conn, 1).chain(() -> insert(conn, 2)).replaceWith("done"))
        .await().atMost(WAIT);

    assertThat(answer).isEqualTo("done");
    assertThat(rows()).isEqualTo(2);
  }

  @Test
  void aFailingWorkLeavesNothingAndItsFailureIsReported() {
    assertThatThrownBy(() -> Transactions.run(pool, conn -> insert(conn, 1).chain(() -> insert(conn, 1)))
        .await().atMost(WAIT)).isInstanceOf(PgException.class).hasMessageContaining("duplicate key");

    assertThat(rows()).isZero();
  }

  @Test
  void aWorkThatSwallowsAFailedStatementIsNotCommitted() {
    assertThatThrownBy(() -> Transactions.run(pool, conn -> insert(conn, 1)
        .chain(() -> insert(conn, 1).onFailure().recoverWithNull())
        .chain(() -> Uni.createFrom().item("carried on")))
        .await().atMost(WAIT)).isInstanceOf(TransactionRollbackException.class);

    assertThat(rows()).isZero();
  }

  @Test
  void aFailedTransactionLeavesNoConnectionInsideIt() {
    for (int i = 0; i < 40; i++) { // twice the pool: every connection has failed once
      Transactions.run(pool, conn -> conn.query("select 1/0").execute()).onFailure().recoverWithNull()
          .await().atMost(WAIT);
    }

    for (int i = 0; i < 40; i++) {
      int id = i;
      Transactions.run(pool, conn -> insert(conn, id)).await().atMost(WAIT);
    }
    assertThat(rows()).isEqualTo(40);
  }

  @Test
  void theLastStatementsGoOutWithTheCommitAndAreCommittedWithTheWork() {
    String answer = Transactions.runEnding(pool, conn -> insert(conn, 1)
        .replaceWith(new Transactions.Ending<>("done", Uni.combine().all().unis(insert(conn, 2), insert(conn, 3))
            .discardItems())))
        .await().atMost(WAIT);

    assertThat(answer).isEqualTo("done");
    assertThat(rows()).isEqualTo(3);
  }

  @Test
  void aFailingLastStatementLeavesNothingAndTheFirstFailureIsReported() {
    assertThatThrownBy(() -> Transactions.runEnding(pool, conn -> insert(conn, 1)
        .replaceWith(new Transactions.Ending<>("done", Uni.combine().all().unis(insert(conn, 2), insert(conn, 1),
            conn.query("select 1/0").execute()).discardItems())))
        .await().atMost(WAIT)).isInstanceOf(PgException.class).hasMessageContaining("duplicate key");

    assertThat(rows()).isZero();
  }

  @Test
  void aFailedLastStatementLeavesNoConnectionInsideIt() {
    for (int i = 0; i < 40; i++) { // twice the pool
      Transactions.runEnding(pool, conn -> Uni.createFrom().item(new Transactions.Ending<>("x",
          conn.query("select 1/0").execute()))).onFailure().recoverWithNull().await().atMost(WAIT);
    }

    for (int i = 0; i < 40; i++) {
      int id = i;
      Transactions.runEnding(pool, conn -> Uni.createFrom().item(new Transactions.Ending<>("x", insert(conn, id))))
          .await().atMost(WAIT);
    }
    assertThat(rows()).isEqualTo(40);
  }

  @Test
  void lastStatementsThatFailBeforeReachingTheDatabaseRollEverythingBack() {
    assertThatThrownBy(() -> Transactions.runEnding(pool, conn -> insert(conn, 1)
        .replaceWith(new Transactions.Ending<>("done", Uni.combine().all().unis(
            Uni.createFrom().failure(new IllegalStateException("refused by the client")), insert(conn, 2))
            .discardItems())))
        .await().atMost(WAIT)).isInstanceOf(IllegalStateException.class).hasMessage("refused by the client");

    assertThat(rows()).isZero();
  }

  @Test
  void aLastStatementCheckedInJavaAfterTheCommitIsReportedAsCommitted() {
    assertThatThrownBy(() -> Transactions.runEnding(pool, conn -> insert(conn, 1)
        .replaceWith(new Transactions.Ending<>("done", insert(conn, 2).invoke(() -> {
          throw new IllegalStateException("too late");
        }))))
        .await().atMost(WAIT)).isInstanceOf(Transactions.CommittedDespiteAFailure.class)
        .hasRootCauseMessage("too late");

    assertThat(rows()).isEqualTo(2);
  }

  private static Uni<Void> insert(SqlConnection conn, int id) {
    return conn.query("insert into tx_probe values (" + id + ")").execute().replaceWithVoid();
  }

  private long rows() {
    return pool.query("select count(*) from tx_probe").execute().await().atMost(WAIT).iterator().next().getLong(0);
  }
}
