package io.strato.queue;

import static io.strato.queue.QueueTestSupport.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.DB;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentAddTest {
  static final int THREADS = 8;
  static final int PER_THREAD = 500;

  @TempDir Path dir;

  @Test
  void manyThreadsInMemory() throws Exception {
    try (DB db = DB.memory()) {
      check(db);
    }
  }

  @Test
  void manyThreadsOnFile() throws Exception {
    try (DB db = DB.file(dir.resolve("q.db"))) {
      check(db);
    }
  }

  private void check(DB db) throws Exception {
    EventQueue q = queue(db);
    q.add("warmup", null); // v 1
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Long>>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        go.await();
        List<Long> vs = new ArrayList<>(PER_THREAD);
        for (int i = 0; i < PER_THREAD; i++) {
          vs.add(q.add("t" + thread, Map.of("i", i, "thread", thread)).v());
        }
        return vs;
      }));
    }
    go.countDown();
    TreeSet<Long> all = new TreeSet<>();
    for (Future<List<Long>> f : futures) {
      List<Long> vs = f.get(60, TimeUnit.SECONDS);
      for (int i = 1; i < vs.size(); i++) {
        assertTrue(vs.get(i) > vs.get(i - 1), "adds of one thread keep their order");
      }
      all.addAll(vs);
    }
    pool.shutdown();
    int n = THREADS * PER_THREAD;
    assertEquals(n, all.size(), "distinct versions");
    assertEquals(2L, all.first());
    assertEquals(n + 1L, all.last(), "gapless");
    assertEquals(n + 1L, q.getMaxV());
    assertEquals(n + 1L, q.count(Map.of()));
    // each stored event has the payload of the add that got its version
    Event e = q.get(all.last()).orElseThrow();
    assertEquals(e.type(), "t" + e.data().get("thread").asInt());
    assertEquals(n + 1L, db.get("SELECT COUNT(DISTINCT v) AS c FROM history").orElseThrow().getLong("c"));
  }
}
