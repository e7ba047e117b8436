package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which connection a read runs on, seen from outside through {@code PRAGMA query_only} (on for
 * the read connections, off for the writer): a read connection unless the thread is inside a
 * transaction, has written during a running read, or the DB lives in memory; and how long a read
 * waits for a read connection when all are busy.
 */
@Timeout(60)
class DBConnectionRoutingTest {
  private static final String ON_READER = "SELECT query_only AS q FROM pragma_query_only";

  @TempDir Path dir;

  private static boolean onReader(DB db) {
    return db.get(ON_READER).orElseThrow().getLong("q") == 1L;
  }

  @Test
  void fileDbReadsUseAReadConnectionOutsideTransactionsAndTheWriterInside() {
    try (DB db = DB.file(dir.resolve("r.db"))) {
      db.exec("CREATE TABLE t(x)");
      assertTrue(onReader(db), "a plain read");
      db.withTransaction(() -> {
        db.run("INSERT INTO t VALUES (1)");
        assertFalse(onReader(db), "inside the thread's transaction: the writer");
        assertEquals(1, db.all("SELECT x FROM t").size(), "sees its own uncommitted row");
      });
      assertTrue(onReader(db), "back on a reader after the transaction");
    }
  }

  @Test
  void inMemoryDbReadsUseTheOnlyConnection() {
    try (DB db = DB.memory()) {
      assertFalse(onReader(db));
    }
  }

  @Test
  void aReadInsideEachStaysOnItsReaderUntilTheThreadWrites() {
    try (DB db = DB.file(dir.resolve("e.db"))) {
      db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)");
      List<Boolean> seen = new ArrayList<>();
      db.each("SELECT x FROM t ORDER BY x", List.of(), r -> {
        seen.add(onReader(db));
        if (r.getLong("x") == 1L) {
          db.run("INSERT INTO t VALUES (3)");
        }
      });
      assertEquals(List.of(true, false), seen, "after the callback wrote, reads go to the writer");
      assertTrue(onReader(db), "the next read starts on a reader again");
    }
  }

  /** A read nested in an each callback shares the outer read's connection and does not hand it back early. */
  @Test
  void aNestedReadDoesNotReleaseTheOuterReadsConnection() throws Exception {
    try (DB db = DB.builder().file(dir.resolve("n.db")).readers(1).busyTimeout(Duration.ofSeconds(20)).build()) {
      db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
      CountDownLatch nestedDone = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> outer = CompletableFuture.runAsync(() -> db.each("SELECT x FROM t", List.of(), r -> {
        assertTrue(onReader(db), "nested read on the same reader");
        nestedDone.countDown();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      try {
        assertTrue(nestedDone.await(10, TimeUnit.SECONDS));
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> onReader(db));
        Thread.sleep(300);
        assertFalse(other.isDone(), "the only reader is still the outer read's");
        release.countDown();
        assertTrue(other.get(10, TimeUnit.SECONDS));
      } finally {
        release.countDown();
      }
      outer.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWritingCteSentAsAReadIsRetriedOnTheWriter() {
    try (DB db = DB.file(dir.resolve("cte.db"))) {
      db.exec("CREATE TABLE t(name TEXT)");
      List<Row> rows = db.all("WITH v(x) AS (VALUES ('a'), ('b')) INSERT INTO t(name) SELECT x FROM v RETURNING name");
      assertEquals(2, rows.size());
      assertEquals(2L, db.get("SELECT count(*) AS n FROM t").orElseThrow().getLong("n"));
    }
  }

  /** Holds the only read connection in an each callback until the latch opens. */
  private static CompletableFuture<Void> holdTheReader(DB db, CountDownLatch holding, CountDownLatch release) {
    return CompletableFuture.runAsync(() -> db.each("SELECT 1", List.of(), r -> {
      holding.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
  }

  @Test
  void aReadWaitsForABusyReadConnection() throws Exception {
    try (DB db = DB.builder().file(dir.resolve("w.db")).readers(1).busyTimeout(Duration.ZERO).build()) {
      db.open();
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> holder = holdTheReader(db, holding, release);
      assertTrue(holding.await(10, TimeUnit.SECONDS));
      CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> db.get("SELECT 7 AS n").orElseThrow().getLong("n"));
      Thread.sleep(200);
      assertFalse(waiter.isDone(), "waits while the only reader is busy");
      release.countDown();
      assertEquals(7L, waiter.get(10, TimeUnit.SECONDS), "gets the reader once it is free");
      holder.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aReadGivesUpWithBusyAboutOneSecondPastTheBusyTimeout() throws Exception {
    try (DB db = DB.builder().file(dir.resolve("g.db")).name("g").readers(1).busyTimeout(Duration.ZERO).build()) {
      db.open();
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> holder = holdTheReader(db, holding, release);
      try {
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        CompletableFuture<Optional<Row>> waiter = CompletableFuture.supplyAsync(() -> db.get("SELECT 1"));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> waiter.get(10, TimeUnit.SECONDS));
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        DBException e = assertInstanceOf(DBException.class, failed.getCause());
        assertEquals(DBException.SQLITE_BUSY, e.primaryCode());
        assertEquals("g", e.dbName());
        assertTrue(e.getMessage().contains("no read connection became free in time"), e.getMessage());
        assertTrue(waitedMs >= 900 && waitedMs < 5000, "busy timeout 0 + 1 s grace, waited " + waitedMs + " ms");
      } finally {
        release.countDown();
      }
      holder.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aReadInterruptedWhileWaitingForAReadConnectionFailsAndKeepsTheInterrupt() throws Exception {
    try (DB db = DB.builder().file(dir.resolve("i.db")).name("i").readers(1).busyTimeout(Duration.ofSeconds(20)).build()) {
      db.open();
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> holder = holdTheReader(db, holding, release);
      try {
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        AtomicReference<Throwable> error = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread reader = new Thread(() -> {
          try {
            db.get("SELECT 1");
          } catch (RuntimeException e) {
            error.set(e);
            stillInterrupted.set(Thread.currentThread().isInterrupted());
          }
        });
        reader.start();
        Thread.sleep(200);
        reader.interrupt();
        reader.join(5000);
        assertFalse(reader.isAlive(), "stopped waiting when interrupted");
        StratoException e = assertInstanceOf(StratoException.class, error.get());
        assertFalse(e instanceof DBException, "not an SQLite error");
        assertTrue(e.getMessage().contains("interrupted while waiting for a read connection"), e.getMessage());
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertTrue(stillInterrupted.get(), "the thread's interrupt flag is restored");
      } finally {
        release.countDown();
      }
      holder.get(10, TimeUnit.SECONDS);
    }
  }
}
