package io.strato.es;

import static io.strato.es.Es.await;
import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarting stopped retries and closing with callers still waiting: a caller or a new poller
 * after the retries stopped starts a fresh round of maxRetries attempts (not one attempt that
 * stops again at once), and close() tells every pending dispatchAsync future that its event is
 * in the log instead of leaving it unfinished.
 */
class RestartAndCloseEdgesTest {
  @TempDir Path dir;

  /** The attempt numbers and "stopped" flags the listener was told, as "attempt:stopped". */
  static final class Failures implements ProcessingListener {
    final List<String> told = new CopyOnWriteArrayList<>();

    @Override
    public void eventFailed(Event event, int attempt, Duration nextRetry, boolean stopped) {
      told.add(attempt + ":" + stopped);
    }
  }

  private EventSourcingDB failingDb(Failures rec) {
    return builder(dir).retryBackoff(Duration.ofMillis(5), Duration.ofMillis(10)).maxRetries(3).listener(rec)
        .reducer(red("c", c -> {
          throw new IllegalStateException("down");
        })).build();
  }

  /** Queues an event that always fails and waits until its three attempts are told. */
  private static void exhaustRetries(EventSourcingDB es, Failures rec) throws Exception {
    es.open();
    es.queue().add("x", null);
    assertThrows(EventFailedException.class, () -> es.handledVersion(1));
    await(() -> rec.told.size() >= 3, "three attempts");
  }

  @Test
  void aCallerAfterTheRetriesStoppedStartsAFreshRound() throws Exception {
    Failures rec = new Failures();
    try (EventSourcingDB es = failingDb(rec)) {
      exhaustRetries(es, rec);
      Thread.sleep(100);
      assertEquals(List.of("1:false", "2:false", "3:true"), rec.told);
      assertThrows(EventFailedException.class, () -> es.handledVersion(1));
      await(() -> rec.told.size() >= 6, "a second round");
      Thread.sleep(100);
      assertEquals(List.of("1:false", "2:false", "3:true", "1:false", "2:false", "3:true"), rec.told,
          "counted from 1 again, with background retries again");
    }
  }

  @Test
  void startingToPollAfterTheRetriesStoppedStartsAFreshRound() throws Exception {
    Failures rec = new Failures();
    try (EventSourcingDB es = failingDb(rec)) {
      exhaustRetries(es, rec);
      es.startPolling();
      await(() -> rec.told.size() >= 6, "a second round");
      es.stopPolling();
      assertEquals("1:false", rec.told.get(3), "polling restarted the count: " + rec.told);
      assertEquals("3:true", rec.told.get(5));
    }
  }

  @Test
  void closeDoesNotWaitOutAScheduledRetry() {
    Failures rec = new Failures();
    EventSourcingDB es = builder(dir).retryBackoff(Duration.ofSeconds(8), Duration.ofSeconds(8)).maxRetries(5)
        .listener(rec).reducer(red("c", c -> {
          throw new IllegalStateException("down");
        })).build();
    assertThrows(EventFailedException.class, () -> es.dispatch("x", null));
    assertEquals(List.of("1:false"), rec.told, "a retry is scheduled in 8 s");
    long t0 = System.nanoTime();
    es.close();
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(took < 4000, "close() took " + took + " ms: it waited for the scheduled retry");
    assertEquals(List.of("1:false"), rec.told, "the retry was dropped, not run");
  }

  @Test
  void closeTellsPendingAsyncDispatchersTheirEventIsInTheLog() throws Exception {
    CountDownLatch inSlow = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // The queue in a file of its own: event 2 is appended while event 1 holds the state DB.
    EventSourcingDB es = builder(dir).queueFile(dir.resolve("queue.db")).reducer(red("c", c -> {
      if (c.event().type().equals("slow")) {
        inSlow.countDown();
        release.await(20, TimeUnit.SECONDS);
      }
      return ReduceResult.result().set(obj("id", "c", "v", c.event().v()));
    })).build();
    try {
      es.open();
      es.queue().add("slow", null);
      CompletableFuture<Void> working = CompletableFuture.runAsync(es::waitForQueue);
      assertTrue(inSlow.await(20, TimeUnit.SECONDS));
      CompletableFuture<Event> pending = es.dispatchAsync("x", null);
      await(() -> es.queue().getMaxV() == 2, "event 2 appended");
      CompletableFuture<Void> closing = CompletableFuture.runAsync(es::close);
      Thread.sleep(100);
      release.countDown();
      closing.get(20, TimeUnit.SECONDS);
      ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(20, TimeUnit.SECONDS),
          "the future is finished by close(), not left pending");
      assertTrue(e.getCause().getMessage().contains("was closed before event 2 was processed; it is in the log"),
          e.getCause().getMessage());
      working.handle((v, x) -> null).get(20, TimeUnit.SECONDS); // it waited for event 1 only
    } finally {
      release.countDown();
      es.close();
    }
    try (EventSourcingDB again = builder(dir).queueFile(dir.resolve("queue.db"))
        .reducer(red("c", c -> ReduceResult.result().set(obj("id", "c")))).build()) {
      again.waitForQueue();
      assertEquals(2, again.getVersion(), "event 2 was kept and is processed after reopening");
    }
  }
}
