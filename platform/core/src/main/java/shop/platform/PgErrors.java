package shop.platform;

import io.vertx.pgclient.PgException;

/**
 * PostgreSQL errors by SQLSTATE and constraint: which are transient (retry later), which refuse the data itself,
 * which name a constraint.
 */
public final class PgErrors {
  public static final String LOCK_NOT_AVAILABLE = "55P03";
  public static final String QUERY_CANCELED = "57014";
  public static final String DEADLOCK_DETECTED = "40P01";
  public static final String SERIALIZATION_FAILURE = "40001";
  public static final String UNIQUE_VIOLATION = "23505";
  /** "current transaction is aborted": a statement sent after one that failed in the same transaction. */
  public static final String IN_FAILED_TRANSACTION = "25P02";

  private PgErrors() {
  }

  public static boolean isState(Throwable t, String sqlState) {
    return t instanceof PgException pg && sqlState.equals(pg.getSqlState());
  }

  public static boolean isConstraint(Throwable t, String constraint) {
    return t instanceof PgException pg && constraint.equals(pg.getConstraint());
  }

  /**
   * PostgreSQL refused the data itself: SQLSTATE class 22 (data exception) or 23 (integrity violation), except a unique
   * violation, which a concurrent writer causes and a retry resolves.
   */
  public static boolean refusesData(Throwable t) {
    if (!(t instanceof PgException pg) || pg.getSqlState() == null) {
      return false;
    }
    String state = pg.getSqlState();
    return state.startsWith("22") || (state.startsWith("23") && !state.equals(UNIQUE_VIOLATION));
  }

  /** Lock or statement timeout, deadlock victim: the client may retry later. */
  public static boolean isTransient(Throwable t) {
    return isState(t, LOCK_NOT_AVAILABLE) || isState(t, QUERY_CANCELED) || isState(t, DEADLOCK_DETECTED)
        || isState(t, SERIALIZATION_FAILURE);
  }
}
