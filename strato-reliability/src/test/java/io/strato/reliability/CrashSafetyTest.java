package io.strato.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.es.EventSourcingDB;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 safety: a child JVM runs the transfer workload on a file and is killed with
 * {@code destroyForcibly()} at random moments, again and again. After every kill the file must
 * hold a consistent state (see {@link Checks#bankInvariants}); the restarted worker checks the
 * same after processing what was left in the queue; and at the end a fresh database rebuilt by
 * replaying the history has exactly the same tables and results.
 */
class CrashSafetyTest {
  static final int KILLS = Integer.getInteger("strato.crash.kills", Boolean.getBoolean("strato.soak") ? 100 : 25);

  @TempDir Path dir;

  @Test
  void survivesRandomKills() {
    // bounded: about 2 s per kill is plenty (start-up ~1 s + 100-600 ms run + checks)
    assertTimeoutPreemptively(Duration.ofSeconds(60 + 4L * KILLS), this::run);
  }

  private void run() throws Exception {
    Path file = dir.resolve("bank.db");
    Random rnd = new Random(Long.getLong("strato.seed", System.nanoTime()));
    long lastVersion = 0;
    long pendingAfterKills = 0;
    long startupMs = 0;
    for (int round = 0; round < KILLS; round++) {
      String when = "after kill " + (round + 1);
      long t0 = System.nanoTime();
      try (ChildJvm child = new ChildJvm(TransferWorker.class, file.toString(), String.valueOf(rnd.nextLong()), "3")) {
        String ready = child.await("READY", 30_000);
        startupMs += (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ready.contains("total=" + Bank.TOTAL), "restart " + round + ": " + ready + "\n" + child.output());
        Thread.sleep(100 + rnd.nextInt(501));
        assertTrue(child.process.isAlive(), "worker died on its own\n" + child.output());
        child.kill();
      }
      try (DB db = DB.builder().file(file).name("check").build()) {
        Checks.Stats s = Checks.bankInvariants(db, when);
        assertTrue(s.version() >= lastVersion, when + ": version went back from " + lastVersion + " to " + s.version());
        lastVersion = s.version();
        pendingAfterKills += s.unprocessed();
      }
    }
    // process what the last kill left, check again, then replay the whole history
    Checks.Stats fin;
    Map<String, List<Map<String, Object>>> crashed;
    List<Row> history;
    try (EventSourcingDB es = Bank.builder(file).build()) {
      es.waitForQueue();
      fin = Checks.bankInvariants(es.db(), "final");
      assertEquals(0, fin.unprocessed());
      crashed = Checks.dump(es.db(), true, "history", "sqlite_sequence", "{sdb} migrations");
      history = es.db().all("SELECT v, type, ts, data, result FROM history ORDER BY v");
    }
    assertTrue(fin.applied() > 50, "too few transfers applied to be meaningful: " + fin);
    Path replayFile = dir.resolve("replay.db");
    try (EventSourcingDB fresh = Bank.builder(replayFile).build()) {
      for (Row r : history) {
        JsonNode data = r.getString("data") == null ? null : Bank.M.readTree(r.getString("data"));
        fresh.queue().add(r.getString("type"), data, r.getLong("ts"));
      }
      fresh.waitForQueue();
      assertEquals(fin.version(), fresh.getVersion());
      Checks.assertSameTables(crashed, Checks.dump(fresh.db(), true, "history", "sqlite_sequence", "{sdb} migrations"),
          "replaying the history must rebuild exactly the same tables");
      List<Row> replayed = fresh.db().all("SELECT v, type, ts, data, result FROM history ORDER BY v");
      assertEquals(history.size(), replayed.size());
      for (int i = 0; i < history.size(); i++) {
        Map<String, Object> a = new java.util.LinkedHashMap<>(history.get(i).asMap());
        Map<String, Object> b = new java.util.LinkedHashMap<>(replayed.get(i).asMap());
        a.replaceAll((k, v) -> v instanceof String str ? Checks.json(str) : v);
        b.replaceAll((k, v) -> v instanceof String str ? Checks.json(str) : v);
        assertEquals(a, b, "event " + (i + 1) + " replays to the same result");
      }
    }
    System.out.printf("CrashSafetyTest: %d kills survived, %d events processed (%d transfers applied, %d no-ops),"
        + " %d events found unprocessed after kills%n", KILLS, fin.version(), fin.applied(), fin.noops(), pendingAfterKills);
    Report.put("crash.kills", KILLS);
    Report.put("crash.avgStartupMs", startupMs / KILLS);
    Report.put("crash.events", fin.version());
    Report.put("crash.applied", fin.applied());
    Report.put("crash.noops", fin.noops());
    Report.put("crash.pendingAfterKills", pendingAfterKills);
  }
}
