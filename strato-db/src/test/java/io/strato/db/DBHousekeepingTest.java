package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Auto-vacuum and optimize housekeeping thread. */
@Timeout(30)
class DBHousekeepingTest {
  @TempDir Path dir;

  private static long pragma(DB db, String p) {
    Row r = db.get("PRAGMA " + p).orElseThrow();
    return r.getLong(r.columns().get(0));
  }

  private static Thread housekeepingThread(String dbName) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("strato-db-housekeeping-" + dbName) && t.isAlive())
        .findFirst().orElse(null);
  }

  @Test
  void autoVacuumStartsDaemonThreadAndCloseStopsIt() throws Exception {
    try (DB db = DB.builder().file(dir.resolve("v.db")).name("hk1").autoVacuum(true)
        .vacuumInterval(Duration.ofMillis(50)).vacuumPageCount(100).build()) {
      assertFalse(db.isHousekeepingRunning(), "nothing before open");
      db.open();
      assertTrue(db.isHousekeepingRunning());
      assertEquals(2, pragma(db, "auto_vacuum"), "incremental");
      Thread t = housekeepingThread("hk1");
      assertNotNull(t);
      assertTrue(t.isDaemon());
      db.close();
      assertFalse(db.isHousekeepingRunning());
      t.join(5000);
      assertFalse(t.isAlive(), "thread ended on close");
      // reopen starts it again
      db.get("SELECT 1");
      assertTrue(db.isHousekeepingRunning());
    }
  }

  @Test
  void incrementalVacuumFreesPages() throws Exception {
    int pageCount = 50;
    try (DB db = DB.builder().file(dir.resolve("free.db")).autoVacuum(true)
        .vacuumInterval(Duration.ofMillis(100)).vacuumPageCount(pageCount).build()) {
      db.exec("CREATE TABLE big(b BLOB)");
      db.withTransaction(() -> {
        for (int i = 0; i < 200; i++) {
          db.run("INSERT INTO big VALUES (?)", new byte[8000]);
        }
      });
      db.exec("DELETE FROM big");
      long free0 = pragma(db, "freelist_count");
      assertTrue(free0 > 2 * pageCount, "pages freed by the delete: " + free0);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      long free = free0;
      while (free > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
        free = pragma(db, "freelist_count");
        if (free < free0) {
          break;
        }
      }
      assertTrue(free < free0, "housekeeping released pages: " + free0 + " -> " + free);
      assertTrue(free0 - free >= pageCount || free == 0,
          "a step frees vacuumPageCount pages, not one: " + free0 + " -> " + free);
    }
  }

  @Test
  void noVacuumThreadWithoutAutoVacuumAndOptimizeOff() {
    try (DB db = DB.builder().file(dir.resolve("n.db")).optimizeInterval(Duration.ZERO).build()) {
      db.open();
      assertFalse(db.isHousekeepingRunning());
      assertEquals(0, pragma(db, "auto_vacuum"));
    }
  }

  @Test
  void readOnlyHasNoHousekeeping() {
    Path f = dir.resolve("ro.db");
    try (DB db = DB.file(f)) {
      db.exec("CREATE TABLE t(x)");
    }
    try (DB db = DB.builder().file(f).readOnly(true).autoVacuum(true).vacuumInterval(Duration.ofMillis(50)).build()) {
      db.open();
      assertFalse(db.isHousekeepingRunning());
    }
  }

  @Test
  void existingDbIsSwitchedToIncremental() {
    Path f = dir.resolve("e.db");
    try (DB db = DB.file(f)) {
      db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1)");
      assertEquals(0, pragma(db, "auto_vacuum"));
    }
    try (DB db = DB.builder().file(f).autoVacuum(true).build()) {
      assertEquals(2, pragma(db, "auto_vacuum"));
      assertEquals(1, db.all("SELECT * FROM t").size());
      assertEquals("wal", db.get("PRAGMA journal_mode").orElseThrow().getString("journal_mode"));
    }
  }

  /** {@code optimizeInterval}: "It also runs once on close", so the next open plans with statistics. */
  @Test
  void closeRunsOptimizeWhichGathersPlannerStatistics() {
    Path f = dir.resolve("opt.db");
    String stat1 = "SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'";
    try (DB db = DB.builder().file(f).optimizeInterval(Duration.ZERO).build()) {
      db.exec("CREATE TABLE t(x, y); CREATE INDEX t_x ON t(x)");
      db.withTransaction(() -> {
        for (int i = 0; i < 2000; i++) {
          db.run("INSERT INTO t VALUES (?, ?)", i % 10, i);
        }
      });
      db.all("SELECT y FROM t WHERE x = 3");
      assertEquals(0L, db.get(stat1).orElseThrow().getLong("n"), "no statistics before close");
    }
    try (DB db = DB.builder().file(f).readOnly(true).build()) {
      assertEquals(1L, db.get(stat1).orElseThrow().getLong("n"), "close ran PRAGMA optimize (ANALYZE)");
    }
  }

  /** optimizeInterval: PRAGMA optimize also runs periodically while the DB is open. */
  @Test
  void optimizeRunsPeriodicallyWhileOpen() throws Exception {
    try (DB db = DB.builder().file(dir.resolve("periodic.db")).optimizeInterval(Duration.ofMillis(50)).build()) {
      db.exec("CREATE TABLE t(x, y); CREATE INDEX t_x ON t(x)");
      db.withTransaction(() -> {
        for (int i = 0; i < 2000; i++) {
          db.run("INSERT INTO t VALUES (?, ?)", i % 10, i);
        }
      });
      String stat1 = "SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'";
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (db.get(stat1).orElseThrow().getLong("n") == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(1L, db.get(stat1).orElseThrow().getLong("n"), "a periodic PRAGMA optimize ran ANALYZE");
    }
  }
}
