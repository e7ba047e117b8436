package io.strato.es;

import static io.strato.es.Es.awaitState;
import static io.strato.es.Es.builder;
import static io.strato.es.Es.num;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.DBListener;
import io.strato.db.QueryEvent;
import io.strato.db.StratoException;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

/**
 * Group commit at its edges: the leader processes what it appended without reading it back, an
 * append that fails takes its whole group with it and leaves nothing behind, and a dispatch that
 * was waiting when the event before it failed is added and told that it stays queued.
 */
@Timeout(60)
class GroupCommitEdgesTest {
  @TempDir Path dir;

  /** A reducer counting into model "c" that parks events of type "slow" until released. */
  private static io.strato.es.spi.Reducer parking(CountDownLatch inSlow, CountDownLatch release, AtomicBoolean failSlow) {
    return red("c", c -> {
      if (c.event().type().equals("slow")) {
        inSlow.countDown();
        release.await();
        if (failSlow.get()) {
          throw new IllegalStateException("slow failed");
        }
      }
      return ReduceResult.result().set(obj("id", "c", "n", num(c.model(), "c", "n") + 1));
    });
  }

  /** Starts a dispatch on its own thread and returns once it waits for the busy processing lock. */
  private static CompletableFuture<Object> dispatchWhileBusy(EventSourcingDB es, String type) throws Exception {
    CompletableFuture<Object> outcome = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        outcome.complete(es.dispatch(type, null));
      } catch (RuntimeException e) {
        outcome.complete(e);
      }
    }, "dispatch-" + type);
    t.start();
    awaitState(t, Thread.State.TIMED_WAITING); // waits in the group queue
    return outcome;
  }

  @Test
  void aDispatchProcessesWhatItAppendedWithoutReadingItBackUnlessEarlierEventsAreDue() throws Exception {
    try (EventSourcingDB es = builder(dir).reducer(parking(new CountDownLatch(0), new CountDownLatch(0),
        new AtomicBoolean())).build()) {
      es.open();
      AtomicInteger logReads = new AtomicInteger();
      es.db().addListener(new DBListener() {
        @Override
        public void onCall(QueryEvent q) {
          if (q.sql().contains("v > ?")) {
            logReads.incrementAndGet();
          }
        }
      });
      assertEquals(1, es.dispatch("inc", null).v());
      assertEquals(2, es.dispatch("inc", null).v());
      assertEquals(0, logReads.get(), "the leader took the events it appended as they were");
      es.queue().add("queued", null); // v3, due before the next dispatch's own event
      Event own = es.dispatch("inc", null);
      assertEquals(4, own.v());
      assertTrue(logReads.get() > 0, "with an earlier event due the log is read in order");
      assertEquals(4, es.getVersion());
      assertEquals(4, num(Es.model(es, "c"), "c", "n"), "the queued event and the dispatched ones, once each");
    }
  }

  @Test
  void anAppendThatFailsFailsItsWholeGroupAddsNothingAndLeavesNoWaiterBehind() throws Exception {
    CountDownLatch inSlow = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventSourcingDB es = builder(dir).reducer(parking(inSlow, release, new AtomicBoolean())).build()) {
      es.open();
      es.db().exec("CREATE TRIGGER refuse BEFORE INSERT ON history WHEN NEW.type = 'refused'"
          + " BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END");
      StratoException alone = assertThrows(StratoException.class, () -> es.dispatch("refused", null));
      assertTrue(alone.getMessage().contains("refused by trigger"), alone.getMessage());
      assertEquals(0, es.queue().getMaxV(), "nothing added");

      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<Event> slow = pool.submit(() -> es.dispatch("slow", null));
      assertTrue(inSlow.await(10, TimeUnit.SECONDS));
      CompletableFuture<Object> innocent = dispatchWhileBusy(es, "inc"); // first in the group
      CompletableFuture<Object> refused = dispatchWhileBusy(es, "refused");
      release.countDown();
      assertEquals(1, slow.get(10, TimeUnit.SECONDS).v());
      for (CompletableFuture<Object> f : java.util.List.of(innocent, refused)) {
        StratoException e = assertInstanceOf(StratoException.class, f.get(10, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("refused by trigger"), "every dispatch of the group learns why: " + e);
      }
      pool.shutdown();
      assertEquals(1, es.queue().getMaxV(), "the group's transaction rolled back whole");
      // The innocent dispatch's version (2) is handed out again: nothing of the failed group may answer for it.
      Event async = es.dispatchAsync("inc", null).get(10, TimeUnit.SECONDS);
      assertEquals(2, async.v());
      assertNull(async.error());
      assertEquals(3, es.dispatch("inc", null).v());
      assertEquals(3, num(Es.model(es, "c"), "c", "n"));
    }
  }

  @Test
  void aDispatchWaitingWhenTheEventBeforeItFailsIsAddedAndToldThatItStaysQueued() throws Exception {
    CountDownLatch inSlow = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean failSlow = new AtomicBoolean(true);
    // A long back-off: the failed event is not due again while the waiting dispatch leads its group.
    try (EventSourcingDB es = builder(dir).retryBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30))
        .reducer(parking(inSlow, release, failSlow)).build()) {
      es.open();
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<Event> slow = pool.submit(() -> es.dispatch("slow", null));
      assertTrue(inSlow.await(10, TimeUnit.SECONDS));
      CompletableFuture<Object> waiting = dispatchWhileBusy(es, "inc"); // passed the halt check: nothing failed yet
      release.countDown();
      Exception slowFailed = assertThrows(Exception.class, () -> slow.get(10, TimeUnit.SECONDS));
      EventFailedException failed = assertInstanceOf(EventFailedException.class, slowFailed.getCause());
      assertFalse(failed instanceof ProcessingHaltedException, "the slow dispatch's own event failed");
      ProcessingHaltedException halted = assertInstanceOf(ProcessingHaltedException.class,
          waiting.get(10, TimeUnit.SECONDS));
      assertEquals(1, halted.failedEvent().v());
      assertEquals(2, halted.queuedVersion().orElseThrow(), "its event was added behind the failed one");
      assertEquals("inc", es.queue().get(2).orElseThrow().type());
      assertEquals(0, es.getVersion(), "nothing processed past the failed event");
      assertEquals(1, es.operations().status().attempts(), "told at once: no extra attempt at the failed event");
      pool.shutdown();

      failSlow.set(false); // fixed: the next attempt at event 1 succeeds, and event 2 follows
      Event two = es.handledVersion(2);
      assertSame(null, two.error());
      assertEquals(2, es.getVersion());
      assertEquals(2, num(Es.model(es, "c"), "c", "n"), "each applied once");
      assertEquals(2, es.queue().count(Map.of()));
    }
  }
}
