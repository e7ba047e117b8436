package io.strato.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.DB;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which connection a call goes to: reads to a reader (so they never queue behind another
 * thread's write transaction), everything else to the writer.
 */
class SqlExecutorTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"SELECT 1", "select 1", "  \n\tSELECT 1", "(SELECT 1)", "WITH x AS (SELECT 1) SELECT * FROM x",
      "VALUES (1)", "EXPLAIN SELECT 1", "explain query plan select 1", "-- why\nSELECT 1", "/* why */ SELECT 1",
      "/* a */ -- b\n ( select 1)", "SELECT\n1", "SELECT(1)", "SELECT"})
  void readsAreRecognised(String sql) {
    assertTrue(SqlExecutor.isRead(sql), sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {"INSERT INTO t VALUES (1)", "UPDATE t SET x = 1", "DELETE FROM t", "PRAGMA user_version = 3",
      "CREATE TABLE t(x)", "SELECTED", "SELECT1", "WITHOUT", "VALUES1", "", "   ", "-- only a comment",
      "-- SELECT 1", "/* SELECT 1", "/* unterminated SELECT 1", "/* c */ INSERT INTO t VALUES (1)", "-", "/",
      "-SELECT 1", "/SELECT 1", "/*/ SELECT 1", "REPLACE INTO t VALUES (1)"})
  void everythingElseGoesToTheWriter(String sql) {
    assertFalse(SqlExecutor.isRead(sql), sql);
  }

  /** A thread holds the write transaction with an uncommitted row; reads elsewhere neither wait nor see it. */
  @Test
  void readsDoNotQueueBehindAnotherThreadsTransaction() throws Exception {
    try (DB db = DB.file(dir.resolve("r.db"))) {
      db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
      CountDownLatch inTx = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(1);
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> db.withTransaction(() -> {
        db.run("INSERT INTO t VALUES (2)");
        inTx.countDown();
        try {
          done.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      assertTrue(inTx.await(10, TimeUnit.SECONDS));
      try {
        CompletableFuture<List<Object>> reads = CompletableFuture.supplyAsync(() -> {
          List<Object> out = new ArrayList<>();
          out.add(db.all("SELECT x FROM t").size());
          out.add(db.get("WITH c AS (SELECT count(*) AS n FROM t) SELECT n FROM c").orElseThrow().getLong("n"));
          List<Long> each = new ArrayList<>();
          db.each("SELECT x FROM t", List.of(), r -> each.add(r.getLong("x")));
          out.add(each);
          return out;
        });
        assertEquals(List.of(1, 1L, List.of(1L)), reads.get(5, TimeUnit.SECONDS), "committed state, at once");
      } finally {
        done.countDown();
      }
      writer.get(10, TimeUnit.SECONDS);
      assertEquals(2, db.all("SELECT x FROM t").size());
    }
  }
}
