package io.strato.es.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server tests use: {@code STRATO_PG_URL} or the local default. With CI=true a
 * missing server fails the test (never a silent skip); elsewhere the test is skipped with a loud
 * message on stderr.
 */
public final class PgTestSupport {
  /** The default server: local, trust auth. */
  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private PgTestSupport() {}

  /**
   * The URL to test against.
   *
   * @return the URL
   */
  public static String url() {
    String u = System.getenv("STRATO_PG_URL");
    return u == null || u.isBlank() ? DEFAULT_URL : u;
  }

  /** Fails (CI) or skips (elsewhere) when no server answers. */
  public static void requireServer() {
    try (Connection c = DriverManager.getConnection(url())) {
      c.isValid(2);
    } catch (SQLException e) {
      String msg = "PostgreSQL at " + url() + " does not answer (" + e.getMessage() + "); set STRATO_PG_URL or start"
          + " it (see strato-es-postgres/README.md)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + msg);
      }
      System.err.println("\n*** SKIPPING strato-es-postgres test: " + msg + " ***\n");
      Assumptions.abort(msg);
    }
  }

  /**
   * A fresh schema name for one test.
   *
   * @return the name
   */
  public static String newSchema() {
    return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
  }

  /**
   * Drops a schema and everything in it.
   *
   * @param schema the schema, or null (the test was skipped before it chose one): nothing
   */
  public static void dropSchema(String schema) {
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + PgSettings.checkSchema(schema) + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("dropping schema " + schema + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs SQL on a connection of its own (e.g. to terminate the log's backends).
   *
   * @param sql the statement
   */
  public static void exec(String sql) {
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /**
   * A log on a schema, with short timeouts for tests.
   *
   * @param schema the schema
   * @return the log
   */
  public static PostgresEventLog log(String schema) {
    return log(schema, "strato-test");
  }

  /**
   * A log on a schema whose connections carry an application name (to find and kill them).
   *
   * @param schema the schema
   * @param app the application name
   * @return the log
   */
  public static PostgresEventLog log(String schema, String app) {
    return PostgresEventLog.builder().url(url()).schema(schema).pollInterval(java.time.Duration.ofMillis(200))
        .reconnectTimeout(java.time.Duration.ofSeconds(20)).property("ApplicationName", app).build();
  }

  /**
   * Terminates every server session of an application name (a crash or a network cut, as the
   * server sees it).
   *
   * @param app the application name
   */
  public static void killSessions(String app) {
    exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + app + "'");
  }
}
