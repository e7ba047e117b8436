package io.strato.reliability;

import static io.strato.jsonmodel.ColumnDef.column;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.ESModel;
import io.strato.es.EventSourcingDB;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.ModelConfig;
import io.strato.jsonmodel.Page;
import io.strato.jsonmodel.SearchOptions;
import io.strato.queue.Event;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/**
 * 16 threads for a bounded time on one file: JsonModel get / cursor-paged search to the end /
 * set / update (and read-modify-write transactions), EventSourcingDB dispatch of transfers, and
 * reads of the event-sourced accounts. No exception, no deadlock (bounded by timeouts, with a
 * thread dump on failure), and the invariants hold while running and at the end.
 */
class MultiThreadLoadTest {
  static final int THREADS = 16;
  static final long MILLIS = Long.getLong("strato.load.ms", Boolean.getBoolean("strato.soak") ? 60_000 : 5_000);

  @TempDir Path dir;

  @Test
  void sixteenThreadsMixedLoad() {
    assertTimeoutPreemptively(Duration.ofMillis(MILLIS + 90_000), this::run);
  }

  private void run() throws Exception {
    Path file = dir.resolve("load.db");
    EventSourcingDB es = Bank.builder(file).build();
    JsonModel<ObjectNode> docs = es.db().addModel(d -> new JsonModel<>(d, ModelConfig.builder("docs")
        .column("k", column().type(ColumnType.INTEGER).index(IndexKind.ALL))
        .column("owner", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT))
        .build()));
    @SuppressWarnings("unchecked")
    ESModel<ObjectNode> accounts = es.model("accounts", ESModel.class);
    es.dispatch("init", null);
    Set<String> known = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 200; i++) {
      docs.set(doc("pre-" + i, i % 37, "pre"));
      known.add("pre-" + i);
    }
    docs.set(doc("shared", 0, "shared").put("n", 0));
    long[] counters = new long[THREADS];
    AtomicLong sharedIncrements = new AtomicLong();
    AtomicLong ops = new AtomicLong();
    AtomicLong dispatched = new AtomicLong();
    AtomicLong pagesRead = new AtomicLong();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MILLIS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        int me = t;
        futures.add(pool.submit(() -> {
          Random rnd = new Random(me);
          String ctr = "ctr-" + me;
          docs.set(doc(ctr, -1, "ctr").put("n", 0));
          int created = 0;
          while (System.nanoTime() < deadline) {
            int op = rnd.nextInt(100);
            if (op < 20) {
              Event e = es.dispatch("transfer", Bank.transfer(rnd));
              assertNotNull(e.result(), "transfer " + e.v() + " has a result");
              dispatched.incrementAndGet();
            } else if (op < 35) {
              String id = pick(known, rnd);
              if (id != null) {
                assertTrue(docs.get(id).isPresent(), "known doc " + id + " found");
              }
            } else if (op < 45) {
              pagesRead.addAndGet(pageToEnd(docs, new HashSet<>(known), rnd));
            } else if (op < 60) {
              String id = "d-" + me + "-" + created++;
              ObjectNode stored = docs.set(doc(id, rnd.nextInt(1000), "t" + me));
              assertEquals(id, stored.path("id").asText());
              known.add(id);
            } else if (op < 75) {
              counters[me]++;
              ObjectNode u = docs.update(Map.of("id", ctr, "n", counters[me], "touched", rnd.nextInt()));
              assertEquals(counters[me], u.path("n").asLong());
            } else if (op < 85) {
              // read-modify-write in a transaction: increments from 16 threads must not be lost
              docs.db().withTransaction(() -> {
                long n = docs.get("shared").orElseThrow().path("n").asLong();
                docs.update(Map.of("id", "shared", "n", n + 1));
              });
              sharedIncrements.incrementAndGet();
            } else if (op < 95) {
              // committed event-sourced state is always consistent
              long total = accounts.searchAll(null).stream().mapToLong(a -> a.path("balance").asLong()).sum();
              assertEquals(Bank.TOTAL, total, "total balance seen by a reader");
            } else {
              long n = docs.count(Map.of("owner", "t" + me));
              assertEquals(created, n, "thread " + me + "'s docs");
            }
            ops.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        long waitMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 30_000;
        try {
          f.get(Math.max(waitMs, 1_000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          fail("no progress 30 s after the deadline: deadlock?\n" + threadDump());
        } catch (java.util.concurrent.ExecutionException e) {
          throw new AssertionError("a worker thread failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
    // end state
    Checks.Stats s = Checks.bankInvariants(es.db(), "after load");
    assertEquals(dispatched.get() + 1, s.version(), "every dispatch processed once (plus init)");
    for (int t = 0; t < THREADS; t++) {
      assertEquals(counters[t], docs.get("ctr-" + t).orElseThrow().path("n").asLong(), "counter of thread " + t);
    }
    assertEquals(sharedIncrements.get(), docs.get("shared").orElseThrow().path("n").asLong(),
        "no lost update in read-modify-write transactions");
    assertEquals(known.size(), docs.count(Map.of()) - 1 - THREADS, "every doc set is stored once");
    Set<String> all = new HashSet<>();
    docs.each(null, SearchOptions.options().sort("k", 1).limit(50), d -> assertTrue(all.add(d.path("id").asText())));
    assertTrue(all.containsAll(known));
    es.close();
    System.out.printf("MultiThreadLoadTest: %d threads, %d ms, %d operations (%d dispatches, %d pages)%n", THREADS, MILLIS,
        ops.get(), dispatched.get(), pagesRead.get());
    Report.put("load.threads", THREADS);
    Report.put("load.ms", MILLIS);
    Report.put("load.ops", ops.get());
    Report.put("load.dispatches", dispatched.get());
    Report.put("load.pages", pagesRead.get());
  }

  private static ObjectNode doc(String id, int k, String owner) {
    ObjectNode o = Bank.M.createObjectNode();
    o.put("id", id);
    o.put("k", k);
    o.put("owner", owner);
    o.put("text", "x".repeat(Math.floorMod(k, 50)));
    return o;
  }

  private static String pick(Set<String> known, Random rnd) {
    int i = rnd.nextInt(Math.max(1, known.size()));
    for (String s : known) {
      if (i-- <= 0) {
        return s;
      }
    }
    return null;
  }

  /**
   * Pages through docs by cursor (ascending or descending k, random page size): no row twice,
   * and every doc known before the first page (sort keys never change) is visited.
   */
  private static int pageToEnd(JsonModel<ObjectNode> docs, Set<String> before, Random rnd) {
    int dir = rnd.nextBoolean() ? 1 : -1;
    int size = 10 + rnd.nextInt(90);
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      SearchOptions o = SearchOptions.options().sort("k", dir).limit(size);
      if (cursor != null) {
        o.cursor(cursor);
      }
      Page<ObjectNode> p = docs.search(null, o);
      for (ObjectNode d : p.items()) {
        assertTrue(seen.add(d.path("id").asText()), "row " + d.path("id") + " visited twice while paging");
      }
      cursor = p.cursor();
      pages++;
      assertTrue(pages < 10_000, "paging does not end");
    } while (cursor != null);
    Set<String> missing = new HashSet<>(before);
    missing.removeAll(seen);
    assertTrue(missing.isEmpty(), "paging missed rows that existed before it started: " + missing);
    return pages;
  }

  private static String threadDump() {
    StringBuilder b = new StringBuilder();
    for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      b.append(ti);
    }
    return b.toString();
  }
}
