package io.strato.es.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.StratoException;
import io.strato.queue.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AppendGroup} without a server: appends that arrive while a write runs go together in
 * the next write, in arrival order, each with its own version; a failed write fails its group only.
 */
class AppendGroupOrderTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final List<List<String>> writes = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong head = new AtomicLong();
  private final CountDownLatch firstWrite = new CountDownLatch(1);
  private final CountDownLatch releaseFirst = new CountDownLatch(1);
  private final AtomicReference<RuntimeException> failNext = new AtomicReference<>();

  /** A writer that records each group, holds the first write until released, and fails on request. */
  private final AppendGroup group = new AppendGroup(rows -> {
    writes.add(rows.stream().map(AppendGroup.Pending::type).toList());
    if (writes.size() == 1) {
      firstWrite.countDown();
      try {
        releaseFirst.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    RuntimeException fail = failNext.getAndSet(null);
    if (fail != null) {
      throw fail;
    }
    return head.addAndGet(rows.size());
  });

  @AfterEach
  void tearDown() {
    releaseFirst.countDown();
    pool.shutdownNow();
  }

  private Future<Event> append(String type) {
    return pool.submit(() -> group.append(new AppendGroup.Pending(type, 1, null, null)));
  }

  private void awaitWaiting(int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (group.waiting() < n) {
      assertTrue(System.nanoTime() < end, "appends did not queue: " + group.waiting());
      Thread.sleep(5);
    }
  }

  @Test
  void appendsArrivingDuringAWriteShareTheNextOne() throws Exception {
    Future<Event> first = append("first");
    assertTrue(firstWrite.await(10, TimeUnit.SECONDS));
    List<Future<Event>> later = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      later.add(append("e" + i));
      awaitWaiting(i + 1); // arrival order is known
    }
    releaseFirst.countDown();
    assertEquals(1, first.get(10, TimeUnit.SECONDS).v());
    for (int i = 0; i < 5; i++) {
      Event e = later.get(i).get(10, TimeUnit.SECONDS);
      assertEquals(2 + i, e.v(), "versions in arrival order");
      assertEquals("e" + i, e.type());
    }
    assertEquals(List.of(List.of("first"), List.of("e0", "e1", "e2", "e3", "e4")), writes,
        "one write for the five that waited");
    assertEquals(7, group.append(new AppendGroup.Pending("alone", 1, null, null)).v(), "a lone append writes alone");
    assertEquals(List.of("alone"), writes.get(2));
  }

  @Test
  void aFailedWriteFailsItsGroupOnly() throws Exception {
    Future<Event> first = append("first");
    assertTrue(firstWrite.await(10, TimeUnit.SECONDS));
    Future<Event> a = append("a");
    awaitWaiting(1);
    Future<Event> b = append("b");
    awaitWaiting(2);
    StratoException down = new StratoException("PostgreSQL unreachable");
    failNext.set(down);
    releaseFirst.countDown();
    // the first write fails (failNext is read after the hold), the group of a and b is written
    Exception e = assertThrows(Exception.class, () -> first.get(10, TimeUnit.SECONDS));
    assertSame(down, e.getCause(), "the caller gets the writer's exception itself");
    assertEquals(1, a.get(10, TimeUnit.SECONDS).v(), "nothing of the failed write took a version");
    assertEquals(2, b.get(10, TimeUnit.SECONDS).v());
  }
}
