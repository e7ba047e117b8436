package io.strato.es;

import static io.strato.es.Es.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.Row;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.Reducer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs dispatch into the same file at once: every event is processed exactly once. */
class MultiProcessTest {
  @TempDir Path dir;

  /** Increments "c".n and records the version it saw, per event. */
  static Reducer counter() {
    return Es.red("c", c -> {
      long n = Es.num(c.model(), "c", "n");
      return ReduceResult.result().set(obj("id", "c", "n", n + 1, "lastV", c.event().v()));
    });
  }

  @Test
  void twoProcessesDispatchConcurrently() throws Exception {
    Path file = dir.resolve("shared.db");
    int n = 500;
    // create the schema first so both processes start from an existing file
    try (EventSourcingDB es = EventSourcingDB.builder().file(file).reducer(counter()).build()) {
      es.open();
    }
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        ChildDispatcherMain.class.getName(), file.toString(), String.valueOf(n))
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    try (EventSourcingDB es = EventSourcingDB.builder().file(file).reducer(counter())
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).build()) {
      // start dispatching once the child is dispatching too, so the two really overlap
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (es.queue().getMaxV() == 0 && child.isAlive() && System.nanoTime() < until) {
        Thread.sleep(2);
      }
      assertTrue(child.isAlive(), "the child is still dispatching when the parent starts");
      for (int i = 0; i < n; i++) {
        es.dispatch("inc", Map.of("from", "parent", "i", i));
      }
      assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child finished");
      String log = java.nio.file.Files.readString(dir.resolve("child.log"));
      assertEquals(0, child.exitValue(), log);
      assertTrue(log.contains("done"), log);
      es.waitForQueue();
      assertEquals(2 * n, es.getVersion());
      assertEquals(2 * n, Es.num(Es.model(es, "c"), "c", "n"), "every event counted exactly once");
      List<Row> rows = es.db().all("SELECT v, type, json_extract(data, '$.from') AS src, result FROM history ORDER BY v");
      assertEquals(2 * n, rows.size());
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        assertEquals(i + 1, r.getLong("v"), "gapless versions");
        assertTrue(r.getString("result") != null && r.getString("result").contains("\"n\":" + (i + 1)),
            "event " + (i + 1) + " saw the state of v-1: " + r.getString("result"));
      }
      assertEquals(n, rows.stream().filter(r -> "child".equals(r.getString("src"))).count());
    } finally {
      child.destroyForcibly();
    }
  }
}
