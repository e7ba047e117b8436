package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listeners: transaction events, query events, unregistering. */
class DBListenerTest {

  static final class Recorder implements DBListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<QueryEvent> calls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onBegin() {
      events.add("begin");
    }

    @Override
    public void onRollback() {
      events.add("rollback");
    }

    @Override
    public void onEnd() {
      events.add("end");
    }

    @Override
    public void onFinally() {
      events.add("finally");
    }

    @Override
    public void onCall(QueryEvent call) {
      calls.add(call);
    }
  }

  /** Records busy retries as "attempt:pause". */
  static final class BusyRecorder implements DBListener {
    final List<long[]> retries = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onBusyRetry(int attempt, long pauseMillis) {
      retries.add(new long[] {attempt, pauseMillis});
    }
  }

  @TempDir Path dir;

  /** Holds the write lock of {@code file} from another DB object (another connection) until released. */
  private static Future<?> holdWriteLock(ExecutorService pool, Path file, CountDownLatch held, CountDownLatch release) {
    return pool.submit(() -> {
      try (DB other = DB.file(file)) {
        other.withTransaction(() -> {
          other.run("INSERT INTO t VALUES (0)");
          held.countDown();
          release.await(20, TimeUnit.SECONDS);
        });
      }
      return null;
    });
  }

  @Test
  void busyRetriesAreReportedOnePerRetryUntilTheLockIsFree() throws Exception {
    Path file = dir.resolve("busy.db");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (DB db = DB.builder().file(file).busyTimeout(Duration.ofSeconds(20)).build()) {
      db.exec("CREATE TABLE t(x)");
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<?> holder = holdWriteLock(pool, file, held, release);
      assertTrue(held.await(10, TimeUnit.SECONDS));
      BusyRecorder r = new BusyRecorder();
      db.addListener(r);
      Thread releaser = new Thread(() -> {
        try {
          Thread.sleep(300);
        } catch (InterruptedException ignored) {
          // released at once
        }
        release.countDown();
      });
      releaser.start();
      db.withTransaction(() -> db.run("INSERT INTO t VALUES (1)"));
      holder.get(10, TimeUnit.SECONDS);
      assertEquals(2L, db.get("SELECT count(*) AS c FROM t").orElseThrow().getLong("c"));
      List<long[]> got = List.copyOf(r.retries);
      assertTrue(got.size() >= 2, "a 300 ms lock means several retries, got " + got.size());
      for (int i = 0; i < got.size(); i++) {
        assertEquals(i + 1, got.get(i)[0], "attempts counted from 1");
        assertTrue(got.get(i)[1] >= 1 && got.get(i)[1] <= 200, "pause " + got.get(i)[1] + " ms");
      }
      r.retries.clear();
      db.withTransaction(() -> db.run("INSERT INTO t VALUES (2)"));
      assertTrue(r.retries.isEmpty(), "a free lock is no retry");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void busyRetriesAreReportedBeforeTheTimeoutFailure() throws Exception {
    Path file = dir.resolve("timeout.db");
    ExecutorService pool = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    try (DB db = DB.builder().file(file).busyTimeout(Duration.ofMillis(150)).build()) {
      db.exec("CREATE TABLE t(x)");
      CountDownLatch held = new CountDownLatch(1);
      Future<?> holder = holdWriteLock(pool, file, held, release);
      assertTrue(held.await(10, TimeUnit.SECONDS));
      BusyRecorder r = new BusyRecorder();
      Recorder calls = new Recorder();
      db.addListener(r);
      db.addListener(calls);
      DBException e = assertThrows(DBException.class, () -> db.withTransaction(() -> db.run("INSERT INTO t VALUES (1)")));
      assertEquals(DBException.SQLITE_BUSY, e.primaryCode());
      assertFalse(r.retries.isEmpty(), "the retries before giving up are reported");
      assertTrue(calls.events.isEmpty(), "no transaction began: " + calls.events);
      release.countDown();
      holder.get(10, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void transactionEventsInOrder() throws Exception {
    try (DB db = DB.memory()) {
      db.exec("CREATE TABLE t(x)");
      Recorder r = new Recorder();
      try (AutoCloseable h = db.addListener(r)) {
        db.withTransaction(() -> db.run("INSERT INTO t VALUES (1)"));
        assertEquals(List.of("begin", "end", "finally"), r.events);
        r.events.clear();
        assertThrows(IllegalStateException.class, () -> db.withTransaction(() -> {
          db.run("INSERT INTO t VALUES (2)");
          throw new IllegalStateException("x");
        }));
        assertEquals(List.of("begin", "rollback", "finally"), r.events);
        r.events.clear();
        // a nested call does not report another transaction
        db.withTransaction(() -> db.withTransaction(() -> db.run("INSERT INTO t VALUES (3)")));
        assertEquals(List.of("begin", "end", "finally"), r.events);
      }
    }
  }

  @Test
  void queryEventsCarrySqlParamsDurationAndError() throws Exception {
    try (DB db = DB.builder().name("obs").build()) {
      db.exec("CREATE TABLE t(x)");
      Recorder r = new Recorder();
      try (AutoCloseable h = db.addListener(r)) {
        db.run("INSERT INTO t VALUES (?)", 5);
        db.all("SELECT x FROM t WHERE x > ?", 1);
        db.get("SELECT x FROM t WHERE x IS ?", (Object) null);
        db.exec("CREATE TABLE u(y)");
        db.each("SELECT x FROM t", List.of(), row -> {});
        assertThrows(DBException.class, () -> db.all("SELECT * FROM missing WHERE a = ?", "p"));

        List<QueryEvent> calls = List.copyOf(r.calls);
        List<String> sqls = calls.stream().map(QueryEvent::sql).toList();
        assertEquals(List.of("INSERT INTO t VALUES (?)", "SELECT x FROM t WHERE x > ?", "SELECT x FROM t WHERE x IS ?",
            "CREATE TABLE u(y)", "SELECT x FROM t", "SELECT * FROM missing WHERE a = ?"), sqls);
        assertEquals(List.of(5), calls.get(0).params());
        assertEquals(List.of(1), calls.get(1).params());
        assertEquals(Collections.singletonList(null), calls.get(2).params());
        assertEquals(List.of(), calls.get(3).params());
        for (QueryEvent e : calls) {
          assertEquals("obs", e.dbName());
          assertTrue(e.durationNanos() > 0, "duration of " + e.sql());
        }
        for (QueryEvent e : calls.subList(0, 5)) {
          assertNull(e.error(), e.sql());
        }
        QueryEvent failed = calls.get(5);
        assertInstanceOf(DBException.class, failed.error());
        assertEquals(List.of("p"), failed.params());
        assertThrows(UnsupportedOperationException.class, () -> calls.get(0).params().add(1));
      }
    }
  }

  @Test
  void failedRunAndExecAreReported() throws Exception {
    try (DB db = DB.memory()) {
      db.exec("CREATE TABLE t(x UNIQUE)");
      db.run("INSERT INTO t VALUES (1)");
      Recorder r = new Recorder();
      try (AutoCloseable h = db.addListener(r)) {
        assertThrows(DBException.class, () -> db.run("INSERT INTO t VALUES (?)", 1));
        assertThrows(DBException.class, () -> db.exec("THIS IS NOT SQL"));
        assertEquals(2, r.calls.size());
        assertInstanceOf(DBException.class, r.calls.get(0).error());
        assertInstanceOf(DBException.class, r.calls.get(1).error());
        assertEquals("THIS IS NOT SQL", r.calls.get(1).sql());
      }
    }
  }

  @Test
  void preparedStatementsAreReported() throws Exception {
    try (DB db = DB.memory()) {
      db.exec("CREATE TABLE t(x)");
      Statement ins = db.prepare("INSERT INTO t VALUES (?)");
      Statement sel = db.prepare("SELECT x FROM t WHERE x = ?");
      Recorder r = new Recorder();
      try (AutoCloseable h = db.addListener(r)) {
        ins.run(3);
        sel.get(3);
        sel.all(3);
        sel.each(List.of(3), row -> {});
        assertEquals(List.of("INSERT INTO t VALUES (?)", "SELECT x FROM t WHERE x = ?", "SELECT x FROM t WHERE x = ?",
            "SELECT x FROM t WHERE x = ?"), r.calls.stream().map(QueryEvent::sql).toList());
        assertTrue(r.calls.stream().allMatch(c -> c.params().equals(List.of(3))));
      }
    }
  }

  @Test
  void closingTheHandleUnregisters() throws Exception {
    try (DB db = DB.memory()) {
      db.open(); // opening runs internal queries (migrations table); not part of this test
      Recorder r = new Recorder();
      Recorder stays = new Recorder();
      AutoCloseable h = db.addListener(r);
      db.addListener(stays);
      db.get("SELECT 1");
      assertEquals(1, r.calls.size());
      h.close();
      db.get("SELECT 2");
      db.withTransaction(() -> db.get("SELECT 3"));
      assertEquals(1, r.calls.size());
      assertTrue(r.events.isEmpty());
      assertEquals(3, stays.calls.size());
      assertEquals(List.of("begin", "end", "finally"), stays.events);
      h.close(); // twice is harmless
    }
  }

  @Test
  void throwingListenerDoesNotBreakQueries() throws Exception {
    try (DB db = DB.memory()) {
      db.open();
      Recorder after = new Recorder();
      db.addListener(new DBListener() {
        @Override
        public void onCall(QueryEvent call) {
          throw new IllegalStateException("listener bug");
        }

        @Override
        public void onBegin() {
          throw new IllegalStateException("listener bug");
        }
      });
      db.addListener(after);
      assertEquals(1L, db.get("SELECT 1 AS x").orElseThrow().getLong("x"));
      db.withTransaction(() -> db.get("SELECT 1"));
      assertEquals(2, after.calls.size());
      assertEquals(List.of("begin", "end", "finally"), after.events);
    }
  }

  @Test
  void nullListenerIsIllegalArgument() {
    try (DB db = DB.memory()) {
      assertThrows(IllegalArgumentException.class, () -> db.addListener(null));
    }
  }
}
