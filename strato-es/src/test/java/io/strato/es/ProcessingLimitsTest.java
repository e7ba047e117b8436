package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.num;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits a user configures, as the processing listener and the clock see them: no
 * transaction holds more than {@code batchSize} events, the lag falls batch by batch, and a
 * failed event is retried after the configured back-off (doubling, capped) until
 * {@code maxRetries} attempts.
 */
class ProcessingLimitsTest {
  @TempDir Path dir;

  /** Records batch sizes, lags and failures. */
  static final class Recorder implements ProcessingListener {
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final List<Long> lags = new CopyOnWriteArrayList<>();
    final List<Duration> nextRetries = new CopyOnWriteArrayList<>();
    final List<Boolean> stopped = new CopyOnWriteArrayList<>();
    /** Durations that cannot be: not positive, or longer than the test has run. */
    final List<String> badDurations = new CopyOnWriteArrayList<>();
    private final long created = System.nanoTime();

    private void checkDuration(String what, long nanos) {
      if (nanos <= 0 || nanos > System.nanoTime() - created) {
        badDurations.add(what + " took " + nanos + " ns");
      }
    }

    @Override
    public void batchCommitted(int events, long nanos) {
      checkDuration("a batch", nanos);
      batches.add(events);
    }

    @Override
    public void eventProcessed(Event event, long nanos) {
      checkDuration("event " + event.v(), nanos);
    }

    @Override
    public void lagChanged(long behind) {
      lags.add(behind);
    }

    @Override
    public void eventFailed(Event event, int attempt, Duration nextRetry, boolean stop) {
      nextRetries.add(nextRetry);
      stopped.add(stop);
    }
  }

  private static io.strato.es.spi.Reducer counter() {
    return red("c", c -> ReduceResult.result().set(obj("id", "c", "n", num(c.model(), "c", "n") + 1)));
  }

  @Test
  void queuedEventsAreProcessedInTransactionsOfAtMostBatchSize() {
    Recorder rec = new Recorder();
    try (EventSourcingDB es = builder(dir).batchSize(7).listener(rec).reducer(counter()).build()) {
      es.open();
      for (int i = 0; i < 30; i++) {
        es.queue().add("inc", null);
      }
      es.waitForQueue();
      assertEquals(30, es.getVersion());
      assertEquals(30, num(Es.model(es, "c"), "c", "n"));
      assertEquals(List.of(7, 7, 7, 7, 2), rec.batches);
      assertEquals(List.of(23L, 16L, 9L, 2L, 0L), rec.lags, "the lag after each commit");
      assertEquals(List.of(), rec.badDurations, "durations are real elapsed times");
    }
  }

  @Test
  void aBatchOfExactlyBatchSizeIsOneTransaction() {
    Recorder rec = new Recorder();
    try (EventSourcingDB es = builder(dir).batchSize(5).listener(rec).reducer(counter()).build()) {
      es.open();
      for (int i = 0; i < 10; i++) {
        es.queue().add("inc", null);
      }
      es.waitForQueue();
      assertEquals(List.of(5, 5), rec.batches);
      assertEquals(10, es.getVersion());
    }
  }

