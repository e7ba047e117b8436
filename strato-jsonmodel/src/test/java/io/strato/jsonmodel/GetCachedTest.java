package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBListener;
import io.strato.db.QueryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** getCached: batching of concurrent lookups, memoisation and clearing. */
class GetCachedTest {
  private final DB db = DB.memory();
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private JsonModel<ObjectNode> m;
  private JsonModel<ObjectNode> slow;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @BeforeEach
  void setUp() {
    ModelConfig<ObjectNode> cfg = ModelConfig.builder("things")
        .column("code", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT)).build();
    m = db.addModel(d -> new JsonModel<>(d, cfg));
    ModelConfig<ObjectNode> slowCfg = ModelConfig.builder("slow").batchWindow(Duration.ofMillis(50)).build();
    slow = db.addModel(d -> new JsonModel<>(d, slowCfg));
    db.withTransaction(() -> {
      for (int i = 0; i < 200; i++) {
        m.set(obj("id", "t" + i, "code", "c" + i, "i", i), false, true);
        slow.set(obj("id", "s" + i, "i", i), false, true);
      }
    });
    db.addListener(new DBListener() {
      @Override
      public void onCall(QueryEvent call) {
        queries.add(call.sql());
      }
    });
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
    db.close();
  }

  private long getAllQueries() {
    return queries.stream().filter(q -> q.contains("json_each")).count();
  }

  @Test
  void concurrentLookupsAreBatched() throws Exception {
    LoaderCache cache = new LoaderCache();
    CyclicBarrier start = new CyclicBarrier(8);
    List<Future<ObjectNode>> fs = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int n = t;
      fs.add(pool.submit(() -> {
        start.await();
        return slow.getCached(cache, "s" + n);
      }));
    }
    for (int t = 0; t < 8; t++) {
      assertEquals(t, fs.get(t).get(10, TimeUnit.SECONDS).path("i").asInt());
    }
    // normally one batch; a thread descheduled past the window joins the next one
    assertTrue(getAllQueries() <= 3, "8 concurrent lookups in a 50 ms window: " + queries);
    assertEquals(queries.size(), getAllQueries(), "only getAll queries: " + queries);
  }

  @Test
  void manyConcurrentLookupsWithTheDefaultWindow() throws Exception {
    LoaderCache cache = new LoaderCache();
    CyclicBarrier start = new CyclicBarrier(8);
    List<Future<Integer>> fs = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int n = t;
      fs.add(pool.submit(() -> {
        start.await();
        int ok = 0;
        for (int k = 0; k < 25; k++) {
          int i = n * 25 + k;
          ok += m.getCached(cache, "t" + i).path("i").asInt() == i ? 1 : 0;
          ok += m.getCached(cache, "c" + i, "code").path("i").asInt() == i ? 1 : 0;
        }
        return ok;
      }));
    }
    for (Future<Integer> f : fs) {
      assertEquals(50, f.get(20, TimeUnit.SECONDS));
    }
    long n = getAllQueries();
    assertTrue(n < 400, "400 lookups from 8 threads must be batched, got " + n + " queries");
    assertEquals(queries.size(), n);
  }

  @Test
  void memoisesAndClears() {
    LoaderCache cache = new LoaderCache();
    ObjectNode a = m.getCached(cache, "t1");
    assertEquals(1, a.path("i").asInt());
    assertEquals(1, queries.size());
    assertEquals(a, m.getCached(cache, "t1"));
    assertNull(m.getCached(cache, "missing"));
    assertNull(m.getCached(cache, "missing"));
    assertEquals(2, queries.size(), "memoised, missing ids too: " + queries);
    // another cache does not share
    m.getCached(new LoaderCache(), "t1");
    assertEquals(3, queries.size());
    // a change is not seen until cleared
    m.update(java.util.Map.of("id", "t1", "i", 100));
    queries.clear();
    assertEquals(1, m.getCached(cache, "t1").path("i").asInt());
    assertEquals(0, queries.size());
    m.clearCache(cache, "t1");
    assertEquals(100, m.getCached(cache, "t1").path("i").asInt());
    assertEquals(1, queries.size());
    m.getCached(cache, "t2");
    m.getCached(cache, "t3");
    queries.clear();
    m.clearCache(cache, "t2");
    m.getCached(cache, "t2");
    m.getCached(cache, "t3");
    assertEquals(1, queries.size(), "only t2 was cleared");
    m.clearCache(cache);
    queries.clear();
    m.getCached(cache, "t3");
    m.getCached(cache, "t1");
    assertEquals(2, queries.size(), "all cleared");
    // by column
    assertEquals(7, m.getCached(cache, "c7", "code").path("i").asInt());
    assertThrows(IllegalArgumentException.class, () -> m.getCached(null, "t1"));
    assertThrows(IllegalArgumentException.class, () -> m.getCached(cache, null));
    assertThrows(IllegalArgumentException.class, () -> m.getCached(cache, "x", "nope"));
    assertThrows(IllegalArgumentException.class, () -> m.clearCache(null));
  }
}
