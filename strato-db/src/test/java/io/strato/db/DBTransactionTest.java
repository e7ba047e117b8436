package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** withTransaction: commit, rollback, re-entry, serialisation, isolation of readers. */
@Timeout(30)
class DBTransactionTest {
  @TempDir Path dir;

  private static DB withCounter(DB db) {
    db.exec("CREATE TABLE c(id INTEGER PRIMARY KEY, n INTEGER); INSERT INTO c VALUES (1, 0)");
    return db;
  }

  private static long count(DB db) {
    return db.get("SELECT n FROM c WHERE id = 1").orElseThrow().getLong("n");
  }

  @Test
  void commitsAndReturnsValue() {
    try (DB db = withCounter(DB.file(dir.resolve("t.db")))) {
      assertFalse(db.inTransaction());
      String out = db.withTransaction(() -> {
        assertTrue(db.inTransaction());
        db.run("UPDATE c SET n = 5");
        return "done";
      });
      assertEquals("done", out);
      assertFalse(db.inTransaction());
      assertEquals(5, count(db));
      db.close();
      assertEquals(5, count(db), "committed to disk");
    }
  }

  @Test
  void rollsBackAndRethrowsRuntimeException() {
    try (DB db = withCounter(DB.file(dir.resolve("t.db")))) {
      IllegalStateException boom = new IllegalStateException("boom");
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.withTransaction(() -> {
        db.run("UPDATE c SET n = 5");
        db.run("INSERT INTO c VALUES (2, 2)");
        throw boom;
      }));
      assertSame(boom, e);
      assertEquals(0, count(db));
      assertEquals(1, db.all("SELECT * FROM c").size());
      assertFalse(db.inTransaction());
      // usable afterwards
      db.withTransaction(() -> db.run("UPDATE c SET n = 1"));
      assertEquals(1, count(db));
    }
  }

  @Test
  void checkedExceptionsAreWrapped() {
    try (DB db = withCounter(DB.memory())) {
      IOException io = new IOException("disk says no");
      StratoException e = assertThrows(StratoException.class, () -> db.withTransaction(() -> {
        db.run("UPDATE c SET n = 9");
        throw io;
      }));
      assertSame(io, e.getCause());
      assertTrue(e.getMessage().contains("disk says no"), e.getMessage());
      assertEquals(0, count(db));
      // the void overload too
      StratoException e2 = assertThrows(StratoException.class, () -> db.withTransaction((TxRunnable) () -> {
        throw new Exception("checked");
      }));
      assertEquals("checked", e2.getCause().getMessage());
    }
  }

  @Test
  void errorsRollBackToo() {
    try (DB db = withCounter(DB.memory())) {
      assertThrows(AssertionError.class, () -> db.withTransaction(() -> {
        db.run("UPDATE c SET n = 9");
        throw new AssertionError("err");
      }));
      assertEquals(0, count(db));
    }
  }

  @Test
  void sqlErrorInsideRollsBackWholeTransaction() {
    try (DB db = withCounter(DB.memory())) {
      assertThrows(DBException.class, () -> db.withTransaction(() -> {
        db.run("UPDATE c SET n = 9");
        db.run("INSERT INTO c VALUES (1, 1)"); // primary key violation
      }));
      assertEquals(0, count(db));
    }
  }

  @Test
  void sameThreadReentryRunsInsideOuter() {
    try (DB db = withCounter(DB.file(dir.resolve("t.db")))) {
      List<String> events = new ArrayList<>();
      try (AutoCloseable l = db.addListener(new DBListener() {
        @Override
        public void onBegin() {
          events.add("begin");
        }
      })) {
        assertThrows(IllegalStateException.class, () -> db.withTransaction(() -> {
          int inner = db.withTransaction(() -> {
            assertTrue(db.inTransaction());
            db.run("UPDATE c SET n = 7");
            return 7;
          });
          assertEquals(7, inner);
          assertEquals(7, count(db), "inner write visible in outer");
          throw new IllegalStateException("outer fails");
        }));
        assertEquals(List.of("begin"), events, "no nested BEGIN");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      assertEquals(0, count(db), "rolling back the outer undoes the inner");
    }
  }

  @Test
  void innerFailureCaughtByOuterStillCommitsOuter() {
    try (DB db = withCounter(DB.memory())) {
      db.withTransaction(() -> {
        db.run("UPDATE c SET n = 1");
        try {
          db.withTransaction(() -> {
            throw new IllegalStateException("inner");
          });
        } catch (IllegalStateException expected) {
          // the outer goes on
        }
        db.run("UPDATE c SET n = n + 1");
      });
      assertEquals(2, count(db));
    }
  }

  @Test
  void savepointRollsBackOnlyItsOwnChanges() {
    try (DB db = withCounter(DB.memory())) {
      db.withTransaction(() -> {
        db.run("UPDATE c SET n = 1");
        assertThrows(IllegalStateException.class, () -> db.withSavepoint(() -> {
          db.run("UPDATE c SET n = 100");
          throw new IllegalStateException("sp");
        }));
        assertEquals(1, count(db));
        assertEquals(Integer.valueOf(5), db.withSavepoint(() -> {
          db.run("UPDATE c SET n = n + 4");
          return 5;
        }));
      });
      assertEquals(5, count(db));
      // outside a transaction it is a plain transaction, and gives the body's value
      db.withSavepoint(() -> db.run("UPDATE c SET n = 6"));
      assertEquals(6, count(db));
      assertEquals("seven", db.withSavepoint(() -> {
        db.run("UPDATE c SET n = 7");
        return "seven";
      }));
      assertEquals(7, count(db));
    }
  }

  /** Every savepoint is released, whether its body returned or threw: none pile up in a long transaction. */
  @Test
  void savepointsAreReleasedAfterSuccessAndAfterRollback() {
    try (DB db = withCounter(DB.memory())) {
      db.withTransaction(() -> {
        db.withSavepoint(() -> db.run("UPDATE c SET n = 1"));
        assertThrows(DBException.class, () -> db.exec("RELEASE sdb_sp_1"), "released after success");
        assertThrows(IllegalStateException.class, () -> db.withSavepoint(() -> {
          throw new IllegalStateException("sp");
        }));
        assertThrows(DBException.class, () -> db.exec("RELEASE sdb_sp_1"), "released after a rollback");
        db.withSavepoint(() -> db.withSavepoint(() -> {
          db.exec("RELEASE sdb_sp_2"); // the inner one is the second level
          db.exec("SAVEPOINT sdb_sp_2"); // put it back for withSavepoint to release
          return null;
        }));
      });
      assertEquals(1, count(db));
    }
  }

  private static void incrementConcurrently(DB db) throws Exception {
    int threads = 8;
    int per = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < per; i++) {
            db.withTransaction(() -> {
              long n = count(db);
              db.run("UPDATE c SET n = ? WHERE id = 1", n + 1);
            });
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : fs) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threads * per, count(db));
  }

  @Test
  void concurrentIncrementsLoseNoUpdateOnFile() throws Exception {
    try (DB db = withCounter(DB.file(dir.resolve("inc.db")))) {
      incrementConcurrently(db);
    }
  }

  @Test
  void concurrentIncrementsLoseNoUpdateInMemory() throws Exception {
    try (DB db = withCounter(DB.memory())) {
      incrementConcurrently(db);
    }
  }

  @Test
  void fileDbReaderSeesOldValueAndIsNotBlocked() throws Exception {
    try (DB db = withCounter(DB.file(dir.resolve("iso.db")))) {
      db.run("UPDATE c SET n = 1");
      CountDownLatch written = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean txOpen = new AtomicBoolean();
      CompletableFuture<Void> tx = CompletableFuture.runAsync(() -> db.withTransaction(() -> {
        db.run("UPDATE c SET n = 2");
        assertEquals(2, count(db), "the writer sees its own change");
        txOpen.set(true);
        written.countDown();
        assertTrue(release.await(10, TimeUnit.SECONDS));
        txOpen.set(false);
      }));
      assertTrue(written.await(10, TimeUnit.SECONDS));
      // read from another thread (this one) while the transaction is open
      CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> count(db));
      long seen = read.get(5, TimeUnit.SECONDS);
      assertTrue(txOpen.get(), "read completed while the transaction was still open");
      assertEquals(1, seen, "reader sees the last committed value");
      assertEquals(0, db.userVersion(), "pragma reads are not blocked either");
      assertFalse(db.inTransaction(), "this thread is not in the other thread's transaction");
      release.countDown();
      tx.get(10, TimeUnit.SECONDS);
      assertEquals(2, count(db));
    }
  }

  @Test
  void inMemoryReaderWaitsForTransaction() throws Exception {
    try (DB db = withCounter(DB.memory())) {
      db.run("UPDATE c SET n = 1");
      CountDownLatch written = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> tx = CompletableFuture.runAsync(() -> db.withTransaction(() -> {
        db.run("UPDATE c SET n = 2");
        written.countDown();
        assertTrue(release.await(10, TimeUnit.SECONDS));
      }));
      assertTrue(written.await(10, TimeUnit.SECONDS));
      CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> count(db));
      assertThrows(TimeoutException.class, () -> read.get(300, TimeUnit.MILLISECONDS), "reader waits");
      assertFalse(read.isDone());
      release.countDown();
      assertEquals(2, read.get(10, TimeUnit.SECONDS), "then sees the committed value");
      tx.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void writerFromOtherThreadWaitsForTransaction() throws Exception {
    try (DB db = withCounter(DB.file(dir.resolve("w.db")))) {
      CountDownLatch inTx = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> tx = CompletableFuture.runAsync(() -> db.withTransaction(() -> {
        db.run("UPDATE c SET n = 10");
        inTx.countDown();
        assertTrue(release.await(10, TimeUnit.SECONDS));
      }));
      assertTrue(inTx.await(10, TimeUnit.SECONDS));
      CompletableFuture<RunResult> write = CompletableFuture.supplyAsync(() -> db.run("UPDATE c SET n = n + 1"));
      assertThrows(TimeoutException.class, () -> write.get(300, TimeUnit.MILLISECONDS));
      release.countDown();
      write.get(10, TimeUnit.SECONDS);
      tx.get(10, TimeUnit.SECONDS);
      assertEquals(11, count(db), "the write ran after the transaction, not inside it");
    }
  }

  @Test
  void transactionOpensTheDb() {
    try (DB db = DB.file(dir.resolve("lazy.db"))) {
      assertFalse(db.isOpen());
      db.withTransaction(() -> db.exec("CREATE TABLE x(y)"));
      assertTrue(db.isOpen());
      assertEquals(0, db.all("SELECT * FROM x").size());
    }
  }

  @Test
  void closeInsideTransactionIsRefused() {
    try (DB db = withCounter(DB.file(dir.resolve("ct.db")))) {
      StratoException e = assertThrows(StratoException.class, () -> db.withTransaction(() -> {
        db.run("UPDATE c SET n = 3");
        db.close();
      }));
      assertTrue(e.getMessage().contains("inside a transaction"), e.getMessage());
      assertEquals(0, count(db), "rolled back");
      assertTrue(db.isOpen());
    }
  }

  @Test
  void closeFromOtherThreadWaitsForTransaction() throws Exception {
    try (DB db = withCounter(DB.file(dir.resolve("cw.db")))) {
      CountDownLatch inTx = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> tx = CompletableFuture.runAsync(() -> db.withTransaction(() -> {
        db.run("UPDATE c SET n = 4");
        inTx.countDown();
        assertTrue(release.await(10, TimeUnit.SECONDS));
        // nested calls go on while close() waits
        db.run("UPDATE c SET n = n + 1");
      }));
      assertTrue(inTx.await(10, TimeUnit.SECONDS));
      CompletableFuture<Void> closing = CompletableFuture.runAsync(db::close);
      assertThrows(TimeoutException.class, () -> closing.get(200, TimeUnit.MILLISECONDS));
      release.countDown();
      tx.get(10, TimeUnit.SECONDS);
      closing.get(10, TimeUnit.SECONDS);
      assertEquals(5, count(db), "committed before the close");
    }
  }

  @Test
  void nullBodyIsIllegalArgument() {
    try (DB db = DB.memory()) {
      assertThrows(IllegalArgumentException.class, () -> db.withTransaction((TxBody<Object>) null));
      assertThrows(IllegalArgumentException.class, () -> db.withTransaction((TxRunnable) null));
      assertThrows(IllegalArgumentException.class, () -> db.withSavepoint(null));
    }
  }

  /** A body interrupted while waiting rolls back; the caller still sees the interrupt. */
  @Test
  void interruptedBodyRollsBackAndKeepsTheInterruptFlag() {
    try (DB db = withCounter(DB.memory())) {
      StratoException e = assertThrows(StratoException.class, () -> db.withTransaction(() -> {
        db.run("UPDATE c SET n = 9");
        throw new InterruptedException("stop");
      }));
      boolean interrupted = Thread.interrupted(); // also clears it for the next test
      assertTrue(interrupted, "interrupt flag restored");
      assertInstanceOf(InterruptedException.class, e.getCause());
      assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
      assertEquals(0, count(db), "rolled back");
    }
  }
}
