package io.strato.es.internal.processing;

import io.strato.queue.Event;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether processing is halted at a failed event, and when to try it again: attempts, the
 * back-off (starting at {@code initial}, doubling, capped at {@code max}) and "stopped" after
 * {@code maxRetries} attempts until restarted. Pure bookkeeping with an injectable clock, so it
 * is tested without a DB. Thread-safe (one volatile snapshot, replaced whole).
 */
final class FailureState {
  /**
   * Processing halted at a failed event.
   *
   * @param event the failed event as stored
   * @param cause the exception it failed with in this process, or null
   * @param attempts attempts at it so far
   * @param nextAttemptNanos when (System.nanoTime) the next automatic attempt is due
   * @param exhausted whether the retries stopped (until restarted)
   */
  record Failure(Event event, Throwable cause, int attempts, long nextAttemptNanos, boolean exhausted) {}

  private final Duration initial;
  private final Duration max;
  private final int maxRetries;
  private final LongSupplier clock;
  private volatile Failure current;

  FailureState(Duration initial, Duration max, int maxRetries, LongSupplier clock) {
    this.initial = initial;
    this.max = max;
    this.maxRetries = maxRetries;
    this.clock = clock;
  }

  /** The failure processing is halted at, or null. */
  Failure current() {
    return current;
  }

  /**
   * Records a failed attempt: the count goes on when it is the same event, else starts at 1.
   *
   * @return the new state
   */
  Failure record(Event failed, Throwable cause) {
    Failure prev = current;
    int attempts = prev != null && prev.event().v() == failed.v() ? prev.attempts() + 1 : 1;
    boolean exhausted = attempts >= maxRetries;
    Failure f = new Failure(failed, cause, attempts, clock.getAsLong() + backoffNanos(attempts), exhausted);
    current = f;
    return f;
  }

  /** The delay before attempt {@code attempts + 1}: initial × 2^(attempts−1), capped at max. */
  long backoffNanos(int attempts) {
    long first = initial.toNanos();
    long cap = max.toNanos();
    long d = first << Math.min(30, Math.max(0, attempts - 1));
    return d <= 0 || d > cap ? cap : d;
  }

  /**
   * Lets stopped processing (retries exhausted) try again at once, counting from zero. While
   * retries are still scheduled it changes nothing, so a stream of callers cannot keep
   * resetting the count past maxRetries.
   */
  void restartIfStopped() {
    Failure f = current;
    if (f != null && f.exhausted()) {
      current = new Failure(f.event(), f.cause(), 0, clock.getAsLong(), false);
    }
  }

  /** Whether an attempt may run now (no failure, forced, or its back-off ran out and retries go on). */
  boolean mayAttempt(boolean force) {
    Failure f = current;
    return f == null || force || (!f.exhausted() && clock.getAsLong() >= f.nextAttemptNanos());
  }

  /** Clears the failure once processing went past it (or something was processed). */
  void clearIfPast(long handled, boolean processedAny) {
    Failure f = current;
    if (f != null && (processedAny || handled >= f.event().v())) {
      current = null;
    }
  }

  /** Nanoseconds until the next automatic attempt (0 when due; Long.MAX_VALUE when stopped or none). */
  long nanosUntilNext() {
    Failure f = current;
    if (f == null || f.exhausted()) {
      return Long.MAX_VALUE;
    }
    return Math.max(0, f.nextAttemptNanos() - clock.getAsLong());
  }
}
