package io.strato.es;

import static io.strato.es.Es.await;
import static io.strato.es.Es.awaitState;
import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.StratoException;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processing loop at its edges, as callers see them: an interrupted wait, a dispatch that
 * meets a retry running on another thread, retries restarted by polling or an operator, the
 * retry schedule in the status, and operations on a closed DB.
 */
@Timeout(60)
class LoopEdgesTest {
  @TempDir Path dir;
  private final AtomicBoolean broken = new AtomicBoolean(true);
  private final CountDownLatch inBad = new CountDownLatch(1);
  private volatile CountDownLatch releaseBad = new CountDownLatch(0);

  /** Events of type "bad" fail while {@link #broken}, and park until {@link #releaseBad}. */
  private EventSourcingDB.Builder app(EventSourcingDB.Builder b) {
    return b.reducer(red("c", c -> {
      if (c.event().type().equals("bad")) {
        inBad.countDown();
        releaseBad.await();
        if (broken.get()) {
          throw new IllegalStateException("bad is broken");
        }
      }
      return ReduceResult.result().set(obj("id", "v" + c.event().v()));
    }));
  }

  /** Runs {@code body} on a new thread; returns its outcome (value or exception) and the thread. */
  private static Thread start(CompletableFuture<Object> outcome, java.util.concurrent.Callable<Object> body) {
    Thread t = new Thread(() -> {
      try {
        outcome.complete(body.call());
      } catch (Exception e) {
        outcome.complete(e);
      }
    });
    t.start();
    return t;
  }