  @Test
  void closeWaitsForTheEventInProgressButNotForTheRestOfTheBatch() throws Exception {
    CountDownLatch inFirst = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Long> reduced = new CopyOnWriteArrayList<>();
    EventSourcingDB es = builder(dir).batchSize(100).reducer(red("c", c -> {
      reduced.add(c.event().v());
      if (c.event().v() == 1) {
        inFirst.countDown();
        release.await(20, TimeUnit.SECONDS);
      }
      return ReduceResult.result().set(obj("id", "c", "n", c.event().v()));
    })).build();
    es.open();
    for (int i = 0; i < 5; i++) {
      es.queue().add("inc", null);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> waiting = pool.submit(() -> {
        es.waitForQueue();
        return null;
      });
      assertTrue(inFirst.await(20, TimeUnit.SECONDS));
      Future<?> closing = pool.submit(es::close);
      Thread.sleep(200); // close() has begun and waits for the event in progress
      assertTrue(!closing.isDone(), "close waits for the event being processed");
      release.countDown();
      closing.get(20, TimeUnit.SECONDS);
      assertThrows(Exception.class, () -> waiting.get(20, TimeUnit.SECONDS), "the waiter learns of the close");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    assertEquals(List.of(1L), reduced, "the rest of the batch was left for the next open");
    try (EventSourcingDB again = builder(dir).reducer(counter()).build()) {
      assertEquals(1, again.getVersion(), "event 1 committed before close returned");
      again.waitForQueue();
      assertEquals(5, again.getVersion());
    }
  }

  @Test
  void concurrentDispatchesAppendedTogetherStillCommitAtMostBatchSizePerTransaction() throws Exception {
    Recorder rec = new Recorder();
    int threads = 6;
    CountDownLatch firstRunning = new CountDownLatch(1);
    try (EventSourcingDB es = builder(dir).batchSize(2).listener(rec).reducer(red("c", c -> {
      if (c.event().type().equals("slow")) {
        firstRunning.countDown();
        try {
          Thread.sleep(300); // the other dispatchers queue up behind this one meanwhile
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return ReduceResult.result().set(obj("id", "e" + c.event().v(), "data", c.event().data()));
    })).build()) {
      es.open();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        Future<Event> slow = pool.submit(() -> es.dispatch("slow", null));
        assertTrue(firstRunning.await(10, TimeUnit.SECONDS));
        List<Future<Event>> rest = new ArrayList<>();
        for (int i = 1; i < threads; i++) {
          int n = i;
          rest.add(pool.submit(() -> es.dispatch("e", obj("n", n))));
        }
        assertEquals(1, slow.get(20, TimeUnit.SECONDS).v());
        Set<Long> versions = new HashSet<>();
        for (int i = 1; i < threads; i++) {
          Event e = rest.get(i - 1).get(20, TimeUnit.SECONDS);
          assertEquals(i, e.data().path("n").asInt(), "each dispatcher gets its own event");
          assertTrue(e.result() != null, "processed when dispatch returns");
          versions.add(e.v());
        }
        assertEquals(threads - 1, versions.size());
      } finally {
        pool.shutdownNow();
      }
      assertEquals(threads, es.getVersion());
      assertEquals(threads, rec.batches.stream().mapToInt(Integer::intValue).sum());
      assertTrue(rec.batches.stream().allMatch(b -> b <= 2), "no transaction above batchSize: " + rec.batches);
    }
  }

  @Test
  void failedEventsAreRetriedAfterADoublingCappedBackOffUntilMaxRetries() throws Exception {
    Recorder rec = new Recorder();
    List<Long> attempts = new CopyOnWriteArrayList<>();
    try (EventSourcingDB es = builder(dir).retryBackoff(Duration.ofMillis(100), Duration.ofMillis(250))
        .maxRetries(5).listener(rec).reducer(red("c", c -> {
          attempts.add(System.nanoTime());
          throw new IllegalStateException("the ledger is down");
        })).build()) {
      EventFailedException e = assertThrows(EventFailedException.class, () -> es.dispatch("pay", null));
      assertEquals("the ledger is down", e.getCause().getMessage());
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (rec.stopped.size() < 5 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      Thread.sleep(400); // a sixth attempt would be due by now
      assertEquals(5, attempts.size(), "maxRetries attempts, then no more");
      assertEquals(List.of(false, false, false, false, true), rec.stopped);
      long[] backoffs = {100, 200, 250, 250};
      for (int i = 0; i < backoffs.length; i++) {
        long want = TimeUnit.MILLISECONDS.toNanos(backoffs[i]);
        Duration told = rec.nextRetries.get(i);
        assertTrue(told.toNanos() <= want && told.toNanos() > want - TimeUnit.MILLISECONDS.toNanos(50),
            "attempt " + (i + 1) + ": next retry in " + told + ", expected about " + backoffs[i] + " ms");
        long gap = attempts.get(i + 1) - attempts.get(i);
        assertTrue(gap >= want - TimeUnit.MILLISECONDS.toNanos(5), "attempt " + (i + 2) + " came after "
            + TimeUnit.NANOSECONDS.toMillis(gap) + " ms, before its back-off of " + backoffs[i] + " ms");
      }
      assertNull(rec.nextRetries.get(4), "no retry after the last attempt");
      assertEquals(0, es.getVersion());
    }
  }

  @Test
  void aFixedEventIsPickedUpByItsScheduledRetry() throws Exception {
    List<Boolean> broken = new ArrayList<>(List.of(true));
    try (EventSourcingDB es = builder(dir).retryBackoff(Duration.ofMillis(50), Duration.ofMillis(50)).maxRetries(10)
        .reducer(red("c", c -> {
          synchronized (broken) {
            if (broken.get(0)) {
              throw new IllegalStateException("not yet");
            }
          }
          return ReduceResult.result().set(obj("id", "c", "n", 1));
        })).build()) {
      assertThrows(EventFailedException.class, () -> es.dispatch("x", null));
      synchronized (broken) {
        broken.set(0, false);
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (es.getVersion() < 1 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertEquals(1, es.getVersion(), "the worker retried without anyone waiting");
    }
  }
}
