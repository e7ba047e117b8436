package io.strato.es.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Lets {@code close()} wait for the calls already inside an {@code EventSourcingDB} before it
 * closes the databases, so a call racing with close can neither reopen a closed DB (a leaked
 * connection and threads) nor append an event after close returned. A call enters (or is
 * refused once closing began), close waits until every call of other threads has left. Calls of
 * the closing thread itself (close from a listener inside a dispatch) are not waited for.
 *
 * <p>Entering increments the counter before it reads the flag, and closing sets the flag before
 * it reads the counter: either the call sees "closing" and backs out, or close sees the call.
 */
public final class CallGate {
  private final AtomicInteger active = new AtomicInteger();
  private final ThreadLocal<int[]> mine = new ThreadLocal<>();
  private volatile boolean closing;

  /**
   * Runs a call inside the gate.
   *
   * @param closed the exception when the gate is closing
   * @param body the call
   * @param <T> its result
   * @return its result
   */
  public <T> T call(Supplier<RuntimeException> closed, Supplier<T> body) {
    if (closing) {
      // refused without touching the counter, so callers retrying in a loop cannot keep
      // close() waiting
      throw closed.get();
    }
    active.incrementAndGet();
    int[] own = mine.get();
    if (own == null) {
      own = new int[1];
      mine.set(own);
    }
    own[0]++;
    try {
      if (closing) {
        throw closed.get();
      }
      return body.get();
    } finally {
      if (--own[0] == 0) {
        mine.remove();
      }
      active.decrementAndGet();
    }
  }

  /**
   * Enters for a call that finishes on another thread (the append of {@code dispatchAsync}):
   * close waits for it, even when close runs on the thread that made the call, until the
   * returned handle runs.
   *
   * @param closed the exception when the gate is closing
   * @return leaves the gate; runs once, later runs do nothing
   */
  public Runnable enterDetached(Supplier<RuntimeException> closed) {
    if (closing) {
      throw closed.get();
    }
    active.incrementAndGet();
    if (closing) {
      active.decrementAndGet();
      throw closed.get();
    }
    AtomicBoolean left = new AtomicBoolean();
    return () -> {
      if (left.compareAndSet(false, true)) {
        active.decrementAndGet();
      }
    };
  }

  /** Refuses new calls from now on. */
  public void close() {
    closing = true;
  }

  /**
   * Waits until the calls of other threads have left, at most {@code max}.
   *
   * @param max the longest wait
   * @return true when they all left
   */
  public boolean awaitDrained(Duration max) {
    long until = System.nanoTime() + max.toNanos();
    int[] own = mine.get();
    int self = own == null ? 0 : own[0];
    while (active.get() > self) {
      if (System.nanoTime() >= until) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    return true;
  }
}