  @Test
  void anInterruptedHandledVersionSaysSoAndKeepsTheInterrupt() throws Exception {
    releaseBad = new CountDownLatch(1);
    broken.set(false);
    try (EventSourcingDB es = app(builder(dir)).build()) {
      es.open();
      es.queue().add("bad", null); // committed (a dispatch's event is not, until its group commits)
      CompletableFuture<Object> slow = new CompletableFuture<>();
      start(slow, () -> es.handledVersion(1));
      assertTrue(inBad.await(10, TimeUnit.SECONDS));
      CompletableFuture<Object> waited = new CompletableFuture<>();
      AtomicBoolean keptInterrupt = new AtomicBoolean();
      Thread t = start(waited, () -> {
        try {
          return es.handledVersion(1);
        } finally {
          keptInterrupt.set(Thread.currentThread().isInterrupted());
        }
      });
      try {
        awaitState(t, Thread.State.TIMED_WAITING);
        t.interrupt();
        StratoException e = assertInstanceOf(StratoException.class, waited.get(10, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("interrupted while waiting for event 1"), e.getMessage());
        assertTrue(keptInterrupt.get(), "the interrupt flag is kept");
      } finally {
        releaseBad.countDown();
      }
      assertEquals(1, assertInstanceOf(Event.class, slow.get(10, TimeUnit.SECONDS)).v());
    }
  }

  @Test
  void aDispatchDuringAHaltWaitsForTheRetryRunningOnAnotherThreadAndGoesThroughWhenItFixesTheEvent()
      throws Exception {
    try (EventSourcingDB es = app(builder(dir).retryBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30))).build()) {
      es.open();
      assertThrows(EventFailedException.class, () -> es.dispatch("bad", null));
      broken.set(false);
      CountDownLatch inRetry = new CountDownLatch(1);
      releaseBad = new CountDownLatch(1);
      CompletableFuture<Object> retried = new CompletableFuture<>();
      // the retry runs on its own thread and parks inside the event
      Thread operator = start(retried, () -> {
        inRetry.countDown();
        return es.operations().retry();
      });
      assertTrue(inRetry.await(10, TimeUnit.SECONDS));
      awaitState(operator, Thread.State.WAITING); // parked in the reducer, holding the processing lock
      CompletableFuture<Object> dispatched = new CompletableFuture<>();
      Thread dispatcher = start(dispatched, () -> es.dispatch("ok", null));
      awaitState(dispatcher, Thread.State.WAITING); // waits for the retry instead of failing fast
      releaseBad.countDown();
      // the retry ends at event 1, or at 2 when the dispatch appended it before the retry looked again
      assertTrue(assertInstanceOf(Event.class, retried.get(10, TimeUnit.SECONDS)).v() >= 1);
      Event ok = assertInstanceOf(Event.class, dispatched.get(10, TimeUnit.SECONDS),
          "the retry fixed the event, so the dispatch went through");
      assertEquals(2, ok.v());
      assertEquals(2, es.getVersion());
    }
  }

  @Test
  void startPollingRestartsTheRetriesOfAnEventWhoseRetriesStopped() throws Exception {
    try (EventSourcingDB es = app(builder(dir).maxRetries(1)).build()) {
      es.open();
      assertThrows(EventFailedException.class, () -> es.dispatch("bad", null));
      assertTrue(es.operations().status().stopped(), "one attempt allowed: the retries stopped");
      broken.set(false); // fixed in the code, the stored event still carries its error
      es.startPolling();
      await(() -> es.getVersion() == 1, "polling to give the event a new round of retries");
      es.stopPolling();
    }
  }

  @Test
  void anOperatorRetryProcessesEverythingQueuedBeyondOneBatch() {
    try (EventSourcingDB es = app(builder(dir).batchSize(2)).build()) {
      es.open();
      assertThrows(EventFailedException.class, () -> es.dispatch("bad", null));
      for (int i = 0; i < 5; i++) {
        es.queue().add("ok", null);
      }
      broken.set(false);
      Event last = es.operations().retry();
      assertEquals(6, last.v(), "three batches of two");
      assertEquals(6, es.getVersion());
      assertFalse(es.operations().status().halted());
    }
  }

  @Test
  void theStatusGivesTheNextRetryUntilTheRetriesStop() {
    try (EventSourcingDB es = app(builder(dir).retryBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30))
        .maxRetries(2)).build()) {
      es.open();
      assertThrows(EventFailedException.class, () -> es.dispatch("bad", null));
      Status s = es.operations().status();
      assertFalse(s.stopped());
      Duration next = s.nextRetry().orElseThrow(() -> new AssertionError("a retry is scheduled: " + s));
      assertTrue(!next.isNegative() && next.compareTo(Duration.ofSeconds(30)) <= 0, next.toString());
      es.operations().retry(); // the second and last attempt fails too
      Status stopped = es.operations().status();
      assertTrue(stopped.stopped(), stopped.toString());
      assertTrue(stopped.nextRetry().isEmpty(), "no retry after the last: " + stopped);
      assertEquals(2, stopped.attempts());
      es.operations().retry(); // an operator's retry starts a new round, counting from one
      Status again = es.operations().status();
      assertEquals(1, again.attempts(), again.toString());
      assertFalse(again.stopped(), "the new round has its retries ahead: " + again);
      assertTrue(again.nextRetry().isPresent(), again.toString());
    }
  }

  @Test
  void handledVersionOfAProcessedEventReturnsItWithoutAnotherAttemptAtAHaltedOne() {
    try (EventSourcingDB es = app(builder(dir).maxRetries(1)).build()) {
      es.open();
      broken.set(false);
      es.dispatch("ok", null);
      broken.set(true);
      assertThrows(EventFailedException.class, () -> es.dispatch("bad", null));
      assertTrue(es.operations().status().stopped());
      assertEquals("ok", es.handledVersion(1).type(), "the event processed last");
      Status s = es.operations().status();
      assertTrue(s.stopped(), "still stopped: reading a processed event restarts nothing " + s);
      assertEquals(1, s.attempts(), s.toString());
    }
  }

  @Test
  void startPollingOnAClosedDbIsRefusedAsClosed() {
    EventSourcingDB es = app(builder(dir)).build();
    es.open();
    es.close();
    StratoException e = assertThrows(StratoException.class, es::startPolling);
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void operationsOnAClosedDbAreRefusedAsClosed() {
    EventSourcingDB es = app(builder(dir)).build();
    es.open();
    es.dispatch("ok", null);
    Operations ops = es.operations();
    es.close();
    for (Runnable op : java.util.List.<Runnable>of(ops::retry, () -> ops.skip(2, "why"),
        () -> ops.replace(2, "ok", null))) {
      StratoException e = assertThrows(StratoException.class, op::run);
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
  }
}
