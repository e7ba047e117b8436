package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Another OS process holding the write lock. */
@Timeout(60)
class DBMultiProcessTest {
  @TempDir Path dir;
  final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killHolders() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts the holder and returns once it holds the lock, with a reader of its output. */
  private BufferedReader holdLock(Path file, long millis, String sql) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The holder is killed at the end: its copy of sqlite-jdbc's native library goes under
    // target/ instead of staying behind in /tmp.
    Path nativeDir = Files.createDirectories(Path.of("target", "child-native").toAbsolutePath());
    List<String> cmd = new ArrayList<>(List.of(java, "-Dorg.sqlite.tmpdir=" + nativeDir, "-cp",
        System.getProperty("java.class.path"), LockHolderMain.class.getName(), file.toString(), Long.toString(millis)));
    if (sql != null) {
      cmd.add(sql);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    processes.add(p);
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> {
      try {
        String l;
        while ((l = out.readLine()) != null) {
          if (l.equals("LOCKED") || l.startsWith("ERROR")) {
            return l;
          }
        }
        return "EOF";
      } catch (java.io.IOException e) {
        return "IO " + e;
      }
    }).get(30, TimeUnit.SECONDS);
    assertEquals("LOCKED", line, "holder process should report the lock");
    return out;
  }

  private static DB prepared(Path f, Duration busy) {
    DB db = DB.builder().file(f).busyTimeout(busy).build();
    db.exec("CREATE TABLE IF NOT EXISTS t(who TEXT)");
    return db;
  }

  @Test
  void transactionWaitsForOtherProcessThenSucceeds() throws Exception {
    Path f = dir.resolve("mp.db");
    try (DB db = prepared(f, Duration.ofSeconds(10))) {
      long holdMs = 1500;
      holdLock(f, holdMs, "INSERT INTO t VALUES ('holder')");
      long t0 = System.nanoTime();
      long seen = db.withTransaction(() -> {
        long n = db.get("SELECT count(*) AS c FROM t WHERE who = 'holder'").orElseThrow().getLong("c");
        db.run("INSERT INTO t VALUES ('us')");
        return n;
      });
      long waitedMs = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(1, seen, "our transaction ran after the holder committed");
      assertTrue(waitedMs >= 100, "waited for the other process: " + waitedMs + " ms");
      assertEquals(2, db.all("SELECT * FROM t").size());
    }
  }

  @Test
  void transactionFailsWithBusyWhenOtherProcessHoldsLockPastBudget() throws Exception {
    Path f = dir.resolve("busy.db");
    try (DB db = prepared(f, Duration.ofMillis(600))) {
      holdLock(f, 20_000, null);
      long t0 = System.nanoTime();
      DBException e = assertThrows(DBException.class, () -> db.withTransaction(() -> db.run("INSERT INTO t VALUES ('us')")));
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      assertEquals(DBException.SQLITE_BUSY, e.primaryCode(), e.getMessage());
      assertTrue(e.getMessage().contains("locked"), e.getMessage());
      assertTrue(e.getMessage().contains("600 ms"), "names the budget: " + e.getMessage());
      assertTrue(tookMs >= 500 && tookMs < 5000, "gave up after about the budget: " + tookMs + " ms");
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("after (\\d+) attempts").matcher(e.getMessage());
      assertTrue(m.find(), e.getMessage());
      int attempts = Integer.parseInt(m.group(1));
      // back-off doubling from ~2 ms to 200 ms: about a dozen tries in 600 ms, not a busy spin
      assertTrue(attempts >= 4 && attempts <= 40, "backed off between attempts: " + e.getMessage());
      assertFalse(db.inTransaction());
      // reads are not blocked by the other process (WAL)
      assertEquals(0, db.all("SELECT * FROM t").size());
      // a plain write outside a transaction also gives up with SQLITE_BUSY
      DBException w = assertThrows(DBException.class, () -> db.run("INSERT INTO t VALUES ('us')"));
      assertEquals(DBException.SQLITE_BUSY, w.primaryCode(), w.getMessage());
    }
  }

  @Test
  void dbWorksAgainAfterOtherProcessEnds() throws Exception {
    Path f = dir.resolve("again.db");
    try (DB db = prepared(f, Duration.ofMillis(300))) {
      BufferedReader out = holdLock(f, 1500, "INSERT INTO t VALUES ('holder')");
      assertThrows(DBException.class, () -> db.withTransaction(() -> db.run("INSERT INTO t VALUES ('us')")));
      long before = db.dataVersion();
      assertEquals("RELEASED", CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (java.io.IOException e) {
          return "IO " + e;
        }
      }).get(20, TimeUnit.SECONDS));
      assertNotEquals(before, db.dataVersion(), "the other process committed");
      db.withTransaction(() -> db.run("INSERT INTO t VALUES ('us')"));
      assertEquals(2, db.all("SELECT * FROM t").size());
    }
  }
}
