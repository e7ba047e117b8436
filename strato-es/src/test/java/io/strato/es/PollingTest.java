package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.DBListener;
import io.strato.db.QueryEvent;
import io.strato.es.spi.ReduceResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The polling thread as a user sees it: idle, it costs (almost) nothing; an event added by
 * anyone is processed within moments; a failed event is retried on its back-off schedule and,
 * once the retries stopped, picked up as soon as it was fixed elsewhere.
 */
class PollingTest {
  @TempDir Path dir;

  private static void await(BooleanSupplier cond, String what) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!cond.getAsBoolean()) {
      assertTrue(System.nanoTime() < until, "timed out waiting: " + what);
      Thread.sleep(5);
    }
  }

  private static boolean pollerAlive() {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("strato-es-poll-"));
  }

  private static int queriesDuring(EventSourcingDB es, long millis) throws Exception {
    AtomicInteger queries = new AtomicInteger();
    try (AutoCloseable l = es.db().addListener(new DBListener() {
      @Override
      public void onCall(QueryEvent call) {
        queries.incrementAndGet();
      }
    })) {
      Thread.sleep(millis);
    }
    return queries.get();
  }

  @Test
  void anIdlePollerWaitsOnTheLogInsteadOfReadingItInALoop() throws Exception {
    try (EventSourcingDB es = builder(dir).reducer(red("c", c -> ReduceResult.result().set(obj("id", "c")))).build()) {
      es.open();
      es.startPolling();
      es.startPolling(); // a second start changes nothing
      Thread.sleep(200);
      int n = queriesDuring(es, 1000);
      assertTrue(n < 20, n + " queries in 1 s with nothing to do");
      es.queue().add("x", null);
      await(() -> es.getVersion() == 1, "the poller processes an added event");
      es.stopPolling();
    }
  }

  private static Thread thread(String name) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no thread " + name));
  }

  @Test
  void thePollerIsADaemonThatPicksUpNewEventsAtOnce() throws Exception {
    try (EventSourcingDB es = builder(dir).file(dir.resolve("wake.db"))
        .reducer(red("c", c -> ReduceResult.result().set(obj("id", "c")))).build()) {
      es.open();
      es.startPolling();
      assertTrue(thread("strato-es-poll-wake.db").isDaemon(), "polling never keeps the JVM alive");
      for (int i = 1; i <= 5; i++) {
        Thread.sleep(50);
        long t0 = System.nanoTime();
        es.queue().add("x", null);
        int v = i;
        await(() -> es.getVersion() == v, "event " + v);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(took < 400, "event " + i + " waited " + took + " ms for an idle poller");
      }
      es.stopPolling();
    }
  }

  @Test
  void aPollerWaitingForADueRetryParks() throws Exception {
    try (EventSourcingDB es = builder(dir).file(dir.resolve("park.db"))
        .retryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5)).maxRetries(3)
        .reducer(red("c", c -> {
          throw new IllegalStateException("down");
        })).build()) {
      es.open();
      es.queue().add("x", null);
      es.startPolling();
      await(() -> es.queue().get(1L).orElseThrow().failed(), "the first attempt failed");
      Thread poller = thread("strato-es-poll-park.db");
      Thread.sleep(100);
      int runnable = 0;
      for (int i = 0; i < 50; i++) {
        runnable += poller.getState() == Thread.State.RUNNABLE ? 1 : 0;
        Thread.sleep(10);
      }
      assertTrue(runnable < 25, "the poller was running in " + runnable + " of 50 samples while the retry was"
          + " not due: it spins");
      es.stopPolling();
    }
  }

  @Test
  void aPollerRetriesOnTheBackOffScheduleAndStopsAtMaxRetries() throws Exception {
    List<Long> attempts = new CopyOnWriteArrayList<>();
    try (EventSourcingDB es = builder(dir).retryBackoff(Duration.ofMillis(100), Duration.ofMillis(100)).maxRetries(4)
        .reducer(red("c", c -> {
          attempts.add(System.nanoTime());
          throw new IllegalStateException("down");
        })).build()) {
      es.open();
      es.queue().add("x", null);
      es.startPolling();
      await(() -> attempts.size() >= 4, "four attempts");
      Thread.sleep(400);
      assertEquals(4, attempts.size(), "no attempt after maxRetries");
      for (int i = 1; i < attempts.size(); i++) {
        long gap = TimeUnit.NANOSECONDS.toMillis(attempts.get(i) - attempts.get(i - 1));
        assertTrue(gap >= 95, "attempt " + (i + 1) + " came " + gap + " ms after the one before");
      }
      int n = queriesDuring(es, 600);
      assertTrue(n < 20, n + " queries in 600 ms while halted");
      es.stopPolling();
    }
  }

  @Test
  void afterTheRetriesStoppedAPollerPicksUpAnEventFixedElsewhere() throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    try (EventSourcingDB es = builder(dir).maxRetries(1).reducer(red("c", c -> {
      if (broken.get() && c.event().type().equals("bad")) {
        throw new IllegalStateException("down");
      }
      return ReduceResult.result().set(obj("id", "c"));
    })).build()) {
      es.open();
      es.queue().add("bad", null);
      es.startPolling();
      await(() -> es.queue().get(1L).orElseThrow().failed(), "the event failed");
      Thread.sleep(200);
      // an operator replaces the failed event with a harmless one
      es.queue().set(es.queue().get(1L).orElseThrow().withType("fixed").withError(null));
      long t0 = System.nanoTime();
      await(() -> es.getVersion() == 1, "the fixed event is processed");
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 5000, "found within the halted poll");
      es.queue().add("after", null);
      await(() -> es.getVersion() == 2, "and polling goes on");
      es.stopPolling();
    }
  }

  @Test
  void anInterruptedStopPollingKeepsTheInterruptAndThePollerFinishesItsEvent() throws Exception {
    java.util.concurrent.CountDownLatch inSlow = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    try (EventSourcingDB es = builder(dir).reducer(red("c", c -> {
      inSlow.countDown();
      release.await();
      return ReduceResult.result().set(obj("id", "c"));
    })).build()) {
      es.open();
      es.startPolling();
      es.queue().add("slow", null);
      assertTrue(inSlow.await(10, TimeUnit.SECONDS), "the poller is busy with the event");
      Thread.currentThread().interrupt();
      try {
        es.stopPolling(); // would wait for the busy poller; interrupted, it stops waiting
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
      } finally {
        Thread.interrupted();
        release.countDown();
      }
      await(() -> es.getVersion() == 1, "the busy poller finished its event");
    }
  }

  @Test
  void stopPollingReturnsAtOnceWhileThePollerSleepsOnALogHaltedAfterItsRetries() throws Exception {
    try (EventSourcingDB es = builder(dir).maxRetries(1).reducer(red("c", c -> {
      throw new IllegalStateException("down");
    })).build()) {
      es.open();
      es.queue().add("bad", null);
      es.startPolling();
      await(() -> es.queue().get(1L).orElseThrow().failed(), "the event failed");
      es.stopPolling();
      // A halted poller looks for a fix about once a second and sleeps in between: stop must
      // wake it, not wait out the sleep. Stops land at different points of that second.
      for (int offset = 0; offset < 1000; offset += 200) {
        es.startPolling();
        Thread.sleep(offset);
        long t0 = System.nanoTime();
        es.stopPolling();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(took < 500, "stopPolling " + offset + " ms after start took " + took + " ms");
        assertFalse(pollerAlive(), "the poller ended");
      }
      assertEquals(0, es.getVersion());
    }
  }
}
