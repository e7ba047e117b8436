package io.strato.es.internal.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.queue.Event;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Version → future bookkeeping without a DB. */
class WaitersTest {
  private final Waiters w = new Waiters();

  private static Event ev(long v) {
    return new Event(v, "t", 1, null, null, null, null, null);
  }

  @Test
  void callersOfOneVersionShareAFutureCompletedOnce() throws Exception {
    CompletableFuture<Event> a = w.await(3);
    assertSame(a, w.await(3));
    w.complete(3, ev(3));
    assertEquals(3, a.get().v());
    assertFalse(w.await(3) == a, "completed waiters are removed");
  }

  @Test
  void aFailureOnlyFailsWaitersFromBeforeTheAttempt() {
    CompletableFuture<Event> early = w.await(2);
    long attempt = w.nextAttempt();
    CompletableFuture<Event> late = w.await(4);
    w.fail(2, attempt, new IllegalStateException("failed"));
    w.failAbove(2, attempt, k -> new IllegalStateException("halted " + k));
    assertTrue(early.isCompletedExceptionally());
    assertFalse(late.isDone(), "came after the attempt started: gets an attempt of its own");
    long next = w.nextAttempt();
    w.failAbove(2, next, k -> new IllegalStateException("halted " + k));
    ExecutionException e = assertThrows(ExecutionException.class, late::get);
    assertEquals("halted 4", e.getCause().getMessage());
  }

  @Test
  void registeredDispatchersAreEndedByAnyAttemptAndCompleteUpTo() throws Exception {
    CompletableFuture<Event> mine = new CompletableFuture<>();
    w.register(5, mine);
    w.fail(5, 0, new IllegalStateException("x"));
    assertTrue(mine.isCompletedExceptionally(), "seq -1: any attempt ends it");
    CompletableFuture<Event> a = w.await(1);
    CompletableFuture<Event> b = w.await(2);
    CompletableFuture<Event> c = w.await(9);
    w.completeUpTo(2, WaitersTest::ev);
    assertEquals(1, a.get().v());
    assertEquals(2, b.get().v());
    assertFalse(c.isDone());
    w.failAll(k -> new IllegalStateException("closed " + k));
    assertTrue(c.isCompletedExceptionally());
    CompletableFuture<Event> other = new CompletableFuture<>();
    w.register(7, other);
    w.remove(7, new CompletableFuture<>());
    w.complete(7, ev(7));
    assertTrue(other.isDone(), "remove only removes the given future");
  }
}
