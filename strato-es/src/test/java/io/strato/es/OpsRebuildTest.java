package io.strato.es;

import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.Row;
import io.strato.db.StratoException;
import io.strato.es.spi.ReduceResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operations part three: rebuild into shadow tables and one swap (SPEC §9). */
class OpsRebuildTest {
  /** The "code version": n = data.n * FACTOR. */
  static final AtomicInteger FACTOR = new AtomicInteger(1);
  /** Runs inside every reduce of "acc" (to slow or hold a replay). */
  static final AtomicReference<Runnable> ON_REDUCE = new AtomicReference<>(() -> {});

  @TempDir Path dir;

  @AfterEach
  void reset() {
    FACTOR.set(1);
    ON_REDUCE.set(() -> {});
  }

  /** Models "acc" and "other", both n = data.n * FACTOR. */
  static EventSourcingDB.Builder builder(Path file) {
    return EventSourcingDB.builder().file(file).retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
        .reducer(red("acc", c -> {
          ON_REDUCE.get().run();
          return ReduceResult.result().set(obj("id", c.event().data().path("id").asText(),
              "n", c.event().data().path("n").asInt() * FACTOR.get()));
        }))
        .reducer(red("other", c -> ReduceResult.result().set(obj("id", c.event().data().path("id").asText(),
            "n", c.event().data().path("n").asInt() * FACTOR.get()))));
  }

  static List<Map<String, Object>> rows(EventSourcingDB es, String table) {
    return es.db().all("SELECT * FROM \"" + table + "\" ORDER BY id").stream().map(Row::asMap).toList();
  }

  static long n(EventSourcingDB es, String table, String id) {
    return Es.num(Es.model(es, table), id, "n");
  }

  @Test
  void rebuildRunsTheCurrentCodeOverTheHistoryForTheGivenModelsOnly() {
    try (EventSourcingDB es = builder(dir.resolve("es.db")).build()) {
      for (int i = 1; i <= 20; i++) {
        es.dispatch("set", Map.of("id", "k" + (i % 5), "n", i));
      }
      es.db().run("DELETE FROM acc WHERE id = 'k1'"); // drift the rebuild repairs
      FACTOR.set(10);
      List<Long> progress = new ArrayList<>();
      es.operations().rebuild(List.of("acc"), (done, total) -> progress.add(done));
      assertEquals(20, es.getVersion(), "same version");
      assertEquals(160, n(es, "acc", "k1"), "k1 last set by event 16");
      assertEquals(200, n(es, "acc", "k0"));
      assertEquals(20, n(es, "other", "k0"), "other models untouched");
      assertEquals(5, rows(es, "acc").size());
      assertFalse(progress.isEmpty());
      assertEquals(20L, progress.get(progress.size() - 1));
      es.dispatch("set", Map.of("id", "k9", "n", 1));
      assertEquals(10, n(es, "acc", "k9"), "processing goes on after the swap");
      assertEquals(0, Files.exists(dir.resolve("es.db.rebuild.db")) ? 1 : 0, "scratch file removed");
    }
  }

  @Test
  void badInputIsAClearErrorAndChangesNothing() {
    try (EventSourcingDB es = builder(dir.resolve("es.db")).build()) {
      es.dispatch("set", Map.of("id", "a", "n", 1));
      FACTOR.set(3);
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
          () -> es.operations().rebuild("acc", "nope"));
      assertTrue(unknown.getMessage().contains("unknown model 'nope'") && unknown.getMessage().contains("acc"),
          unknown.getMessage());
      assertEquals(1, n(es, "acc", "a"), "nothing rebuilt");
      assertThrows(IllegalArgumentException.class, () -> es.operations().rebuild());
      assertThrows(IllegalArgumentException.class, () -> es.operations().rebuild(List.of(), null));
    }
  }

  @Test
  void aSecondRebuildIsRefusedAndDispatchesGoOnDuringTheReplay() throws Exception {
    try (EventSourcingDB es = builder(dir.resolve("es.db")).build()) {
      for (int i = 1; i <= 5; i++) {
        es.dispatch("set", Map.of("id", "k" + i, "n", i));
      }
      CountDownLatch inReplay = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      FACTOR.set(2);
      ON_REDUCE.set(() -> {
        inReplay.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      CompletableFuture<Void> first = CompletableFuture.runAsync(() -> es.operations().rebuild("acc"));
      assertTrue(inReplay.await(30, TimeUnit.SECONDS), "the replay started");
      StratoException busy = assertThrows(StratoException.class, () -> es.operations().rebuild("other"));
      assertTrue(busy.getMessage().contains("another rebuild"), busy.getMessage());
      try (EventSourcingDB second = builder(dir.resolve("es.db")).build()) {
        assertThrows(StratoException.class, () -> second.operations().rebuild("acc"), "another DB object too");
      }
      assertEquals(1, n(es, "acc", "k1"), "live table untouched during the replay");
      ON_REDUCE.set(() -> {}); // live processing must not block; the replay thread still waits on release
      es.dispatch("set", Map.of("id", "k6", "n", 6));
      assertEquals(6, es.getVersion(), "a dispatch during the replay is processed");
      release.countDown();
      first.get(60, TimeUnit.SECONDS);
      assertEquals(2, n(es, "acc", "k1"));
      assertEquals(12, n(es, "acc", "k6"), "the swap caught up with the event dispatched meanwhile");
      es.operations().rebuild("other");
      assertEquals(12, n(es, "other", "k6"), "the lock was released");
    }
  }

  @Test
  void killDashNineDuringARebuildLeavesTheLiveTablesUntouched() throws Exception {
    Path file = dir.resolve("es.db");
    List<Map<String, Object>> before;
    try (EventSourcingDB es = builder(file).build()) {
      for (int i = 1; i <= 400; i++) {
        es.dispatch("set", Map.of("id", "k" + (i % 50), "n", i));
      }
      before = rows(es, "acc");
    }
    Path marker = dir.resolve("replaying");
    Path tmp = Files.createDirectories(dir.resolve("sqlite-tmp"));
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(javaBin, "-Dorg.sqlite.tmpdir=" + tmp, "-cp",
        System.getProperty("java.class.path"), RebuildChildMain.class.getName(), file.toString(), marker.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    try {
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(marker) && child.isAlive() && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertTrue(Files.exists(marker), "the child started replaying: " + Files.readString(dir.resolve("child.log")));
      Thread.sleep(300);
      assertTrue(child.isAlive(), "still rebuilding when killed");
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    assertFalse(Files.readString(dir.resolve("child.log")).contains("rebuild finished"));
    try (EventSourcingDB es = builder(file).build()) {
      assertEquals(before, rows(es, "acc"), "live rows untouched by the killed rebuild");
      assertEquals(400, es.getVersion());
      assertEquals("ok", es.db().get("PRAGMA integrity_check").orElseThrow().getString("integrity_check"));
      FACTOR.set(2);
      es.operations().rebuild("acc"); // not blocked by the dead process; its scratch file is replaced
      assertEquals(2 * 400, n(es, "acc", "k0"));
      assertFalse(Files.exists(dir.resolve("es.db.rebuild.db")));
    }
  }
}
