package shop.e2e;

import java.sql.DriverManager;
import java.sql.SQLException;

/** The PostgreSQL the end-to-end tests use (the local one, or {@code TEST_DB_HOST}/{@code TEST_DB_PORT}). */
public final class Databases {
  public static final String HOST = env("TEST_DB_HOST", "127.0.0.1");
  public static final String PORT = env("TEST_DB_PORT", "5432");

  private Databases() {
  }

  /** Drops and creates the database; returns its reactive URL for a service's {@code DB_URL}. */
  public static String fresh(String database) {
    String url = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";
    try (var c = DriverManager.getConnection(url, env("DB_USER", "shop"), env("DB_PASSWORD", "shop"));
        var s = c.createStatement()) {
      s.execute("drop database if exists " + database + " with (force)");
      s.execute("create database " + database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot recreate " + database + " on " + url
          + "; run deploy/local/stack.sh engines first", e);
    }
    return "postgresql://" + HOST + ":" + PORT + "/" + database;
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
