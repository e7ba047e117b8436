package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The background WAL checkpointer ({@code DB.Builder.checkpointInterval}). */
@Timeout(60)
class DBCheckpointTest {
  @TempDir Path dir;

  private static Thread checkpointThread(String dbName) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("strato-db-checkpoint-" + dbName) && t.isAlive())
        .findFirst().orElse(null);
  }

  /** About 1 MB of committed rows: well under SQLite's own 1,000-page auto-checkpoint. */
  private static void writeAboutOneMegabyte(DB db) {
    db.exec("CREATE TABLE big(id INTEGER PRIMARY KEY, b BLOB)");
    db.withTransaction(() -> {
      for (int i = 0; i < 128; i++) {
        db.run("INSERT INTO big(b) VALUES (?)", new byte[8000]);
      }
    });
  }

  private static boolean waitForMainFileSize(Path file, long atLeast, long millis) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      if (Files.size(file) >= atLeast) {
        return true;
      }
      Thread.sleep(10);
    }
    return Files.size(file) >= atLeast;
  }

  @Test
  void committedPagesReachTheMainFileWithoutAnotherWrite() throws Exception {
    Path file = dir.resolve("ck.db");
    try (DB db = DB.builder().file(file).name("ck1").checkpointInterval(Duration.ofMillis(20)).build()) {
      writeAboutOneMegabyte(db);
      assertTrue(waitForMainFileSize(file, 1_000_000, 10_000),
          "the background checkpoint copied the WAL into the file; size now " + Files.size(file));
      assertEquals(128L, db.get("SELECT count(*) AS n FROM big").orElseThrow().getLong("n"));
    }
  }

  /** The thread sleeps while nothing is written; the first commit after that must wake it. */
  @Test
  void aWriteAfterAnIdleSpellIsCheckpointedToo() throws Exception {
    Path file = dir.resolve("idle.db");
    try (DB db = DB.builder().file(file).name("ck-idle").checkpointInterval(Duration.ofMillis(20)).build()) {
      writeAboutOneMegabyte(db);
      assertTrue(waitForMainFileSize(file, 1_000_000, 10_000), "first megabyte checkpointed");
      Thread.sleep(200); // the thread is idle now, waiting for a write
      db.exec("CREATE TABLE big2(id INTEGER PRIMARY KEY, b BLOB)");
      Thread.sleep(200); // the CREATE TABLE is checkpointed: only the commit below can wake the thread
      db.withTransaction(() -> {
        for (int i = 0; i < 128; i++) {
          db.run("INSERT INTO big2(b) VALUES (?)", new byte[8000]);
        }
      });
      assertTrue(waitForMainFileSize(file, 2_000_000, 10_000),
          "the idle thread woke for the new commits; size now " + Files.size(file));
    }
  }

  /** Writes outside a transaction commit on their own; the thread must hear of them too. */
  @Test
  void anAutocommitWriteIsCheckpointedToo() throws Exception {
    Path file = dir.resolve("auto.db");
    try (DB db = DB.builder().file(file).name("ck-auto").checkpointInterval(Duration.ofMillis(20)).build()) {
      db.exec("CREATE TABLE big(id INTEGER PRIMARY KEY, b BLOB)");
      Thread.sleep(200); // the open's commits are checkpointed; the thread waits for a write
      db.run("INSERT INTO big(b) VALUES (?)", new byte[1_000_000]);
      assertTrue(waitForMainFileSize(file, 1_000_000, 10_000),
          "the autocommit INSERT reached the main file; size now " + Files.size(file));
    }
  }

  @Test
  void withTheThreadOffTheWalKeepsSmallCommitsUntilSqlitesOwnThreshold() throws Exception {
    Path file = dir.resolve("off.db");
    try (DB db = DB.builder().file(file).name("ck2").checkpointInterval(Duration.ZERO).build()) {
      writeAboutOneMegabyte(db);
      assertNull(checkpointThread("ck2"));
      assertFalse(waitForMainFileSize(file, 1_000_000, 300),
          "without the thread nothing copies 1 MB of WAL before 1,000 pages; size " + Files.size(file));
    }
  }

  @Test
  void threadRunsWhileOpenAndStopsOnClose() throws Exception {
    try (DB db = DB.builder().file(dir.resolve("t.db")).name("ck3").build()) {
      assertNull(checkpointThread("ck3"), "nothing before open");
      db.exec("CREATE TABLE t(x)");
      Thread t = checkpointThread("ck3");
      assertNotNull(t, "started with the writer");
      assertTrue(t.isDaemon());
      db.close();
      assertFalse(t.isAlive(), "stopped (and its connection closed) when close() returns");
      db.run("INSERT INTO t VALUES (1)"); // reopens
      assertNotNull(checkpointThread("ck3"), "started again on reopen");
    }
  }

  @Test
  void noThreadForInMemoryOrReadOnlyDatabases() throws Exception {
    Path file = dir.resolve("ro.db");
    try (DB db = DB.builder().file(file).build()) {
      db.exec("CREATE TABLE t(x)");
    }
    try (DB ro = DB.builder().file(file).name("ck-ro").readOnly(true).build();
        DB mem = DB.builder().name("ck-mem").build()) {
      ro.get("SELECT count(*) FROM t");
      mem.exec("CREATE TABLE t(x)");
      assertNull(checkpointThread("ck-ro"));
      assertNull(checkpointThread("ck-mem"));
    }
  }

  @Test
  void manyCommitsStayReadableFromAnotherConnectionWhileCheckpointing() throws Exception {
    Path file = dir.resolve("many.db");
    try (DB db = DB.builder().file(file).checkpointInterval(Duration.ofMillis(1)).build()) {
      db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
      for (int i = 1; i <= 2000; i++) {
        db.run("INSERT INTO t(id, v) VALUES (?, ?)", i, "v" + i);
        if (i % 500 == 0) {
          try (DB other = DB.builder().file(file).readOnly(true).build()) {
            assertEquals(i, other.get("SELECT count(*) AS n FROM t").orElseThrow().getLong("n"));
          }
        }
      }
      assertEquals("ok", db.get("PRAGMA integrity_check").orElseThrow().getString("integrity_check"));
    }
  }

  @Test
  void builderRejectsNegativeAndNull() {
    assertThrows(IllegalArgumentException.class, () -> DB.builder().checkpointInterval(Duration.ofMillis(-1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DB.builder().checkpointInterval(null));
    assertTrue(e.getMessage().contains("checkpointInterval"), e.getMessage());
  }

  /** Between writes the thread waits for the next one instead of polling the WAL. */
  @Test
  void anIdleThreadWaitsForAWriteInsteadOfPolling() throws Exception {
    try (DB db = DB.builder().file(dir.resolve("w.db")).name("ck-wait").checkpointInterval(Duration.ofMillis(20)).build()) {
      writeAboutOneMegabyte(db);
      Thread t = checkpointThread("ck-wait");
      assertNotNull(t);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      int waitingInARow = 0;
      while (waitingInARow < 20 && System.nanoTime() < deadline) {
        waitingInARow = t.getState() == Thread.State.WAITING ? waitingInARow + 1 : 0;
        Thread.sleep(5);
      }
      assertEquals(20, waitingInARow, "parked without a timeout for 100 ms; state now " + t.getState());
    }
  }

  /** close() interrupts the thread's pause: it does not wait out a long interval. */
  @Test
  void closeDoesNotWaitOutTheCheckpointInterval() throws Exception {
    DB db = DB.builder().file(dir.resolve("long.db")).name("ck-long").checkpointInterval(Duration.ofSeconds(30)).build();
    db.exec("CREATE TABLE t(x)"); // wakes the thread: it now pauses 30 s before checkpointing
    Thread t = checkpointThread("ck-long");
    assertNotNull(t);
    long t0 = System.nanoTime();
    db.close();
    long tookMs = (System.nanoTime() - t0) / 1_000_000;
    assertFalse(t.isAlive());
    assertTrue(tookMs < 5000, "close took " + tookMs + " ms");
  }
}
