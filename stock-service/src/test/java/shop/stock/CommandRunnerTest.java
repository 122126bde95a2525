package shop.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

import shop.platform.command.CommandResult;
import shop.platform.command.CommandRunner;
import shop.platform.command.CommandRunner.Reply;
import shop.platform.problem.ProblemException;
import shop.testsupport.KafkaBrokerResource;
import shop.testsupport.PostgresDatabaseResource;

/**
 * {@link CommandRunner}'s two-step commands: the read step goes with BEGIN and the key's claim, the writes with the
 * stored response and COMMIT; all or nothing, and a replay that does not depend on the read step.
 */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = @ResourceArg(name = "database", value = "stock_test"))
@WithTestResource(KafkaBrokerResource.class)
class CommandRunnerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Inject
  CommandRunner commands;

  @Inject
  Pool pool;

  @BeforeEach
  void probeTable() {
    pool.query("create table if not exists command_probe (id int primary key)").execute().await().atMost(WAIT);
    pool.query("truncate command_probe").execute().await().atMost(WAIT);
  }

  @Test
  void theWritesAreCommittedWithTheStoredResponseAndARetryReplaysIt() {
    String key = UUID.randomUUID().toString();

    CommandResult first = insertCommand(key, 1).await().atMost(WAIT);
    CommandResult retry = insertCommand(key, 1).await().atMost(WAIT);

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.replayed()).isFalse();
    assertThat(retry.replayed()).isTrue();
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void aFailedWriteLeavesNothingAndFreesTheKey() {
    insert(1);
    String key = UUID.randomUUID().toString();

    assertThatThrownBy(() -> insertCommand(key, 1).await().atMost(WAIT))
        .isInstanceOf(PgException.class).hasMessageContaining("duplicate key");
    pool.query("truncate command_probe").execute().await().atMost(WAIT);
    CommandResult retry = insertCommand(key, 1).await().atMost(WAIT);

    assertThat(retry.replayed()).isFalse();
    assertThat(rows()).isEqualTo(1);
  }

  @Test
  void aReplayDoesNotDependOnTheReadStep() {
    String key = UUID.randomUUID().toString();
    CommandResult first = insertCommand(key, 1).await().atMost(WAIT);

    CommandResult retry = commands.run(key, List.of("probe", 1),
        conn -> Uni.createFrom().failure(new IllegalStateException("gone since")),
        (conn, trace, read) -> Uni.createFrom().item(new Reply(201, Map.of("id", 1), null)))
        .await().atMost(WAIT);

    assertThat(retry.replayed()).isTrue();
    assertThat(retry.body()).isEqualTo(first.body());
  }

  @Test
  void aReadStepThatFailsFailsTheCommandWithItsOwnFailure() {
    assertThatThrownBy(() -> commands.run(UUID.randomUUID().toString(), List.of("probe", 9),
        conn -> conn.query("select 1/0").execute(),
        (conn, trace, read) -> Uni.createFrom().item(new Reply(201, Map.of("id", 9), null)))
        .await().atMost(WAIT)).isInstanceOf(PgException.class).hasMessageContaining("division by zero");
  }

  @Test
  void theSameKeyWithAnotherRequestIsRefused() {
    String key = UUID.randomUUID().toString();
    insertCommand(key, 1).await().atMost(WAIT);

    assertThatThrownBy(() -> insertCommand(key, 2).await().atMost(WAIT))
        .isInstanceOfSatisfying(ProblemException.class,
            e -> assertThat(e.problem().code()).isEqualTo(ProblemException.IDEMPOTENCY_KEY_REUSED));
    assertThat(rows()).isEqualTo(1);
  }

  /** Reads the row count with the claim, then inserts row {@code id} with COMMIT. */
  private Uni<CommandResult> insertCommand(String key, int id) {
    return commands.run(key, List.of("probe", id),
        conn -> conn.query("select count(*) from command_probe").execute()
            .map(rows -> rows.iterator().next().getLong(0)),
        (conn, trace, count) -> Uni.createFrom().item(new Reply(201, Map.of("id", id, "before", count), null)
            .withWrites(insertStatement(conn, id))));
  }

  private static Uni<?> insertStatement(SqlConnection conn, int id) {
    return conn.query("insert into command_probe values (" + id + ")").execute();
  }

  private void insert(int id) {
    pool.query("insert into command_probe values (" + id + ")").execute().await().atMost(WAIT);
  }

  private long rows() {
    return pool.query("select count(*) from command_probe").execute().await().atMost(WAIT).iterator().next()
        .getLong(0);
  }
}
