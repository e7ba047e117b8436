package io.strato.es.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.StratoException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The log's schema: created by nodes starting at once, migrated from version 1, never downgraded. */
class PgSchemaTest {
  String schema;

  @BeforeEach
  void setUp() {
    PgTestSupport.requireServer();
    schema = PgTestSupport.newSchema();
  }

  @AfterEach
  void tearDown() {
    PgTestSupport.dropSchema(schema);
  }

  private long version() throws Exception {
    try (Connection c = DriverManager.getConnection(PgTestSupport.url()); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version FROM " + schema + ".strato_schema")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void nodesStartingAtOnceCreateItOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<PostgresEventLog>> logs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      logs.add(pool.submit(() -> {
        go.await();
        return PgTestSupport.log(schema);
      }));
    }
    go.countDown();
    for (Future<PostgresEventLog> f : logs) {
      try (PostgresEventLog log = f.get(60, TimeUnit.SECONDS)) {
        log.append("t", null, 0);
      }
    }
    pool.shutdown();
    assertEquals(2, version(), "every step ran once");
    try (PostgresEventLog log = PgTestSupport.log(schema)) {
      assertEquals(6, log.head());
    }
  }

  @Test
  void aVersionOneSchemaIsMigratedKeepingItsEvents() throws Exception {
    try (PostgresEventLog log = PgTestSupport.log(schema)) {
      log.append("old", null, 0);
    }
    // as the first release left it: no failures table, version 1
    PgTestSupport.exec("DROP TABLE " + schema + ".failures; UPDATE " + schema + ".strato_schema SET version = 1");
    try (PostgresEventLog log = PgTestSupport.log(schema)) {
      assertEquals(2, version());
      assertEquals("old", log.get(1).orElseThrow().type());
      PgTestSupport.exec("SELECT count(*) FROM " + schema + ".failures");
    }
  }

  @Test
  void aNewerSchemaIsRefusedByName() {
    PgTestSupport.log(schema).close();
    PgTestSupport.exec("UPDATE " + schema + ".strato_schema SET version = 99");
    StratoException e = assertThrows(StratoException.class, () -> PgTestSupport.log(schema));
    assertTrue(e.getMessage().contains("99") && e.getMessage().contains(schema), e.getMessage());
  }
}
