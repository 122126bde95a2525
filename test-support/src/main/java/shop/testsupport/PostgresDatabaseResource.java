package shop.testsupport;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Makes sure the test database exists on the real PostgreSQL server before Quarkus starts (Flyway then builds the
 * schema). Arguments: {@code database} (required). Host, port, user and password come from {@code TEST_DB_HOST},
 * {@code TEST_DB_PORT}, {@code DB_USER}, {@code DB_PASSWORD} (defaults 127.0.0.1, 5432, shop, shop), the same values
 * the services' {@code %test} profile uses.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {
  private String database;

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.get("database");
    if (database == null || !database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("database argument missing or not a plain identifier: " + database);
    }
  }

  @Override
  public Map<String, String> start() {
    String host = env("TEST_DB_HOST", "127.0.0.1");
    String port = env("TEST_DB_PORT", "5432");
    String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
    try (var c = DriverManager.getConnection(url, env("DB_USER", "shop"), env("DB_PASSWORD", "shop"));
        var check = c.prepareStatement("select 1 from pg_database where datname = ?")) {
      check.setString(1, database);
      if (!check.executeQuery().next()) {
        try (var create = c.createStatement()) {
          create.execute("create database " + database);
        } catch (SQLException e) {
          if (!"42P04".equals(e.getSQLState())) { // created concurrently
            throw e;
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + url + " is not reachable or the role cannot create "
          + database + "; run deploy/local/stack.sh engines first", e);
    }
    return Map.of();
  }

  @Override
  public void stop() {
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
