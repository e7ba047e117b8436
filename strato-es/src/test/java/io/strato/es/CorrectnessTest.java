package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static io.strato.es.Es.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.StratoException;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for the defects reproduced in shared/repro/es-core (issue "Correctness:
 * reproduced defects in the event-sourcing core"); each names its defect.
 */
class CorrectnessTest {
  @TempDir Path dir;

  @Test
  void b1DispatchAsyncFuturesCompleteWhileAPollerProcesses() throws Exception {
    try (EventSourcingDB es = EventSourcingDB.builder().file(dir.resolve("b1.db")).build()) {
      es.open();
      es.startPolling();
      for (int i = 0; i < 1500; i++) {
        Event e = es.dispatchAsync("e", Map.of("i", i)).get(10, TimeUnit.SECONDS);
        assertEquals(i + 1, e.v(), "iteration " + i);
      }
    }
  }

  @Test
  void b2AnOnErrorListenerThatDispatchesDoesNotRetryWithoutEnd() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    List<Throwable> alertOutcomes = new CopyOnWriteArrayList<>();
    try (EventSourcingDB es = builder(dir).maxRetries(3).retryBackoff(Duration.ofMillis(20), Duration.ofMillis(40))
        .reducer(red("c", c -> {
          if (c.event().type().equals("bad")) {
            attempts.incrementAndGet();
            throw new IllegalStateException("bad");
          }
          return null;
        })).build()) {
      es.onError(e -> {
        try {
          es.dispatch("alert", Map.of("failed", e.v()));
        } catch (RuntimeException x) {
          alertOutcomes.add(x);
        }
      });
      assertThrows(EventFailedException.class, () -> es.dispatch("bad", null));
      Thread.sleep(600); // the back-off allows 3 attempts in ~60 ms; give a runaway time to show
      assertEquals(3, attempts.get(), "maxRetries holds");
      assertEquals(3, alertOutcomes.size(), "one alert try per failed attempt");
      alertOutcomes.forEach(t -> assertInstanceOf(ProcessingHaltedException.class, t));
      assertEquals(1, es.queue().getMaxV(), "no alert event piles up behind the failed event");
    }
  }

  @Test
  void b4DispatchInsideATransactionOfTheQueueFileIsRefused() {
    try (EventSourcingDB es = EventSourcingDB.builder().file(dir.resolve("s.db")).queueFile(dir.resolve("q.db"))
        .reducer(red("c", c -> ReduceResult.result().set(obj("id", "c")))).build()) {
      es.dispatch("first", null);
      StratoException e = assertThrows(StratoException.class,
          () -> es.queue().db().withTransaction(() -> es.dispatch("x", null)));
      assertTrue(e.getMessage().contains("inside a transaction of the queue's DB"), e.getMessage());
      assertEquals(1, es.queue().getMaxV());
      assertEquals(2, es.dispatch("next", null).v(), "the next event is not swallowed");
      assertEquals(2, es.getVersion());
    }
  }

  @Test
  void b5WaitingCallsAreRefusedInsideTheStateTransactionAndFromPhases() {
    try (EventSourcingDB es = builder(dir).reducer(red("c", c -> null)).build()) {
      es.dispatch("a", null);
      es.queue().add("b", null);
      for (Runnable call : List.<Runnable>of(() -> es.handledVersion(2), es::waitForQueue, es::checkForEvents)) {
        StratoException e = assertThrows(StratoException.class, () -> es.db().withTransaction(call::run));
        assertTrue(e.getMessage().contains("inside a transaction of the state DB"), e.getMessage());
      }
      assertEquals(1, es.getVersion(), "nothing was processed inside the caller's transaction");
      es.waitForQueue();
      assertEquals(2, es.getVersion());
    }
    try (EventSourcingDB es = EventSourcingDB.builder().file(dir.resolve("b5b.db")).maxRetries(1)
        .reducer(red("c", c -> {
          if (c.event().type().equals("wait")) {
            throw new IllegalStateException(String.valueOf(assertThrows(StratoException.class,
                () -> CorrectnessTest.waitFromPhase.run()).getMessage()));
          }
          return null;
        })).build()) {
      waitFromPhase = () -> es.handledVersion(1);
      EventFailedException f = assertThrows(EventFailedException.class, () -> es.dispatch("wait", null));
      assertTrue(f.event().error().toString().contains("while an event is being processed"), f.event().error().toString());
    }
  }

  private static volatile Runnable waitFromPhase;

  @Test
  void b6ThePollerDoesNotSpinWhileHalted() throws Exception {
    try (EventSourcingDB es = builder(dir).maxRetries(2).reducer(red("c", c -> {
      throw new IllegalStateException("always");
    })).build()) {
      es.queue().add("bad", null);
      es.queue().add("later", null);
      es.startPolling();
      Thread.sleep(300); // the two attempts fail and the retries stop
      AtomicInteger queries = new AtomicInteger();
      try (AutoCloseable l = es.db().addListener(new io.strato.db.DBListener() {
        @Override
        public void onCall(io.strato.db.QueryEvent call) {
          queries.incrementAndGet();
        }
      })) {
        Thread.sleep(1000);
      }
      // A spinning poller reads the log in a loop (thousands of reads a second); a sleeping one
      // looks about once a second whether the failed event was fixed.
      assertTrue(queries.get() < 20, queries.get() + " queries in 1 s while halted");
      es.stopPolling();
    }
  }

  @Test
  void b7StopPollingWaitsForTheRunningEventInsteadOfInterruptingIt() throws Exception {
    CountDownLatch inTransact = new CountDownLatch(1);
    List<Event> errors = new CopyOnWriteArrayList<>();
    try (EventSourcingDB es = builder(dir).transactor(tx("m", c -> {
      if (c.event().type().equals("callService")) {
        inTransact.countDown();
        Thread.sleep(500); // e.g. a blocking call to a web service
      }
    })).build()) {
      es.onError(errors::add);
      es.open();
      es.startPolling();
      es.queue().add("callService", null);
      assertTrue(inTransact.await(10, TimeUnit.SECONDS));
      es.stopPolling();
      assertEquals(List.of(), errors, "the running event was not interrupted");
      Event stored = es.queue().get(1L).orElseThrow();
      assertNull(stored.error());
      assertEquals(1, es.getVersion());
    }
  }

  @Test
  void b8CloseRacingDispatchesNeverReopensAndNoCallerIsMisled() throws Exception {
    int reopened = 0;
    long misled = 0;
    for (int it = 0; it < 20; it++) {
      Path f = dir.resolve("close" + it + ".db");
      EventSourcingDB es = EventSourcingDB.builder().file(f).build();
      es.dispatch("warm", null);
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.atomic.AtomicLong ok = new java.util.concurrent.atomic.AtomicLong(1);
      java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread th = new Thread(() -> {
          while (!stop.get()) {
            try {
              es.dispatch("e", Map.of("k", 1));
              ok.incrementAndGet();
            } catch (RuntimeException e) {
              if (String.valueOf(e.getMessage()).contains("it is in the log")) {
                queued.incrementAndGet(); // told that its event was added and stays queued
              }
            }
          }
        });
        th.start();
        threads.add(th);
      }
      Thread.sleep(5 + it);
      long t0 = System.nanoTime();
      es.close();
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "close() does not wait on refused callers");
      stop.set(true);
      for (Thread th : threads) {
        th.join(10_000);
      }
      if (es.db().isOpen()) {
        reopened++;
      }
      es.db().close();
      try (io.strato.db.DB raw = io.strato.db.DB.file(f)) {
        long rows = raw.get("SELECT count(*) AS n FROM history").orElseThrow().getLong("n");
        misled += rows - ok.get() - queued.get();
      }
    }
    assertEquals(0, reopened, "iterations where a racing call reopened the DB after close()");
    assertEquals(0, misled, "events in the file whose callers were told neither success nor 'in the log'");
  }

  @Test
  void b9HandledVersionOfAMissingVersionReturnsNullAndLaterDispatchesAreNotLost() throws Exception {
    try (EventSourcingDB es = builder(dir).build()) {
      long t0 = System.nanoTime();
      assertNull(es.handledVersion(5));
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "at once");
      CompletableFuture<Event> waiting = CompletableFuture.supplyAsync(() -> es.handledVersion(1));
      assertTrue(waiting.get(10, TimeUnit.SECONDS) == null || waiting.get().v() == 1);
      for (int i = 1; i <= 5; i++) {
        assertEquals(i, es.dispatch("x", null).v());
      }
      assertEquals(5, es.handledVersion(5).v());
    }
  }

  @Test
  void b10AndB11WaitForQueueDoesNotBlockOnVersionsThatDoNotExist() throws Exception {
    try (EventSourcingDB es = builder(dir).build()) {
      es.dispatch("a", null);
      es.db().withTransaction(() -> {
        try {
          es.db().withSavepoint(() -> {
            es.queue().add("vanishes", null);
            throw new IllegalStateException("roll back");
          });
        } catch (IllegalStateException expected) {
          // the add is gone with its savepoint
        }
      });
      CompletableFuture<Void> w = CompletableFuture.runAsync(es::waitForQueue);
      w.get(10, TimeUnit.SECONDS);
      es.queue().setKnownV(100);
      CompletableFuture.runAsync(es::waitForQueue).get(10, TimeUnit.SECONDS);
      assertEquals(101, es.dispatch("b", null).v(), "new events continue above the known version");
    }
  }

  @Test
  void b12TheInitEventIsProcessedWhenTheStateIsAheadOfAFreshQueue() {
    Path f = dir.resolve("ahead.db");
    try (io.strato.db.DB pre = io.strato.db.DB.file(f)) {
      pre.exec("PRAGMA user_version = 3"); // e.g. a state restored from a snapshot
    }
    List<String> seen = new CopyOnWriteArrayList<>();
    try (EventSourcingDB es = EventSourcingDB.builder().file(f).model(new io.strato.es.spi.EventModel() {
      @Override
      public String name() {
        return "m";
      }

      @Override
      public boolean init() {
        return true;
      }

      @Override
      public ReduceResult reduce(io.strato.es.spi.ReduxContext ctx) {
        seen.add(ctx.event().type() + "@" + ctx.event().v());
        return null;
      }
    }).build()) {
      es.open();
      Event next = es.dispatch("next", null);
      es.waitForQueue();
      assertEquals(List.of("es/INIT:m@4", "next@5"), seen, "the INIT event got a version above the state's");
      assertEquals(5, next.v());
    }
  }

  @Test
  void b13TheFirstProcessingSeesTheEventAsStored() {
    List<JsonNode> seen = new CopyOnWriteArrayList<>();
    try (EventSourcingDB es = builder(dir).reducer(red("c", c -> {
      seen.add(c.event().data());
      return null;
    })).build()) {
      es.dispatch("money", Map.of("amount", new BigDecimal("5.10"), "rate", 0.1f, "raw", new byte[] {1, 2, 3},
          "big", new java.math.BigInteger("123456789012345678901234567890")));
      JsonNode stored = es.queue().get(1L).orElseThrow().data();
      assertEquals(stored, seen.get(0), "what the reducer saw is what a replay reads back");
      assertTrue(seen.get(0).get("raw").isTextual(), "bytes as stored: base64 text");
    }
  }

  @Test
  void b14AnErrorFromAResultListenerDoesNotFailCommittedDispatchers() throws Exception {
    try (EventSourcingDB es = builder(dir).reducer(red("c", c -> ReduceResult.result().set(obj("id", "c")))).build()) {
      es.onResult(e -> {
        throw new AssertionError("a listener bug");
      });
      es.open();
      List<CompletableFuture<Event>> all = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        all.add(CompletableFuture.supplyAsync(() -> es.dispatch("x", null)));
      }
      for (CompletableFuture<Event> f : all) {
        assertTrue(f.get(10, TimeUnit.SECONDS).v() > 0);
      }
      assertEquals(4, es.getVersion());
    }
  }

  @Test
  void b15ResultsAreDeliveredInOrderWhenAListenerDispatches() {
    List<Long> order = new CopyOnWriteArrayList<>();
    try (EventSourcingDB es = builder(dir).reducer(red("m", c -> null)).build()) {
      es.open();
      es.onResult(e -> {
        order.add(e.v());
        if (e.type().equals("a1")) {
          es.dispatch("c", null); // a listener that dispatches a follow-up
        }
      });
      es.queue().add("a1", null);
      es.queue().add("a2", null);
      es.queue().add("a3", null);
      es.waitForQueue();
      assertEquals(List.of(1L, 2L, 3L, 4L), order, "notifications in processing order");
    }
  }

  @Test
  void b17AVersionAboveTheUserVersionLimitFailsClearly() {
    try (EventSourcingDB es = builder(dir).maxRetries(1).build()) {
      es.queue().setKnownV(Integer.MAX_VALUE);
      EventFailedException e = assertThrows(EventFailedException.class, () -> es.dispatch("x", null));
      assertTrue(e.getMessage().contains("above 2^31-1"), e.getMessage());
      assertFalse(e instanceof ProcessingHaltedException);
    }
  }

  @Test
  void b17CloseFromAResultListenerDoesNotMisreportACommittedEvent() throws Exception {
    Path file = dir.resolve("closeFromListener.db");
    EventSourcingDB es = EventSourcingDB.builder().file(file).build();
    es.open();
    es.onResult(e -> {
      if (e.type().equals("close")) {
        es.close();
      }
    });
    es.queue().add("close", null);
    Event after = es.queue().add("after", null);
    Event got = null;
    RuntimeException thrown = null;
    try {
      got = es.handledVersion(after.v());
    } catch (RuntimeException e) {
      thrown = e;
    }
    long committed;
    try (io.strato.db.DB raw = io.strato.db.DB.file(file)) {
      committed = raw.userVersion();
    }
    assertFalse(es.db().isOpen(), "close() from the listener closed the DB");
    if (committed >= after.v()) {
      assertTrue(thrown == null || !String.valueOf(thrown.getMessage()).contains("before event " + after.v()
          + " was processed"), "event " + after.v() + " committed, yet the caller was told: " + thrown);
      assertTrue(got == null || got.v() == after.v());
    } else {
      assertTrue(thrown != null && thrown.getMessage().contains("it is in the log"), String.valueOf(thrown));
    }
  }

  @Test
  void b17CloseFromAResultListenerOnThePollingThreadReturnsAndClosesEverything() throws Exception {
    EventSourcingDB es = EventSourcingDB.builder().file(dir.resolve("closeFromPoller.db")).build();
    CountDownLatch closed = new CountDownLatch(1);
    es.onResult(e -> {
      if (e.type().equals("close")) {
        es.close();
        closed.countDown();
      }
    });
    es.startPolling();
    es.queue().add("close", null);
    assertTrue(closed.await(20, TimeUnit.SECONDS), "close() from a listener on the polling thread returns");
    assertFalse(es.db().isOpen());
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < until && Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().startsWith("strato-es-") && t.getName().endsWith("closeFromPoller.db"))) {
      Thread.sleep(10);
    }
    assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive()
        && t.getName().startsWith("strato-es-") && t.getName().endsWith("closeFromPoller.db")), "its threads ended");
  }

  @Test
  void b18AFailedEventStaysQueuedAndIsAppliedOnceWhenFixed() throws Exception {
    AtomicInteger applied = new AtomicInteger();
    boolean[] broken = {true};
    try (EventSourcingDB es = builder(dir).maxRetries(100).reducer(red("c", c -> {
      if (broken[0]) {
        throw new IllegalStateException("down");
      }
      applied.incrementAndGet();
      return null;
    })).build()) {
      EventFailedException e = assertThrows(EventFailedException.class, () -> es.dispatch("pay", null));
      assertEquals(1, es.queue().getMaxV(), "the failed event stays in the log");
      broken[0] = false;
      assertEquals(1, es.handledVersion(e.event().v()).v());
      assertEquals(1, applied.get(), "applied once, on its retry: do not dispatch it again");
    }
  }
}
