package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many threads reading and writing at once. */
@Timeout(60)
class DBConcurrencyTest {
  @TempDir Path dir;

  private static void hammer(DB db, int threads, int ops) throws Exception {
    db.exec("CREATE TABLE IF NOT EXISTS kv(k INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
    Statement byKey = db.prepare("SELECT v FROM kv WHERE k = ?");
    AtomicInteger inserted = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> fs = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int tid = t;
        fs.add(pool.submit(() -> {
          start.await();
          for (int j = 0; j < ops; j++) {
            final int i = j;
            final int k = tid * 1_000_000 + i;
            switch (i % 5) {
              case 0 -> {
                db.run("INSERT INTO kv(k, v) VALUES (?, ?)", k, i);
                inserted.incrementAndGet();
                // own committed write is visible right away, from any connection
                assertEquals((long) i, byKey.get(k).orElseThrow().getLong("v"));
              }
              case 1 -> db.all("SELECT k, v FROM kv WHERE k >= ? LIMIT 20", tid * 1_000_000);
              case 2 -> db.withTransaction(() -> {
                db.run("INSERT INTO kv(k, v) VALUES (?, ?)", k, i);
                inserted.incrementAndGet();
                assertTrue(db.get("SELECT v FROM kv WHERE k = ?", k).isPresent());
              });
              case 3 -> db.each("SELECT count(*) AS c FROM kv", List.of(), r -> assertTrue(r.getLong("c") >= 0));
              default -> {
                byKey.get(k - 1);
                db.userVersion();
              }
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : fs) {
        f.get(50, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals((long) inserted.get(), db.get("SELECT count(*) AS c FROM kv").orElseThrow().getLong("c"));
  }

  @Test
  void manyThreadsOnFileDb() throws Exception {
    try (DB db = DB.builder().file(dir.resolve("c.db")).readers(3).build()) {
      hammer(db, 12, 300);
    }
  }

  @Test
  void manyThreadsInMemory() throws Exception {
    try (DB db = DB.memory()) {
      hammer(db, 8, 300);
    }
  }

  @Test
  void moreReadersThanPoolSize() throws Exception {
    try (DB db = DB.builder().file(dir.resolve("r.db")).readers(1).build()) {
      hammer(db, 6, 200);
    }
  }

  @Test
  void closeWhileOtherThreadsUseTheDb() throws Exception {
    for (DB db : new DB[] {DB.file(dir.resolve("close.db")), DB.memory()}) {
      try (db) {
        db.exec("CREATE TABLE IF NOT EXISTS t(x)");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> fs = new ArrayList<>();
        AtomicInteger ops = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
          int n = i;
          fs.add(pool.submit(() -> {
            while (!stop.get()) {
              switch (n) {
                case 0 -> db.exec("CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (0)");
                case 1 -> db.all("SELECT count(*) FROM sqlite_master");
                case 2 -> db.withTransaction(() -> db.run("CREATE TABLE IF NOT EXISTS t(x)"));
                default -> {
                  db.userVersion();
                  db.dataVersion();
                  db.prepare("SELECT 1").get();
                }
              }
              ops.incrementAndGet();
            }
            return null;
          }));
        }
        for (int i = 0; i < 40; i++) {
          Thread.sleep(5);
          db.close();
        }
        stop.set(true);
        for (Future<?> f : fs) {
          f.get(20, TimeUnit.SECONDS); // rethrows any failure, e.g. "DB is closed"
        }
        pool.shutdownNow();
        assertTrue(ops.get() > 40, "threads kept working: " + ops.get());
      }
    }
  }

  @Test
  void readsRunInParallelOnFileDb() throws Exception {
    try (DB db = DB.builder().file(dir.resolve("par.db")).readers(2).build()) {
      db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)");
      CountDownLatch bothInside = new CountDownLatch(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          fs.add(pool.submit(() -> {
            db.each("SELECT x FROM t LIMIT 1", List.of(), r -> {
              bothInside.countDown();
              try {
                // only possible when both reads are running at the same time
                assertTrue(bothInside.await(5, TimeUnit.SECONDS), "the other read did not run in parallel");
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
            return null;
          }));
        }
        for (Future<?> f : fs) {
          f.get(10, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void readerWaitingForPoolGetsOneAfterClose() throws Exception {
    try (DB db = DB.builder().file(dir.resolve("wait.db")).readers(1).busyTimeout(java.time.Duration.ofSeconds(20))
        .build()) {
      db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<?> holder = pool.submit(() -> {
          db.each("SELECT x FROM t", List.of(), r -> {
            holding.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
          return null;
        });
        assertTrue(holding.await(5, TimeUnit.SECONDS));
        Future<Long> waiter = pool.submit(() -> db.get("SELECT count(*) AS c FROM t").orElseThrow().getLong("c"));
        Thread.sleep(100);
        assertFalse(waiter.isDone(), "the only reader is busy");
        db.close(); // the held reader is retired when released
        release.countDown();
        holder.get(5, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        assertEquals(1L, waiter.get(5, TimeUnit.SECONDS));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000, "did not wait out the pool timeout");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void concurrentFirstUseOpensOnce() throws Exception {
    AtomicInteger opens = new AtomicInteger();
    try (DB db = DB.builder().file(dir.resolve("o.db")).onWillOpen(opens::incrementAndGet).build()) {
      db.registerMigrations("g", java.util.Map.of("0", d -> d.exec("CREATE TABLE t(x)")));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        fs.add(pool.submit(() -> {
          start.await();
          db.run("INSERT INTO t VALUES (?)", n);
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : fs) {
        f.get(20, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
      assertEquals(1, opens.get());
      assertEquals(8, db.all("SELECT * FROM t").size());
    }
  }

  @Test
  void twoDbObjectsOnOneFileWriteConcurrently() throws Exception {
    Path f = dir.resolve("two.db");
    try (DB a = DB.file(f); DB b = DB.file(f)) {
      a.exec("CREATE TABLE c(id INTEGER PRIMARY KEY, n INTEGER); INSERT INTO c VALUES (1, 0)");
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        DB db = t % 2 == 0 ? a : b;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            db.withTransaction(() -> {
              long n = db.get("SELECT n FROM c").orElseThrow().getLong("n");
              db.run("UPDATE c SET n = ?", n + 1);
            });
          }
          return null;
        }));
      }
      for (Future<?> fu : fs) {
        fu.get(30, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
      assertEquals(400L, a.get("SELECT n FROM c").orElseThrow().getLong("n"));
    }
  }

  /** A thread backing off from a write lock held by another connection can be interrupted. */
  @Test
  void aTransactionWaitingForTheWriteLockCanBeInterrupted() throws Exception {
    Path f = dir.resolve("int.db");
    try (DB holder = DB.file(f); DB waiter = DB.builder().file(f).busyTimeout(java.time.Duration.ofSeconds(30)).build()) {
      holder.exec("CREATE TABLE t(x)");
      waiter.open();
      CountDownLatch locked = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> hold = CompletableFuture.runAsync(() -> holder.withTransaction(() -> {
        holder.run("INSERT INTO t VALUES (1)");
        locked.countDown();
        release.await(20, TimeUnit.SECONDS);
      }));
      try {
        assertTrue(locked.await(10, TimeUnit.SECONDS));
        AtomicInteger retries = new AtomicInteger();
        waiter.addListener(new DBListener() {
          @Override
          public void onBusyRetry(int attempt, long pauseMillis) {
            retries.incrementAndGet();
          }
        });
        java.util.concurrent.atomic.AtomicReference<Throwable> error = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean flag = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = new Thread(() -> {
          try {
            waiter.withTransaction(() -> waiter.run("INSERT INTO t VALUES (2)"));
          } catch (RuntimeException e) {
            error.set(e);
            flag.set(Thread.currentThread().isInterrupted());
          }
        });
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (retries.get() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        assertTrue(retries.get() > 0, "backing off");
        t.interrupt();
        t.join(5000);
        assertFalse(t.isAlive(), "stopped waiting for the lock");
        StratoException e = assertInstanceOf(StratoException.class, error.get());
        assertTrue(e.getMessage().contains("interrupted while waiting for the write lock"), e.getMessage());
        assertTrue(flag.get(), "interrupt flag restored");
        assertFalse(waiter.inTransaction());
      } finally {
        release.countDown();
      }
      hold.get(10, TimeUnit.SECONDS);
      assertEquals(1, waiter.all("SELECT * FROM t").size(), "only the holder's row");
    }
  }
}
