package io.strato.es.internal.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.queue.Event;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The failure bookkeeping without a DB: attempts, back-off, stopping and restarting. */
class FailureStateTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final FailureState state = new FailureState(Duration.ofMillis(100), Duration.ofMillis(1000), 4, now::get);

  private static Event ev(long v) {
    return new Event(v, "t", 1, null, null, null, null, null);
  }

  @Test
  void backoffStartsAtInitialDoublesAndIsCapped() {
    assertEquals(100_000_000L, state.backoffNanos(1));
    assertEquals(200_000_000L, state.backoffNanos(2));
    assertEquals(400_000_000L, state.backoffNanos(3));
    assertEquals(800_000_000L, state.backoffNanos(4));
    assertEquals(1_000_000_000L, state.backoffNanos(5), "capped at max");
    assertEquals(1_000_000_000L, state.backoffNanos(64), "no overflow for many attempts");
  }

  @Test
  void attemptsCountPerEventAndStopAtMaxRetries() {
    assertTrue(state.mayAttempt(false));
    RuntimeException cause = new IllegalStateException("x");
    FailureState.Failure f = state.record(ev(5), cause);
    assertEquals(1, f.attempts());
    assertSame(cause, f.cause());
    assertFalse(f.exhausted());
    assertFalse(state.mayAttempt(false), "not before the back-off");
    assertTrue(state.mayAttempt(true), "forced");
    assertEquals(100_000_000L, state.nanosUntilNext());
    now.addAndGet(100_000_000L);
    assertTrue(state.mayAttempt(false), "due");
    assertEquals(0, state.nanosUntilNext());
    assertEquals(2, state.record(ev(5), null).attempts());
    assertEquals(3, state.record(ev(5), null).attempts());
    FailureState.Failure last = state.record(ev(5), null);
    assertEquals(4, last.attempts());
    assertTrue(last.exhausted(), "stops after maxRetries");
    now.addAndGet(10_000_000_000L);
    assertFalse(state.mayAttempt(false), "stopped: never due by itself");
    assertEquals(Long.MAX_VALUE, state.nanosUntilNext());
    assertEquals(1, state.record(ev(6), null).attempts(), "another event counts from 1");
  }

  @Test
  void restartOnlyRestartsStoppedProcessing() {
    state.record(ev(1), null);
    state.restartIfStopped();
    assertEquals(1, state.current().attempts(), "retries still scheduled: the count stays");
    for (int i = 0; i < 3; i++) {
      state.record(ev(1), null);
    }
    assertTrue(state.current().exhausted());
    state.restartIfStopped();
    assertEquals(0, state.current().attempts());
    assertFalse(state.current().exhausted());
    assertTrue(state.mayAttempt(false), "due at once after a restart");
  }

  @Test
  void clearsOncePastTheFailedEvent() {
    state.record(ev(7), null);
    state.clearIfPast(6, false);
    assertEquals(7, state.current().event().v(), "still halted below it");
    state.clearIfPast(7, false);
    assertNull(state.current());
    state.record(ev(9), null);
    state.clearIfPast(3, true);
    assertNull(state.current(), "anything processed means the failure was fixed");
  }
}
