package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.StratoException;
import io.strato.es.log.ProcessingGate;
import io.strato.es.log.SqliteEventLog;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** handledVersion(v, timeout): bounded waits on the plain SQLite log and on a follower. */
class HandledVersionTimeoutTest {
  @TempDir Path dir;

  private static long millisSince(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  /** "slow" waits in its reducer until released; "bad" fails; "inc" counts. */
  private static EventSourcingDB.Builder app(EventSourcingDB.Builder b, CountDownLatch release) {
    return b.reducer(red("acct", c -> switch (c.event().type()) {
      case "slow" -> {
        release.await(30, TimeUnit.SECONDS);
        yield ReduceResult.result().set(obj("id", "slow", "n", 1));
      }
      case "bad" -> throw new IllegalStateException("bad is refused by the code");
      case "inc" -> ReduceResult.result().set(obj("id", "k", "n", c.event().v()));
      default -> null;
    }));
  }

  @Test
  void aWaitBehindALongBatchEndsAtTheTimeoutAndTheEventIsHandledLater() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (EventSourcingDB es = app(builder(dir), release).build()) {
      assertEquals(1, es.dispatch("inc", null).v());
      CompletableFuture<Event> slow = es.dispatchAsync("slow", obj("text", "grüße €"));
      // dispatchAsync returns before its append thread appended the event: wait for that
      long appendedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (es.queue().getMaxV() < 2 && System.nanoTime() < appendedBy) {
        Thread.sleep(1);
      }
      long t0 = System.nanoTime();
      VersionTimeoutException e = assertThrows(VersionTimeoutException.class,
          () -> es.handledVersion(2, Duration.ofMillis(200)));
      long took = millisSince(t0);
      assertTrue(took >= 190 && took < 10_000, "gave up after the timeout, took " + took + " ms");
      assertEquals(2, e.version());
      assertEquals(1, e.handledVersion());
      assertEquals(Duration.ofMillis(200), e.timeout());
      assertTrue(e.getMessage().contains("event 2") && e.getMessage().contains("200 ms"), e.getMessage());
      assertThrows(VersionTimeoutException.class, () -> es.handledVersion(2, Duration.ZERO), "zero only looks");
      release.countDown();
      Event done = es.handledVersion(2, Duration.ofSeconds(20));
      assertEquals("grüße €", done.data().path("text").asText());
      assertEquals(1, done.result().path("acct").path("set").get(0).path("n").asInt());
      assertEquals(2, slow.get(5, TimeUnit.SECONDS).v());
      assertEquals(2, es.getVersion());
    } finally {
      release.countDown();
    }
  }

  @Test
  void handledOrMissingVersionsAnswerAtOnceAndBadTimeoutsAreRefused() {
    try (EventSourcingDB es = app(builder(dir), new CountDownLatch(0)).build()) {
      es.dispatch("inc", null);
      assertEquals(1, es.handledVersion(1, Duration.ZERO).v(), "handled already: no wait needed");
      long t0 = System.nanoTime();
      assertNull(es.handledVersion(99, Duration.ofSeconds(10)), "no such event: null, as handledVersion(v)");
      assertTrue(millisSince(t0) < 5000);
      assertEquals(1, es.handledVersion(1, ChronoUnit.FOREVER.getDuration()).v(), "a huge timeout is fine");
      IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
          () -> es.handledVersion(1, Duration.ofMillis(-1)));
      assertTrue(neg.getMessage().contains("timeout"), neg.getMessage());
      assertThrows(IllegalArgumentException.class, () -> es.handledVersion(1, null));
    }
  }

  @Test
  void aHugeTimeoutWaitsForAnEventStillToBeProcessed() {
    try (EventSourcingDB es = app(builder(dir), new CountDownLatch(0)).build()) {
      es.queue().add("inc", null);
      assertEquals(1, es.handledVersion(1, ChronoUnit.FOREVER.getDuration()).v(), "FOREVER is no zero wait");
      assertEquals(1, es.getVersion());
    }
  }

  @Test
  void anInterruptedWaitEndsAtOnceAndKeepsTheInterrupt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (EventSourcingDB es = app(builder(dir), release).build()) {
      es.open();
      es.queue().add("slow", null);
      Thread.currentThread().interrupt();
      long t0 = System.nanoTime();
      StratoException e = assertThrows(StratoException.class, () -> es.handledVersion(1, Duration.ofSeconds(20)));
      assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
      assertTrue(millisSince(t0) < 10_000, "did not sit out the timeout");
      assertTrue(e.getMessage().contains("interrupted while waiting for event 1"), e.getMessage());
      release.countDown();
      assertEquals(1, es.handledVersion(1, Duration.ofSeconds(20)).v(), "the event is processed all the same");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aFailedEventIsAFailureNotATimeout() {
    try (EventSourcingDB es = app(builder(dir), new CountDownLatch(0)).build()) {
      es.queue().add("bad", null);
      EventFailedException e = assertThrows(EventFailedException.class,
          () -> es.handledVersion(1, Duration.ofSeconds(20)));
      assertTrue(e.getMessage().contains("bad is refused"), e.getMessage());
    }
  }

  @Test
  void aFollowerWaitingForARecordTimesOutThenAppliesIt() {
    try (EventSourcingDB leader = app(builder(dir), new CountDownLatch(0)).build()) {
      leader.dispatch("inc", null);
      SqliteEventLog log = SqliteEventLog.on(leader.queue());
      ProcessingGateTest.Gate gate = new ProcessingGateTest.Gate(log);
      gate.turn = e -> ProcessingGate.Turn.WAIT; // no record published yet
      try (EventSourcingDB follower = app(EventSourcingDB.builder().file(dir.resolve("f.db")), new CountDownLatch(0))
          .eventLog(log).processedRecords(gate).build()) {
        assertThrows(VersionTimeoutException.class, () -> follower.handledVersion(1, Duration.ofMillis(300)));
        assertEquals(0, follower.getVersion());
        gate.turn = e -> ProcessingGate.Turn.apply(leader.queue().get(e.v()).orElseThrow());
        assertEquals(1, follower.handledVersion(1, Duration.ofSeconds(20)).v());
        assertEquals(1, follower.getVersion(), "applied on this node when it returns");
      }
    }
  }
}
