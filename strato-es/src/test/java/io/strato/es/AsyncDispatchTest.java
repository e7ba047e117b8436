package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * B17 (issue "Correctness"): {@code dispatchAsync} returns at once although a running batch holds
 * the log's writer; events of one thread keep call order across async and sync dispatches;
 * close() with appends still queued loses nothing and misleads no caller.
 */
class AsyncDispatchTest {
  @TempDir Path dir;

  /** A DB whose reducer blocks on "slow" events until {@code release} opens. */
  private EventSourcingDB slowDb(CountDownLatch entered, CountDownLatch release) {
    return slowDb(builder(dir), entered, release);
  }

  private static EventSourcingDB slowDb(EventSourcingDB.Builder b, CountDownLatch entered, CountDownLatch release) {
    return b.reducer(red("slow", c -> {
      if (c.event().type().equals("slow")) {
        entered.countDown();
        release.await();
      }
      return null;
    })).build();
  }

  @Test
  void dispatchAsyncReturnsAtOnceWhileABatchHoldsTheWriter() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventSourcingDB es = slowDb(entered, release)) {
      es.open();
      CompletableFuture<Event> slow = es.dispatchAsync("slow", null);
      assertTrue(entered.await(10, TimeUnit.SECONDS), "the slow reducer runs");
      CompletableFuture<CompletableFuture<Event>> call =
          CompletableFuture.supplyAsync(() -> es.dispatchAsync("fast", Map.of("n", 1)));
      CompletableFuture<Event> fast;
      try {
        // before the fix the call itself waited for the writer, i.e. for the slow batch
        fast = call.get(2, TimeUnit.SECONDS);
        assertFalse(fast.isDone(), "not processed while the batch runs");
      } finally {
        release.countDown();
      }
      assertEquals(1, slow.get(10, TimeUnit.SECONDS).v());
      assertEquals(2, fast.get(10, TimeUnit.SECONDS).v());
    }
  }

  @Test
  void oneThreadsEventsKeepCallOrderAcrossAsyncAndSyncDispatches() throws Exception {
    try (EventSourcingDB es = builder(dir).build()) {
      es.startPolling(); // the worker and poller process concurrently with the appends
      List<CompletableFuture<Event>> async = new ArrayList<>();
      List<Event> sync = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        async.add(es.dispatchAsync("a", Map.of("i", i)));
        async.add(es.dispatchAsync("a", Map.of("i", i)));
        sync.add(es.dispatch("s", Map.of("i", i)));
      }
      for (int i = 0; i < 100; i++) {
        long first = async.get(2 * i).get(10, TimeUnit.SECONDS).v();
        long second = async.get(2 * i + 1).get(10, TimeUnit.SECONDS).v();
        assertEquals(3L * i + 1, first, "round " + i);
        assertEquals(3L * i + 2, second, "round " + i);
        assertEquals(3L * i + 3, sync.get(i).v(), "the sync dispatch after them, round " + i);
      }
    }
  }

  @Test
  void closeWithAppendsQueuedLosesNothingAndMisleadsNoCaller() throws Exception {
    for (int round = 0; round < 5; round++) {
      Path file = dir.resolve("close" + round + ".db");
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      EventSourcingDB es = slowDb(builder(dir).file(file), entered, release);
      List<CompletableFuture<Event>> futures = new ArrayList<>();
      futures.add(es.dispatchAsync("slow", null));
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      for (int i = 0; i < 20; i++) {
        futures.add(es.dispatchAsync("e", Map.of("i", i)));
      }
      CompletableFuture<Void> closing = CompletableFuture.runAsync(es::close);
      Thread.sleep(20L * round); // close at different points of the queued appends
      release.countDown();
      closing.get(30, TimeUnit.SECONDS);
      long processed = 0;
      long inTheLog = 0;
      for (CompletableFuture<Event> f : futures) {
        assertTrue(f.isDone(), "every future is settled once close() returned");
        try {
          f.get();
          processed++;
        } catch (ExecutionException e) {
          String m = String.valueOf(e.getCause().getMessage());
          if (m.contains("it is in the log")) {
            inTheLog++;
          } else {
            assertTrue(m.contains("is closed"), "a refused append says so: " + m);
          }
        }
      }
      try (io.strato.db.DB raw = io.strato.db.DB.file(file)) {
        long rows = raw.get("SELECT count(*) AS n FROM history").orElseThrow().getLong("n");
        assertEquals(processed + inTheLog, rows, "round " + round + ": events in the file = callers told"
            + " 'processed' or 'in the log'");
      }
    }
  }

  @Test
  void closeFromAListenerThatRunsOnTheAppendThreadDoesNotWaitForItself() throws Exception {
    try (EventSourcingDB es = builder(dir).build()) {
      es.open();
      es.queue().add("close", null); // left queued: the first dispatch works it off first
      long[] closeTook = {-1};
      String[] thread = {null};
      es.onResult(e -> {
        if (e.type().equals("close")) {
          thread[0] = Thread.currentThread().getName();
          long t0 = System.nanoTime();
          es.close();
          closeTook[0] = System.nanoTime() - t0;
        }
      });
      CompletableFuture<Event> f = es.dispatchAsync("x", null);
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
          () -> f.get(20, TimeUnit.SECONDS));
      assertTrue(String.valueOf(e.getCause().getMessage()).contains("closed"), e.getCause().toString());
      assertTrue(thread[0] != null && thread[0].startsWith("strato-es-append-"), "ran on " + thread[0]);
      assertTrue(closeTook[0] >= 0 && closeTook[0] < TimeUnit.SECONDS.toNanos(5),
          "close() from the append thread took " + closeTook[0] / 1_000_000 + " ms");
    }
  }

  @Test
  void closeRacingAsyncDispatchersNeverReopensAndTellsEachCallerTheTruth() throws Exception {
    long reopened = 0;
    for (int it = 0; it < 20; it++) {
      Path file = dir.resolve("race" + it + ".db");
      EventSourcingDB es = EventSourcingDB.builder().file(file).build();
      es.dispatch("warm", null);
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      List<CompletableFuture<Event>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread th = new Thread(() -> {
          while (!stop.get()) {
            try {
              futures.add(es.dispatchAsync("e", Map.of("k", 1)));
            } catch (RuntimeException e) {
              // refused at once: "is closed", nothing added
            }
          }
        });
        th.start();
        threads.add(th);
      }
      Thread.sleep(3 + it % 7);
      es.close();
      stop.set(true);
      for (Thread th : threads) {
        th.join(10_000);
      }
      long processed = 1; // "warm"
      long inTheLog = 0;
      for (CompletableFuture<Event> f : futures) {
        try {
          f.get(10, TimeUnit.SECONDS);
          processed++;
        } catch (ExecutionException e) {
          String m = String.valueOf(e.getCause().getMessage());
          assertTrue(e.getCause() instanceof io.strato.db.StratoException, "a StratoException, not " + e.getCause());
          if (m.contains("it is in the log")) {
            inTheLog++;
          } else {
            assertTrue(m.contains("is closed"), m);
          }
        }
      }
      Thread.sleep(20); // a worker task still reading would reopen the DB about now
      if (es.db().isOpen()) {
        reopened++;
      }
      es.db().close();
      try (io.strato.db.DB raw = io.strato.db.DB.file(file)) {
        long rows = raw.get("SELECT count(*) AS n FROM history").orElseThrow().getLong("n");
        assertEquals(processed + inTheLog, rows, "iteration " + it + ": events in the file = callers told"
            + " 'processed' or 'in the log'");
      }
    }
    assertEquals(0, reopened, "iterations where the DB was open again after close()");
  }

  @Test
  void aFloodOfAsyncDispatchesBehindABusyWriterWaitsForRoomInsteadOfQueueingWithoutBound() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventSourcingDB es = slowDb(entered, release)) {
      es.open();
      es.dispatchAsync("slow", null);
      assertTrue(entered.await(10, TimeUnit.SECONDS));
      int max = 10_000; // internal.AsyncAppender.MAX_QUEUED, as the README states
      java.util.concurrent.atomic.AtomicInteger returned = new java.util.concurrent.atomic.AtomicInteger();
      List<CompletableFuture<Event>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread flood = new Thread(() -> {
        for (int i = 0; i < max + 50; i++) {
          futures.add(es.dispatchAsync("e", null));
          returned.incrementAndGet();
        }
      });
      try {
        flood.start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int last = -1;
        while (System.nanoTime() < until && returned.get() != last) { // until it stops moving
          last = returned.get();
          Thread.sleep(300);
        }
        int n = returned.get();
        assertTrue(n >= max && n <= max + 2, "calls that returned while the writer was busy: " + n);
        assertTrue(flood.isAlive(), "the next caller waits for room");
      } finally {
        release.countDown();
      }
      flood.join(60_000);
      assertEquals(max + 50, returned.get());
      for (CompletableFuture<Event> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertEquals(max + 51, es.getVersion());
    }
  }
}
