package io.strato.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.es.postgres.ClusterRecords;
import io.strato.es.postgres.PostgresEventLog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * strato.es.leader on two real nodes of a PostgreSQL log (strato-es-postgres, a test-scope
 * dependency): exactly one reports 1, and the other takes over when the leader leaves. Needs the
 * server of strato-es-postgres's tests ({@code STRATO_PG_URL} or the local default); with CI=true
 * a missing server fails the test, elsewhere it is skipped with a loud message.
 */
class RoleGaugePostgresTest {
  private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private String url;
  private String schema;

  @BeforeEach
  void requireServer() {
    String u = System.getenv("STRATO_PG_URL");
    url = u == null || u.isBlank() ? DEFAULT_URL : u;
    try (Connection c = DriverManager.getConnection(url)) {
      c.isValid(2);
    } catch (SQLException e) {
      String msg = "PostgreSQL at " + url + " does not answer (" + e.getMessage() + "); set STRATO_PG_URL or start it"
          + " (see strato-es-postgres/README.md)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + msg);
      }
      System.err.println("\n*** SKIPPING strato-micrometer PostgreSQL test: " + msg + " ***\n");
      Assumptions.abort(msg);
    }
    schema = "m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private double role(String node) {
    return registry.find(StratoMetrics.ES_LEADER).tags("db", node).gauge().value();
  }

  private static void await(String what, BooleanSupplier cond) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cond.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  @Test
  void exactlyOneNodeLeadsAndTheOtherTakesOver() throws Exception {
    try (PostgresEventLog logA = PostgresEventLog.builder().url(url).schema(schema).build();
        PostgresEventLog logB = PostgresEventLog.builder().url(url).schema(schema).build()) {
      ClusterRecords a = ClusterRecords.builder(logA).node("a").checkInterval(Duration.ofMillis(100)).build();
      ClusterRecords b = ClusterRecords.builder(logB).node("b").checkInterval(Duration.ofMillis(100)).build();
      try (RoleGauge ra = StratoMetrics.bindRole(registry, "a", a);
          RoleGauge rb = StratoMetrics.bindRole(registry, "b", b)) {
        await("a leader", () -> role("a") + role("b") == 1.0);
        boolean aLed = role("a") == 1.0;
        ClusterRecords leader = aLed ? a : b;
        String other = aLed ? "b" : "a";
        leader.close(); // releases the lock: the other node takes over
        await(other + " leads", () -> role(other) == 1.0);
        assertEquals(0.0, role(aLed ? "a" : "b"), "the node that left reports follower");
      } finally {
        a.close();
        b.close();
      }
    }
  }
}
