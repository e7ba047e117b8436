package io.strato.queue.internal;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes threads waiting for the next event: every add bumps a counter, every cancel bumps
 * another. Waiters sleep on a condition (no spinning) for at most the poll interval, so events
 * added by other processes are noticed within that interval.
 */
public final class AddSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long adds;
  private long cancels;

  /** A point in time to wait from. */
  public record Mark(long adds, long cancels) {}

  /**
   * Remembers the current counters; take it before checking the table so no add is missed.
   *
   * @return the mark
   */
  public Mark mark() {
    lock.lock();
    try {
      return new Mark(adds, cancels);
    } finally {
      lock.unlock();
    }
  }

  /** Signals that an event was added. */
  public void added() {
    lock.lock();
    try {
      adds++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter with "cancelled". */
  public void cancel() {
    lock.lock();
    try {
      cancels++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Why {@link #await(Mark, long)} returned. */
  public enum Result {
    /** An event was added since the mark. */
    ADDED,
    /** {@link #cancel()} was called since the mark. */
    CANCELLED,
    /** The timeout passed with neither. */
    TIMEOUT
  }

  /**
   * Waits until something was added or cancelled since the mark, or the timeout passes.
   *
   * @param since the mark taken before the last check
   * @param timeoutNanos maximum wait
   * @return what happened; a cancel wins over an add
   * @throws InterruptedException when interrupted
   */
  public Result await(Mark since, long timeoutNanos) throws InterruptedException {
    lock.lock();
    try {
      long left = timeoutNanos;
      while (adds == since.adds() && cancels == since.cancels() && left > 0) {
        left = changed.awaitNanos(left);
      }
      if (cancels != since.cancels()) {
        return Result.CANCELLED;
      }
      return adds != since.adds() ? Result.ADDED : Result.TIMEOUT;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether a cancel happened since the mark.
   *
   * @param since the mark
   * @return true when cancelled
   */
  public boolean cancelledSince(Mark since) {
    lock.lock();
    try {
      return cancels != since.cancels();
    } finally {
      lock.unlock();
    }
  }
}
