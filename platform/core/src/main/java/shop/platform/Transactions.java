package shop.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.sqlclient.TransactionRollbackException;

/**
 * A transaction in as few round trips as the work allows: {@code BEGIN} goes out with the work's first statements, and
 * the work's last statements ({@link Ending#last}) go out with {@code COMMIT}, the reactive client pipelining them on
 * the connection. A work that reads, decides in Java and writes thus costs two round trips. Otherwise what
 * {@link Pool#withTransaction} promises: commit when the work and its last statements succeed; roll back and fail with
 * the first failure (in the order the statements were sent) when any fails; a statement that failed inside the work
 * makes the transaction roll back and fail with {@link TransactionRollbackException}, even if the work recovered from
 * it.
 *
 * <p>Why not {@link Pool#withTransaction}: Vert.x sends {@code COMMIT} only once every statement of the transaction
 * has answered, a round trip of its own. On these machines a round trip costs PostgreSQL about as much CPU as a simple
 * statement (a sale as seven round trips costs it 0.6 ms, the same sale as one call 0.3 ms: bench/README.md), and
 * every command, relay batch and consumer batch is a transaction. So {@code BEGIN}, {@code COMMIT} and
 * {@code ROLLBACK} are sent as plain statements here; nothing else in the services opens a transaction.
 */
public final class Transactions {
  /**
   * Ends the transaction. {@code select 1} first: in a transaction a failed statement aborted, it fails (and the
   * rest of the string is skipped), where a bare {@code COMMIT} would roll back without an error.
   */
  private static final String COMMIT = "select 1; commit";

  private Transactions() {
  }

  /**
   * What a unit of work ends with: its result, and its last statements, not sent yet (a lazy {@link Uni}, or null for
   * none), which go out together with {@code COMMIT}.
   *
   * <p>{@code COMMIT} is queued right behind them, before any of them answers, so {@code last} must send every
   * statement when subscribed (one statement, or several combined with {@code Uni.combine}, never a {@code chain}) and
   * must fail only where PostgreSQL fails (a check in Java on a statement's result comes too late: make PostgreSQL
   * check it). A statement the client refuses before sending it is caught when it fails at once (the transaction is
   * then rolled back); one that fails in Java after {@code COMMIT} succeeded is a programming error, logged and
   * reported as {@link CommittedDespiteAFailure}.
   */
  public record Ending<T>(T result, Uni<?> last) {
    public static <T> Ending<T> of(T result) {
      return new Ending<>(result, null);
    }

    /** The last statements sent now, in a transaction the caller ends (a rebuild's, a larger command's); the result. */
    public Uni<T> send() {
      return last == null ? Uni.createFrom().item(result) : last.replaceWith(result);
    }
  }

  /**
   * Statements to send together as a transaction's last ones: null for none, the one itself, or all of them combined
   * (failing with the first one's failure: those after it fail only because the transaction is aborted).
   */
  public static Uni<?> together(List<? extends Uni<?>> statements) {
    return statements.isEmpty()
        ? null
        : statements.size() == 1 ? statements.get(0) : Uni.combine().all().unis(statements).discardItems();
  }

  /** The work in a transaction: committed when it succeeds, rolled back when it fails. */
  public static <T> Uni<T> run(Pool pool, Function<SqlConnection, Uni<T>> work) {
    return runEnding(pool, conn -> work.apply(conn).map(Ending::of));
  }

  /** The work in a transaction, its last statements sent with {@code COMMIT}. */
  public static <T> Uni<T> runEnding(Pool pool, Function<SqlConnection, Uni<Ending<T>>> work) {
    return pool.withConnection(conn -> inOrder(List.of(conn.query("BEGIN").execute(),
        Uni.createFrom().deferred(() -> work.apply(conn))))
        .chain(results -> {
          @SuppressWarnings("unchecked")
          Ending<T> ending = (Ending<T>) results.get(1);
          if (ending.last() == null) {
            return conn.query(COMMIT).execute().replaceWith(ending.result());
          }
          // subscribed here, on the connection's event loop: a statement the client refuses fails before COMMIT goes
          CompletableFuture<?> last = ending.last().subscribeAsCompletionStage();
          if (last.isCompletedExceptionally()) {
            return Uni.createFrom().completionStage(last).replaceWith(ending.result());
          }
          AtomicBoolean committed = new AtomicBoolean();
          return inOrder(List.of(Uni.createFrom().completionStage(last),
              conn.query(COMMIT).execute().invoke(() -> committed.set(true))))
              .onFailure(e -> committed.get()).transform(e -> {
                Log.errorf(e, "a transaction committed although one of its last statements failed in the client");
                return new CommittedDespiteAFailure(e);
              })
              .replaceWith(ending.result());
        })
        .onFailure(e -> !(e instanceof CommittedDespiteAFailure))
        .call(() -> conn.query("ROLLBACK").execute().onFailure().recoverWithNull())
        .onFailure(Transactions::sentAfterAFailure).transform(e -> TransactionRollbackException.INSTANCE));
  }

  /**
   * A last statement failed in the client (refused before it was sent, or its result refused in Java) after
   * {@code COMMIT} had gone out and succeeded: what PostgreSQL ran is committed. A programming error (see
   * {@link Ending}), never to be retried as if nothing happened.
   */
  public static final class CommittedDespiteAFailure extends IllegalStateException {
    CommittedDespiteAFailure(Throwable failure) {
      super("the transaction committed although one of its last statements failed in the client: " + failure,
          failure);
    }
  }

  /**
   * Sends every statement at once and waits for all of them (so none is still running when the transaction ends or
   * the connection goes back to the pool); their results in order, or the failure of the first that failed, in the
   * order they were sent.
   */
  private static Uni<List<Object>> inOrder(List<Uni<?>> statements) {
    List<Uni<Object[]>> settled = new ArrayList<>(statements.size());
    for (Uni<?> s : statements) {
      settled.add(s.onItemOrFailure().transform((item, failure) -> new Object[]{item, failure}));
    }
    return Uni.combine().all().unis(settled).with(outcomes -> outcomes).chain(outcomes -> {
      List<Object> results = new ArrayList<>(outcomes.size());
      for (Object o : outcomes) {
        Object[] outcome = (Object[]) o;
        if (outcome[1] != null) {
          return Uni.createFrom().<List<Object>>failure((Throwable) outcome[1]);
        }
        results.add(outcome[0]);
      }
      return Uni.createFrom().item(results);
    });
  }

  /**
   * The first failure was a statement refused because an earlier one had failed: that earlier failure was swallowed by
   * the work, and the transaction must not look like it went through.
   */
  private static boolean sentAfterAFailure(Throwable failure) {
    return PgErrors.isState(failure, PgErrors.IN_FAILED_TRANSACTION);
  }
}
