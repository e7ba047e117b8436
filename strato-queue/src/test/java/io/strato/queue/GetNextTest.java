package io.strato.queue;

import static io.strato.queue.QueueTestSupport.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.DB;
import io.strato.db.StratoException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetNextTest {
  @TempDir Path dir;

  /** A waiter running getNext on its own thread. */
  static final class Waiter {
    final CompletableFuture<Optional<Event>> result = new CompletableFuture<>();
    final Thread thread;

    Waiter(EventQueue q, long afterV) {
      thread = new Thread(() -> {
        try {
          result.complete(q.getNext(afterV, false));
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      }, "waiter-" + afterV);
      thread.setDaemon(true);
      thread.start();
    }

    /**
     * Checks that the thread sleeps in getNext (parked on the signal) and has not returned.
     * With short poll intervals it wakes briefly to re-check, so parking is awaited.
     */
    void assertBlocked() throws InterruptedException {
      awaitParked();
      Thread.sleep(100);
      assertFalse(result.isDone(), "waiter returned early: " + result.getNow(null));
      awaitParked();
    }

    private void awaitParked() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      Thread.State s = thread.getState();
      while (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING) {
        assertFalse(result.isDone(), "waiter returned early: " + result.getNow(null));
        assertTrue(System.nanoTime() < deadline, "waiter never parked; state " + s);
        Thread.sleep(2);
        s = thread.getState();
      }
    }

    Optional<Event> get(long seconds) throws Exception {
      return result.get(seconds, TimeUnit.SECONDS);
    }
  }

  @Test
  void noWaitReturnsFirstAfterWithGaps() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      assertTrue(q.getNext(0, true).isEmpty());
      for (int i = 1; i <= 6; i++) {
        q.add("t" + i, Map.of("i", i));
      }
      q.remove(2L);
      q.remove(3L);
      q.remove(6L);
      assertEquals(1, q.getNext(0, true).orElseThrow().v());
      Event e = q.getNext(1, true).orElseThrow();
      assertEquals(4, e.v());
      assertEquals("t4", e.type());
      assertEquals(4, e.data().get("i").asInt());
      assertEquals(5, q.getNext(4, true).orElseThrow().v());
      assertTrue(q.getNext(5, true).isEmpty());
      assertTrue(q.getNext(100, true).isEmpty());
      // an existing event is returned at once even when waiting is allowed
      assertEquals(4, q.getNext(3, false).orElseThrow().v());
    }
  }

  @Test
  void waiterWakesOnAddFromAnotherThread() throws Exception {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db); // default poll interval 1 s: a wake-up within 2 s needs the signal
      q.add("a", null);
      Waiter w = new Waiter(q, 1);
      w.assertBlocked();
      long t0 = System.nanoTime();
      Event added = q.add("b", Map.of("k", "v"));
      Event got = w.get(2).orElseThrow();
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertEquals(added, got);
      assertTrue(ms < 500, "woke after " + ms + " ms");
    }
  }

  @Test
  void waiterWakesOnAddFromFileDbThread() throws Exception {
    try (DB db = DB.file(dir.resolve("q.db"))) {
      EventQueue q = queue(db, QueueConfig.builder().pollInterval(Duration.ofSeconds(30)).build());
      Waiter w = new Waiter(q, 0);
      w.assertBlocked();
      Event added = q.add("b", null);
      assertEquals(added.v(), w.get(2).orElseThrow().v(), "woken by the signal, not by polling");
    }
  }

  @Test
  void waiterWakesOnAddFromSecondDbObject() throws Exception {
    Path file = dir.resolve("shared.db");
    QueueConfig cfg = QueueConfig.builder().pollInterval(Duration.ofMillis(150)).build();
    try (DB db1 = DB.file(file); DB db2 = DB.file(file)) {
      EventQueue q1 = queue(db1, cfg);
      EventQueue q2 = queue(db2, cfg);
      q1.add("a", null);
      Waiter w = new Waiter(q1, 1);
      w.assertBlocked();
      long t0 = System.nanoTime();
      Event added = q2.add("from-db2", Map.of("x", 1));
      Event got = w.get(2).orElseThrow();
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertEquals(added, got);
      assertTrue(ms < 1000, "noticed after " + ms + " ms");
    }
  }

  @Test
  void cancelNextReleasesAllWaiters() throws Exception {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      q.add("a", null);
      List<Waiter> ws = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ws.add(new Waiter(q, 1));
      }
      for (Waiter w : ws) {
        w.assertBlocked();
      }
      q.cancelNext();
      for (Waiter w : ws) {
        assertTrue(w.get(2).isEmpty(), "cancelled waiters return empty");
      }
      // a later call is not affected by the earlier cancel
      Waiter later = new Waiter(q, 1);
      later.assertBlocked();
      Event b = q.add("b", null);
      assertEquals(b.v(), later.get(2).orElseThrow().v());
    }
  }

  @Test
  void addInTransactionWakesWaitersOnlyAfterCommit() throws Exception {
    try (DB db = DB.file(dir.resolve("tx.db"))) {
      // short poll: the waiter re-checks many times while the transaction is open
      EventQueue q = queue(db, QueueConfig.builder().pollInterval(Duration.ofMillis(20)).build());
      q.add("a", null);
      Waiter w = new Waiter(q, 1);
      w.assertBlocked();
      AtomicReference<Event> added = new AtomicReference<>();
      db.withTransaction(() -> {
        added.set(q.add("b", null));
        Thread.sleep(300);
        assertFalse(w.result.isDone(), "woke before commit");
      });
      assertEquals(added.get(), w.get(2).orElseThrow());
    }
  }

  @Test
  void rolledBackAddDoesNotWakeWithAnEvent() throws Exception {
    try (DB db = DB.file(dir.resolve("rb.db"))) {
      EventQueue q = queue(db, QueueConfig.builder().pollInterval(Duration.ofMillis(20)).build());
      q.add("a", null);
      Waiter w = new Waiter(q, 1);
      w.assertBlocked();
      assertThrows(IllegalStateException.class, () -> db.withTransaction(() -> {
        q.add("b", null);
        throw new IllegalStateException("no");
      }));
      Thread.sleep(200);
      assertFalse(w.result.isDone(), "a rolled back add must not be returned");
      Event c = q.add("c", null);
      assertEquals(c, w.get(2).orElseThrow());
      assertEquals(2, c.v());
    }
  }

  @Test
  void waitersDoNotSpin() throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (!mx.isThreadCpuTimeSupported()) {
      return;
    }
    mx.setThreadCpuTimeEnabled(true);
    try (DB db = DB.memory()) {
      EventQueue q = queue(db, QueueConfig.builder().pollInterval(Duration.ofMillis(100)).build());
      Waiter w = new Waiter(q, 0);
      w.assertBlocked();
      long cpu0 = mx.getThreadCpuTime(w.thread.getId());
      Thread.sleep(500);
      long cpu = mx.getThreadCpuTime(w.thread.getId()) - cpu0;
      assertTrue(cpu >= 0 && cpu < TimeUnit.MILLISECONDS.toNanos(100), "waiter used " + cpu / 1_000_000 + " ms CPU in 500 ms");
      q.cancelNext();
      assertTrue(w.get(2).isEmpty());
    }
  }

  @Test
  void interruptedWaiterFails() throws Exception {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      Waiter w = new Waiter(q, 0);
      w.assertBlocked();
      w.thread.interrupt();
      ExecutionException e = assertThrows(ExecutionException.class, () -> w.get(2));
      assertInstanceOf(StratoException.class, e.getCause());
    }
  }

  @Test
  void blockedWaiterDoesNotReturnWithoutEvent() throws Exception {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db, QueueConfig.builder().pollInterval(Duration.ofMillis(30)).build());
      q.add("a", null);
      Waiter w = new Waiter(q, 1);
      w.assertBlocked();
      assertThrows(TimeoutException.class, () -> w.get(0)); // still waiting after several polls
      Thread.sleep(150);
      assertFalse(w.result.isDone());
      q.cancelNext();
      assertTrue(w.get(2).isEmpty());
    }
  }

  @Test
  void waitingInsideATransactionIsRefused() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      q.add("a", null);
      db.withTransaction(() -> {
        assertEquals(1, q.getNext(0, false).orElseThrow().v(), "an existing event is returned");
        assertTrue(q.getNext(1, true).isEmpty());
        StratoException e = assertThrows(StratoException.class, () -> q.getNext(1, false));
        assertTrue(e.getMessage().contains("transaction"), e.getMessage());
      });
    }
  }
}
