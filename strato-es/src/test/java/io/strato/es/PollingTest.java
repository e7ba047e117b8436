package io.strato.es;

import static io.strato.es.Es.await;
import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.DBListener;
import io.strato.db.QueryEvent;
import io.strato.es.log.EventLog;
import io.strato.es.log.SqliteEventLog;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The polling thread as a user sees it: idle, it costs (almost) nothing; an event added by
 * anyone is processed within moments; a failed event is retried on its back-off schedule and,
 * once the retries stopped, picked up as soon as it was fixed elsewhere.
 */
class PollingTest {
  @TempDir Path dir;

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

  /** A log in another file whose first waits fail, as a shared log that is briefly unreachable would. */
  private static final class FlakyLog implements EventLog {
    final SqliteEventLog inner;
    final AtomicInteger failuresLeft = new AtomicInteger(2);
    final AtomicInteger failed = new AtomicInteger();

    FlakyLog(SqliteEventLog inner) {
      this.inner = inner;
    }

    @Override
    public Event append(String type, JsonNode data, long ts) {
      return inner.append(type, data, ts);
    }

    @Override
    public List<Event> read(long afterV, int max) {
      return inner.read(afterV, max);
    }

    @Override
    public Optional<Event> get(long v) {
      return inner.get(v);
    }

    @Override
    public Optional<Event> awaitNext(long afterV, Duration timeout) throws InterruptedException {
      if (failuresLeft.getAndDecrement() > 0) {
        failed.incrementAndGet();
        throw new IllegalStateException("log unreachable");
      }
      return inner.awaitNext(afterV, timeout);
    }

    @Override
    public void wake() {
      inner.wake();
    }

    @Override
    public long head() {
      return inner.head();
    }
  }

  @Test
  void aPollerWhoseLogFailsPausesAndGoesOn() throws Exception {
    try (EventSourcingDB host = builder(dir).build()) {
      host.open();
      FlakyLog log = new FlakyLog(SqliteEventLog.on(host.queue()));
      ProcessingGateTest.Gate records = new ProcessingGateTest.Gate(log.inner);
      try (EventSourcingDB node = EventSourcingDB.builder().file(dir.resolve("node.db"))
          .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
          .reducer(red("c", c -> ReduceResult.result().set(obj("id", "c")))).eventLog(log).processedRecords(records)
          .build()) {
        node.startPolling();
        await(() -> log.failed.get() == 2, "the log failed twice under the poller");
        host.queue().add("x", null);
        await(() -> node.getVersion() == 1, "polling went on after the failures");
        node.stopPolling();
      }
    }
  }
}
