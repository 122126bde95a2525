package shop.platform;

import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.sqlclient.TransactionRollbackException;

/**
 * {@link Pool#withTransaction} in one round trip fewer: {@code BEGIN} goes out with the work's first statements
 * instead of alone, the reactive client pipelining them on the connection. Otherwise the same: commit when the work
 * succeeds, roll back (and fail with the work's failure) when it fails; a statement that failed inside the work makes
 * the commit roll back and fail, even if the work recovered from it.
 *
 * <p>Why: on these machines a round trip costs PostgreSQL about as much CPU as a simple statement (a sale as seven
 * round trips costs it 0.7 ms, the same sale as one call 0.1 ms: bench/README.md), and every command, relay batch and
 * consumer batch is a transaction.
 */
public final class Transactions {
  private Transactions() {
  }

  public static <T> Uni<T> run(Pool pool, Function<SqlConnection, Uni<T>> work) {
    return pool.withConnection(conn -> {
      Uni<Transaction> begin = conn.begin(); // sent when subscribed, before the work's first statement
      return Uni.combine().all().unis(begin, Uni.createFrom().deferred(() -> work.apply(conn)))
          .with((tx, result) -> result)
          .onFailure().call(failure -> rollback(conn, failure))
          .call(() -> conn.transaction().commit());
    });
  }

  private static Uni<Void> rollback(SqlConnection conn, Throwable failure) {
    Transaction tx = conn.transaction();
    if (tx == null || failure instanceof TransactionRollbackException) {
      return Uni.createFrom().voidItem();
    }
    return tx.rollback().onFailure().recoverWithNull();
  }
}
