package shop.platform;

import io.vertx.pgclient.PgException;

/** PostgreSQL errors by SQLSTATE and constraint: which are transient (retry later), which name a constraint. */
public final class PgErrors {
  public static final String LOCK_NOT_AVAILABLE = "55P03";
  public static final String QUERY_CANCELED = "57014";
  public static final String DEADLOCK_DETECTED = "40P01";
  public static final String SERIALIZATION_FAILURE = "40001";

  private PgErrors() {
  }

  public static boolean isState(Throwable t, String sqlState) {
    return t instanceof PgException pg && sqlState.equals(pg.getSqlState());
  }

  public static boolean isConstraint(Throwable t, String constraint) {
    return t instanceof PgException pg && constraint.equals(pg.getConstraint());
  }

  /** Lock or statement timeout, deadlock victim: the client may retry later. */
  public static boolean isTransient(Throwable t) {
    return isState(t, LOCK_NOT_AVAILABLE) || isState(t, QUERY_CANCELED) || isState(t, DEADLOCK_DETECTED)
        || isState(t, SERIALIZATION_FAILURE);
  }
}
