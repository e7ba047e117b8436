package io.strato.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strato.db.DB;
import io.strato.db.DBException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbMetricsTest {
  @TempDir Path dir;

  private static long count(SimpleMeterRegistry r, String name, String... tags) {
    var t = r.find(name).tags(tags).timer();
    return t == null ? 0 : t.count();
  }

  @Test
  void timesQueriesByKindAndOutcomeAndTransactionsByOutcome() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (DB db = DB.builder().file(dir.resolve("plain.db")).name("plain").build();
        DbMetrics metrics = StratoMetrics.bind(registry, db)) {
      db.exec("CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT)");
      long commitsAtOpen = count(registry, StratoMetrics.DB_TRANSACTION, "db", "plain", "outcome", "commit");
      long readsAtOpen = count(registry, StratoMetrics.DB_QUERY, "db", "plain", "kind", "read", "outcome", "success");
      db.run("INSERT INTO notes(text) VALUES (?)", "secret-value");
      db.get("SELECT text FROM notes WHERE id = ?", 1);
      db.all("SELECT * FROM notes");
      db.withTransaction(() -> db.run("INSERT INTO notes(text) VALUES (?)", "b"));
      assertThrows(IllegalStateException.class, () -> db.withTransaction(() -> {
        db.run("INSERT INTO notes(text) VALUES (?)", "c");
        throw new IllegalStateException("roll back");
      }));
      assertThrows(DBException.class, () -> db.all("SELECT nope FROM notes"));

      assertEquals(readsAtOpen + 2,
          count(registry, StratoMetrics.DB_QUERY, "db", "plain", "kind", "read", "outcome", "success"),
          "the two SELECTs count as successful reads (after " + readsAtOpen + " reads of the open)");
      assertTrue(count(registry, StratoMetrics.DB_QUERY, "db", "plain", "kind", "write", "outcome", "success") >= 3,
          "at least the three INSERTs count as successful writes");
      assertEquals(1, count(registry, StratoMetrics.DB_QUERY, "db", "plain", "kind", "read", "outcome", "error"),
          "the failing SELECT");
      assertEquals(commitsAtOpen + 1, count(registry, StratoMetrics.DB_TRANSACTION, "db", "plain", "outcome", "commit"),
          "one commit after the open's own (" + commitsAtOpen + ")");
      assertEquals(1, count(registry, StratoMetrics.DB_TRANSACTION, "db", "plain", "outcome", "rollback"), "rollbacks");
      for (Meter m : registry.getMeters()) {
        for (Tag t : m.getId().getTags()) {
          assertTrue(!t.getValue().contains("SELECT") && !t.getValue().contains("secret"),
              "no SQL text or parameters in tags: " + m.getId());
        }
      }
    }
  }

  @Test
  void closeRemovesTheMetersAndStopsListening() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (DB db = DB.builder().file(dir.resolve("c.db")).name("c").build()) {
      DbMetrics metrics = StratoMetrics.bind(registry, db);
      db.exec("CREATE TABLE t(x)");
      db.all("SELECT * FROM t");
      assertTrue(!registry.find(StratoMetrics.DB_QUERY).timers().isEmpty(), "meters were created");
      metrics.close();
      assertTrue(registry.find(StratoMetrics.DB_QUERY).timers().isEmpty(), "meters were removed on close");
      db.all("SELECT * FROM t");
      assertTrue(registry.find(StratoMetrics.DB_QUERY).timers().isEmpty(), "no meters after close");
    }
  }

  @Test
  void countsStatementsThatGaveUpOnALockedFile() throws Exception {
    Path file = dir.resolve("busy.db");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (DB holder = DB.builder().file(file).name("holder").build();
        DB waiter = DB.builder().file(file).name("waiter").busyTimeout(Duration.ofMillis(50)).build();
        DbMetrics metrics = StratoMetrics.bind(registry, waiter)) {
      holder.exec("CREATE TABLE t(x)");
      waiter.all("SELECT * FROM t");
      CountDownLatch locked = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<?> tx = other.submit(() -> holder.withTransaction(() -> {
        holder.run("INSERT INTO t VALUES (1)");
        locked.countDown();
        release.await();
      }));
      locked.await();
      DBException e = assertThrows(DBException.class, () -> waiter.run("INSERT INTO t VALUES (2)"));
      release.countDown();
      tx.get();
      assertEquals(DBException.SQLITE_BUSY, e.primaryCode(), "the write gave up busy: " + e);
      var busy = registry.find(StratoMetrics.DB_BUSY).tags("db", "waiter").counter();
      assertTrue(busy != null && busy.count() == 1,
          "one busy failure counted, got " + (busy == null ? "no counter" : busy.count()));
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void countsEachRetryOfAWriteTransactionWaitingForTheLock() throws Exception {
    Path file = dir.resolve("retries.db");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExecutorService other = Executors.newFixedThreadPool(2);
    try (DB holder = DB.builder().file(file).name("holder").build();
        DB waiter = DB.builder().file(file).name("waiter").busyTimeout(Duration.ofSeconds(20)).build();
        DbMetrics metrics = StratoMetrics.bind(registry, waiter)) {
      holder.exec("CREATE TABLE t(x)");
      waiter.all("SELECT * FROM t");
      CountDownLatch locked = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<?> tx = other.submit(() -> holder.withTransaction(() -> {
        holder.run("INSERT INTO t VALUES (1)");
        locked.countDown();
        release.await();
      }));
      locked.await();
      other.submit(() -> {
        Thread.sleep(300);
        release.countDown();
        return null;
      });
      waiter.withTransaction(() -> waiter.run("INSERT INTO t VALUES (2)")); // waits ~300 ms, retrying
      tx.get();
      var retries = registry.find(StratoMetrics.DB_BUSY_RETRIES).tags("db", "waiter").counter();
      assertTrue(retries != null && retries.count() >= 2,
          "a 300 ms lock means several retries, got " + (retries == null ? "no counter" : retries.count()));
      assertEquals(null, registry.find(StratoMetrics.DB_BUSY).tags("db", "waiter").counter(),
          "nothing gave up");
      double before = retries.count();
      waiter.withTransaction(() -> waiter.run("INSERT INTO t VALUES (3)"));
      assertEquals(before, retries.count(), "a free lock is no retry");
      metrics.close();
      assertEquals(null, registry.find(StratoMetrics.DB_BUSY_RETRIES).counter(), "removed on close");
    } finally {
      other.shutdownNow();
    }
  }
}
