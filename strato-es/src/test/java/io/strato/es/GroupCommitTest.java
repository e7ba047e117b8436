package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.num;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.DBListener;
import io.strato.db.QueryEvent;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent dispatches share one transaction (group commit) without changing what each caller sees. */
@Timeout(120)
class GroupCommitTest {
  @TempDir Path dir;

  /** Counts the event's data into model "c"; sleeps a little so that dispatchers pile up. */
  private static io.strato.es.spi.Reducer slowCounter(AtomicBoolean failFlakyOnce) {
    return red("c", c -> {
      if (c.event().type().equals("flaky") && failFlakyOnce.getAndSet(false)) {
        throw new IllegalStateException("flaky the first time");
      }
      Thread.sleep(1);
      return ReduceResult.result().set(obj("id", "c", "n", num(c.model(), "c", "n") + 1));
    });
  }

  @Test
  void concurrentDispatchersEachGetTheirOwnEventInFewerCommitsThanEvents() throws Exception {
    int threads = 8;
    int per = 150;
    try (EventSourcingDB es = builder(dir).reducer(slowCounter(new AtomicBoolean())).build()) {
      es.open();
      AtomicInteger transactions = new AtomicInteger();
      AtomicInteger autocommitAppends = new AtomicInteger();
      es.db().addListener(new DBListener() {
        @Override
        public void onBegin() {
          transactions.incrementAndGet();
        }

        @Override
        public void onCall(QueryEvent q) {
          if (q.sql().startsWith("INSERT INTO \"history\"") && !es.db().inTransaction()) {
            autocommitAppends.incrementAndGet();
          }
        }
      });
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Event>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          List<Event> mine = new ArrayList<>();
          for (int i = 0; i < per; i++) {
            Event e = es.dispatch("inc", Map.of("thread", thread, "i", i));
            assertEquals(thread, e.data().path("thread").asInt(), "a dispatcher gets its own event back");
            assertEquals(i, e.data().path("i").asInt());
            assertNotNull(e.result(), "processed when dispatch returns");
            mine.add(e);
          }
          return mine;
        }));
      }
      start.countDown();
      Set<Long> versions = new HashSet<>();
      for (Future<List<Event>> f : results) {
        long last = 0;
        for (Event e : f.get(100, TimeUnit.SECONDS)) {
          assertTrue(e.v() > last, "one thread's events keep its order");
          last = e.v();
          assertTrue(versions.add(e.v()), "no version handed to two dispatches");
        }
      }
      pool.shutdown();
      int total = threads * per;
      assertEquals(total, versions.size());
      assertEquals(total, es.getVersion());
      assertEquals(total, num(Es.model(es, "c"), "c", "n"), "every event applied exactly once");
      assertEquals(0, es.db().get("SELECT count(*) AS n FROM history WHERE result IS NULL").orElseThrow().getLong("n"));
      int commits = transactions.get() + autocommitAppends.get();
      // One commit per dispatch at the very least without grouping (two when the append and the
      // processing are separate); grouped dispatches share theirs.
      assertTrue(commits < total, "dispatches were grouped: " + commits + " commits for " + total + " events");
    }
  }

  @Test
  void aDispatchInterruptedWhileWaitingForTheLockIsNotAddedAndKeepsTheInterrupt() throws Exception {
    CountDownLatch inSlow = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventSourcingDB es = builder(dir).reducer(red("c", c -> {
      if (c.event().type().equals("slow")) {
        inSlow.countDown();
        release.await();
      }
      return ReduceResult.result().set(obj("id", "c", "n", num(c.model(), "c", "n") + 1));
    })).build()) {
      es.open();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<Event> slow = pool.submit(() -> es.dispatch("slow", null));
      assertTrue(inSlow.await(10, TimeUnit.SECONDS), "the slow event holds the processing lock");
      Object[] outcome = new Object[2];
      Thread waiter = new Thread(() -> {
        try {
          outcome[0] = es.dispatch("x", null);
        } catch (RuntimeException e) {
          outcome[0] = e;
        }
        outcome[1] = Thread.currentThread().isInterrupted();
      });
      waiter.start();
      Es.awaitState(waiter, Thread.State.TIMED_WAITING);
      waiter.interrupt();
      waiter.join(10_000);
      assertTrue(!waiter.isAlive(), "the interrupted dispatch returned instead of spinning or hanging");
      io.strato.db.StratoException e = assertInstanceOf(io.strato.db.StratoException.class, outcome[0]);
      assertTrue(e.getMessage().contains("interrupted before the event was added"), e.getMessage());
      assertEquals(Boolean.TRUE, outcome[1], "the interrupt flag is kept");
      release.countDown();
      assertEquals("slow", slow.get(10, TimeUnit.SECONDS).type());
      pool.shutdown();
      es.waitForQueue();
      assertEquals(1, es.getVersion(), "the withdrawn dispatch left no event");
      assertEquals(1, es.queue().count(Map.of()));
    }
  }

  @Test
  void aFailingEventInAGroupFailsOnlyItsOwnDispatch() throws Exception {
    AtomicBoolean failFlakyOnce = new AtomicBoolean(true);
    try (EventSourcingDB es = builder(dir).retryBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).maxRetries(5)
        .reducer(slowCounter(failFlakyOnce)).build()) {
      es.open();
      int threads = 6;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      Map<String, Object> outcomes = new ConcurrentHashMap<>();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String type = t == 2 ? "flaky" : "inc";
        String key = type + t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 20; i++) {
            String k = key + "#" + i;
            try {
              outcomes.put(k, es.dispatch(i == 10 ? type : "inc", Map.of("k", k)));
            } catch (EventFailedException e) {
              outcomes.put(k, e);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(100, TimeUnit.SECONDS);
      }
      pool.shutdown();
      EventFailedException failed = assertInstanceOf(EventFailedException.class, outcomes.get("flaky2#10"));
      assertFalse(failed instanceof ProcessingHaltedException, "the flaky dispatch learns that its own event failed");
      assertEquals("flaky", failed.event().type());
      assertTrue(failed.event().error().toString().contains("flaky the first time"), failed.event().error().toString());
      es.waitForQueue(); // the retry succeeds; whatever was queued behind it is processed
      Map<String, Long> stored = new java.util.HashMap<>();
      for (Event ev : es.queue().searchAll(Map.of())) {
        assertNull(ev.error(), "event " + ev.v());
        stored.merge(ev.data().path("k").asText(), 1L, Long::sum);
      }
      for (Map.Entry<String, Object> e : outcomes.entrySet()) {
        String k = e.getKey();
        if (k.equals("flaky2#10")) {
          assertEquals(1L, stored.get(k), "the failed event stayed queued and was applied once, on its retry");
        } else if (e.getValue() instanceof ProcessingHaltedException h) {
          // A dispatch during the halt: refused (nothing added) or told it stays queued.
          assertEquals("flaky", h.failedEvent().type());
          assertEquals(h.queuedVersion().isPresent() ? 1L : 0L, stored.getOrDefault(k, 0L), k);
        } else {
          Event ev = assertInstanceOf(Event.class, e.getValue(), k + " succeeded");
          assertEquals(k, ev.data().path("k").asText());
          assertNull(ev.error());
          assertEquals(1L, stored.get(k), k);
        }
      }
      long events = es.queue().count(Map.of());
      assertEquals(events, es.getVersion());
      assertEquals(events, num(Es.model(es, "c"), "c", "n"), "every stored event applied exactly once");
    }
  }
}
