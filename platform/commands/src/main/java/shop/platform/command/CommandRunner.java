package shop.platform.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import shop.platform.CommandConfig;
import shop.platform.Json;
import shop.platform.PgErrors;
import shop.platform.TraceContext;
import shop.platform.Transactions;
import shop.platform.outbox.OutboxRelay;
import shop.platform.problem.ProblemException;

/**
 * Runs every command in one PostgreSQL transaction with the lock and statement timeouts, and the Idempotency-Key
 * handling: a retry with the same key and request replays the stored response without running the command again;
 * the same key with another request is {@code 422 idempotency-key-reused}. Lock or statement timeouts become
 * {@code 503 unavailable}. After a command commits, the outbox relay is woken to publish its events right away.
 *
 * <p>Statements that do not depend on each other's results are sent together (the reactive client pipelines them on
 * the connection), so a command costs few round trips.
 */
@ApplicationScoped
public class CommandRunner {
  /**
   * The work of a command inside its transaction. {@code traceparent} is the W3C trace context of the request that
   * issued it (or null), captured when the command started: database callbacks run on the connection's context, where
   * {@code Span.current()} would name another request.
   */
  @FunctionalInterface
  public interface Command {
    Uni<Reply> apply(SqlConnection conn, String traceparent);
  }

  /** What a command produced: HTTP status, the response object, the Location and ETag headers (or null). */
  public record Reply(int status, Object body, String location, String etag) {
    public Reply(int status, Object body, String location) {
      this(status, body, location, null);
    }
  }

  private final Pool pool;
  private final IdempotencyRepository keys;
  private final Json json;
  private final String lockTimeout;
  private final String statementTimeout;

  private final OutboxRelay relay;
  private final TraceContext trace;

  public CommandRunner(Pool pool, IdempotencyRepository keys, Json json, CommandConfig config,
      OutboxRelay relay, TraceContext trace) {
    this.pool = pool;
    this.trace = trace;
    this.relay = relay;
    this.keys = keys;
    this.json = json;
    this.lockTimeout = config.lockTimeout().toMillis() + "ms";
    this.statementTimeout = config.statementTimeout().toMillis() + "ms";
  }

  /**
   * @param idempotencyKey the client's key, or null
   * @param request what identifies the request for the key: operation name, path arguments and body
   */
  public Uni<CommandResult> run(String idempotencyKey, List<Object> request,
      Command command) {
    String fingerprint = idempotencyKey == null ? null : fingerprint(request);
    String traceparent = trace.currentTraceparent();
    return Transactions.run(pool, conn -> Uni.combine().all().unis(timeouts(conn),
        idempotencyKey == null ? Uni.createFrom().nullItem() : keys.claim(conn, idempotencyKey, fingerprint))
        .with((timeouts, claimed) -> (IdempotencyRepository.Stored) claimed)
        .chain(stored -> {
          if (stored != null) {
            if (!stored.fingerprint().equals(fingerprint)) {
              throw ProblemException.idempotencyKeyReused();
            }
            return Uni.createFrom().item(stored.result());
          }
          return command.apply(conn, traceparent).chain(reply -> {
            CommandResult result = new CommandResult(reply.status(), json.write(reply.body()), reply.location(),
                reply.etag(), false);
            return idempotencyKey == null
                ? Uni.createFrom().item(result)
                : keys.complete(conn, idempotencyKey, result).replaceWith(result);
          });
        }))
        .onFailure(PgErrors::isTransient).transform(e -> ProblemException.unavailable(
            "busy (lock or statement timeout); retry shortly"))
        .invoke(result -> {
          if (!result.replayed()) {
            relay.wake();
          }
        });
  }

  /**
   * A change the service makes by itself (a scheduled job), with the same transaction, lock and statement timeouts
   * and relay wake-up as a client's command, but no Idempotency-Key and no HTTP reply: a failure reaches the job as
   * it is (the job logs it and tries at its next run).
   */
  public <T> Uni<T> runJob(Function<SqlConnection, Uni<T>> work) {
    return Transactions.run(pool, conn -> timeouts(conn).chain(() -> work.apply(conn))).invoke(relay::wake);
  }

  /**
   * A job's unit of work repeated, each in its own transaction ({@link #runJob}), until it finds nothing more to do
   * (answers false) or has run {@code max} times, so one run of a scheduled job stays short; how many units it did.
   */
  public Uni<Integer> runJobs(Function<SqlConnection, Uni<Boolean>> one, int max) {
    return runJobs(one, max, 0);
  }

  private Uni<Integer> runJobs(Function<SqlConnection, Uni<Boolean>> one, int max, int done) {
    if (done >= max) {
      return Uni.createFrom().item(done);
    }
    return runJob(one).chain(found -> found ? runJobs(one, max, done + 1) : Uni.createFrom().item(done));
  }

  private Uni<?> timeouts(SqlConnection conn) {
    return conn.preparedQuery("select set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true)")
        .execute(Tuple.of(lockTimeout, statementTimeout));
  }

  private String fingerprint(List<Object> request) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.write(request)
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot fingerprint request", e);
    }
  }
}
