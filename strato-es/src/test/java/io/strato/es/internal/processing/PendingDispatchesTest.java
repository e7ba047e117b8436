package io.strato.es.internal.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.queue.Event;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The group-commit queue: oldest first, withdrawn only before a leader took it, wake-ups that end a park early. */
class PendingDispatchesTest {
  private static final long LONG = TimeUnit.SECONDS.toNanos(20);

  @Test
  void theLeaderDrainsEveryRequestOldestFirst() {
    PendingDispatches p = new PendingDispatches();
    PendingDispatches.Request a = p.add(() -> null);
    PendingDispatches.Request b = p.add(() -> null);
    assertEquals(List.of(a, b), p.drain());
    assertEquals(List.of(), p.drain(), "nothing twice");
    assertFalse(p.withdraw(a), "taken by the leader: too late to withdraw");
    PendingDispatches.Request c = p.add(() -> null);
    assertTrue(p.withdraw(c));
    assertEquals(List.of(), p.drain());
  }

  @Test
  void wakeHeadWakesTheOldestWaiterOnly() throws Exception {
    PendingDispatches p = new PendingDispatches();
    PendingDispatches.Request a = p.add(() -> null);
    PendingDispatches.Request b = p.add(() -> null);
    p.wakeHead();
    long t0 = System.nanoTime();
    a.await(LONG);
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10), "the head was woken");
    t0 = System.nanoTime();
    b.await(TimeUnit.MILLISECONDS.toNanos(100));
    assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(90), "the second one was not");
    new PendingDispatches().wakeHead(); // nobody waiting: nothing happens
  }

  @Test
  void completingARequestEndsItsPark() throws Exception {
    PendingDispatches.Request r = new PendingDispatches().add(() -> null);
    Thread leader = new Thread(() -> r.processed.complete(new Event(1, "x", 1, null, null, null, null, null)));
    long t0 = System.nanoTime();
    leader.start();
    r.await(LONG);
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
    assertEquals(1, r.processed.get().v());
    leader.join();
  }
}
