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
    return builder(dir).reducer(red("slow", c -> {
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
      EventSourcingDB es = builder(dir).file(file).reducer(red("slow", c -> {
        if (c.event().type().equals("slow")) {
          entered.countDown();
          release.await();
        }
        return null;
      })).build();
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
}
