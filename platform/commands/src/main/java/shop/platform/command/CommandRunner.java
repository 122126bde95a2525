package shop.platform.command;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
 * the connection). A command written in two steps ({@link #run(String, List, Function, Decide)}) costs two round
 * trips: its reads and locks go out with {@code BEGIN}, the timeouts and the key's claim; its writes ({@link
 * Reply#writes}) go out with the key's stored response and {@code COMMIT}.
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

  /**
   * The decision of a two-step command, taken on what its {@code read} step read (inside the transaction, locks held).
   * It may read more when it needs to; its writes belong in {@link Reply#writes}.
   */
  @FunctionalInterface
  public interface Decide<R> {
    Uni<Reply> apply(SqlConnection conn, String traceparent, R read);
  }

  /**
   * What a command produced: HTTP status, the response object, the Location and ETag headers (or null), and its
   * writes: statements not sent yet (a lazy {@link Uni}, or null when the command wrote as it went), which go out
   * together with the Idempotency-Key's response and {@code COMMIT}. A write that fails fails the command, as one made
   * before the reply would.
   */
  public record Reply(int status, Object body, String location, String etag, Uni<?> writes) {
    public Reply(int status, Object body, String location, String etag) {
      this(status, body, location, etag, null);
    }

    public Reply(int status, Object body, String location) {
      this(status, body, location, null, null);
    }

    /** The same reply, with these writes to send with {@code COMMIT}. */
    public Reply withWrites(Uni<?> pending) {
      return new Reply(status, body, location, etag, pending);
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
  public Uni<CommandResult> run(String idempotencyKey, List<Object> request, Command command) {
    return run(idempotencyKey, request, conn -> Uni.createFrom().nullItem(),
        (conn, traceparent, nothing) -> command.apply(conn, traceparent));
  }

  /**
   * A command in two steps: {@code read} (locks and reads, which must change nothing) is sent with {@code BEGIN}, the
   * timeouts and the key's claim; {@code decide} then answers from what it read, its writes going out with the key's
   * response and {@code COMMIT}. When the key was already used, what {@code read} read is dropped and the stored
   * response replayed (the read step has run all the same: a replay waits for the locks it takes).
   *
   * @param idempotencyKey the client's key, or null
   * @param request what identifies the request for the key: operation name, path arguments and body
   */
  public <R> Uni<CommandResult> run(String idempotencyKey, List<Object> request,
      Function<SqlConnection, Uni<R>> read, Decide<R> decide) {
    String fingerprint = idempotencyKey == null ? null : fingerprint(request);
    String traceparent = trace.currentTraceparent();
    // all three settled: a replay must not depend on the read step (a cart gone meanwhile, refused in Java, still
    // replays); when something failed, the cause is reported, not a statement refused because an earlier one failed
    return Transactions.runEnding(pool, conn -> Uni.combine().all().unis(settled(timeouts(conn)),
        settled(idempotencyKey == null ? Uni.createFrom().nullItem() : keys.claim(conn, idempotencyKey, fingerprint)),
        settled(read.apply(conn)))
        .with(results -> results)
        .chain(results -> {
          Outcome claimed = (Outcome) results.get(1);
          IdempotencyRepository.Stored stored = claimed.failure() == null
              ? (IdempotencyRepository.Stored) claimed.item()
              : null;
          if (stored != null) {
            if (!stored.fingerprint().equals(fingerprint)) {
              throw ProblemException.idempotencyKeyReused();
            }
            return Uni.createFrom().item(Transactions.Ending.of(stored.result()));
          }
          Throwable failure = cause(results);
          if (failure != null) {
            return Uni.createFrom().failure(failure);
          }
          @SuppressWarnings("unchecked")
          R readResult = (R) ((Outcome) results.get(2)).item();
          return decide.apply(conn, traceparent, readResult).map(reply -> {
            CommandResult result = new CommandResult(reply.status(), json.write(reply.body()), reply.location(),
                reply.etag(), false);
            List<Uni<?>> last = new ArrayList<>(2);
            if (reply.writes() != null) {
              last.add(reply.writes());
            }
            if (idempotencyKey != null) {
              last.add(keys.complete(conn, idempotencyKey, result));
            }
            return new Transactions.Ending<>(result, Transactions.together(last));
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

  /** What a statement (or step) gave: its item, or its failure. */
  private record Outcome(Object item, Throwable failure) {
  }

  private static Uni<Outcome> settled(Uni<?> step) {
    return step.onItemOrFailure().transform(Outcome::new);
  }

  /**
   * The failure to report among steps sent in this order: the first that is not PostgreSQL refusing a statement
   * because an earlier one failed; null when none failed.
   */
  private static Throwable cause(List<?> outcomes) {
    Throwable first = null;
    for (Object o : outcomes) {
      Throwable f = ((Outcome) o).failure();
      if (f != null && !PgErrors.isState(f, PgErrors.IN_FAILED_TRANSACTION)) {
        return f;
      }
      first = first == null ? f : first;
    }
    return first;
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
