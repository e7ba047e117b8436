package io.strato.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.Row;
import io.strato.es.EventSourcingDB;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three JVMs open the same new file at the same moment (running its migrations concurrently) and
 * each dispatches N events: every event is processed exactly once, in order, versions gapless,
 * each reducer saw the state of v-1, each process's events keep their order, and no process
 * failed (SQLITE_BUSY never surfaced).
 */
class MultiProcessTest {
  static final int PROCESSES = 3;
  static final int PER_PROCESS = Integer.getInteger("strato.mp.events", Boolean.getBoolean("strato.soak") ? 5000 : 1000);

  @TempDir Path dir;

  @Test
  void threeProcessesDispatchIntoOneFile() {
    assertTimeoutPreemptively(Duration.ofSeconds(90 + PROCESSES * PER_PROCESS / 25), this::run);
  }

  private void run() throws Exception {
    Path file = dir.resolve("shared.db");
    List<ChildJvm> children = new ArrayList<>();
    long t0;
    try {
      for (int w = 0; w < PROCESSES; w++) {
        children.add(new ChildJvm(TickWorker.class, file.toString(), String.valueOf(w), String.valueOf(PER_PROCESS)));
      }
      for (ChildJvm c : children) {
        c.await("STARTED", 30_000);
      }
      t0 = System.nanoTime();
      for (ChildJvm c : children) {
        c.send("GO");
      }
      for (ChildJvm c : children) {
        int code = c.waitFor(120_000);
        assertEquals(0, code, "a worker failed\n" + c.output());
        assertFalse(c.output().contains("SQLITE_BUSY"), c.output());
        c.await("DONE", 1_000);
      }
    } finally {
      for (ChildJvm c : children) {
        c.close();
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    int total = PROCESSES * PER_PROCESS;
    try (EventSourcingDB es = Bank.builder(file).build()) {
      assertEquals(total, es.getVersion(), "state version");
      List<Row> events = es.db().all("SELECT v, type, result IS NOT NULL AS r, json_extract(json, '$.error') AS err,"
          + " json_extract(data, '$.worker') AS w, json_extract(data, '$.seq') AS s FROM history ORDER BY v");
      assertEquals(total, events.size(), "events in history");
      Map<Long, Long> lastSeq = new HashMap<>();
      for (int i = 0; i < events.size(); i++) {
        Row r = events.get(i);
        long v = r.getLong("v");
        assertEquals(i + 1, v, "gapless versions");
        assertEquals("tick", r.getString("type"));
        assertEquals(1L, r.getLong("r"), "event " + v + " has a result");
        assertNull(r.get("err"), "event " + v + " failed");
        long prev = lastSeq.getOrDefault(r.getLong("w"), -1L);
        assertEquals(prev + 1, r.getLong("s"), "worker " + r.getLong("w") + "'s events keep their order (v " + v + ")");
        lastSeq.put(r.getLong("w"), r.getLong("s"));
      }
      Row c = es.db().get("SELECT json_extract(json, '$.n') AS n, json_extract(json, '$.lastV') AS lastV FROM ticks"
          + " WHERE id = 'c'").orElseThrow();
      assertEquals(total, c.getLong("n"), "every event counted exactly once");
      assertEquals(total, c.getLong("lastV"));
      List<Row> ticks = es.db().all("SELECT id, json_extract(json, '$.v') AS v, json_extract(json, '$.sawN') AS n"
          + " FROM ticks WHERE id != 'c' ORDER BY json_extract(json, '$.v')");
      assertEquals(total, ticks.size(), "one row per event");
      for (int i = 0; i < ticks.size(); i++) {
        assertEquals(i + 1, ticks.get(i).getLong("v"));
        assertEquals(i, ticks.get(i).getLong("n"), "event " + (i + 1) + " saw the state of v-1");
      }
      long migrations = es.db().get("SELECT count(*) AS n FROM \"{sdb} migrations\"").orElseThrow().getLong("n");
      long distinct = es.db().get("SELECT count(DISTINCT runKey) AS n FROM \"{sdb} migrations\"").orElseThrow().getLong("n");
      assertEquals(distinct, migrations, "each migration ran once despite three concurrent opens");
      assertNotNull(c);
    }
    System.out.printf("MultiProcessTest: %d processes x %d events = %d processed exactly once in %d ms%n", PROCESSES,
        PER_PROCESS, total, ms);
    Report.put("mp.processes", PROCESSES);
    Report.put("mp.events", total);
    Report.put("mp.ms", ms);
    assertTrue(ms > 0);
  }
}
