package io.strato.es.internal.processing;

import io.strato.db.StratoException;
import io.strato.es.VersionTimeoutException;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code handledVersion(v, timeout)}: waits for event v with a deadline the caller can count on.
 *
 * <p>Why the caller does not help process, as the untimed wait does: a processing batch cannot
 * be cut short (its phases may be half-way through a side effect, and {@code BEGIN IMMEDIATE}
 * may sit out another process's lock for the whole busy timeout), so a caller running one could
 * overshoot its deadline by a batch. Instead the DB's worker thread runs the untimed wait (it
 * processes, or on a follower applies, as usual) and the caller only waits on its outcome, or on
 * anyone else handling v first (a poller, a dispatcher), whichever comes first. After a timeout
 * the worker keeps going; nothing is cancelled, so a later call finds the work done.
 */
final class BoundedWait {
  private BoundedWait() {}

  /**
   * Waits at most {@code timeout} for event v.
   *
   * @return the processed event, or null when the log has no event v
   * @throws IllegalArgumentException for a null or negative timeout
   * @throws VersionTimeoutException when v was not handled in time
   */
  static Event await(ProcessingLoop loop, Waiters waiters, Executor worker, long v, Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("EventSourcingDB '" + loop.name() + "': handledVersion timeout must be zero"
          + " or positive, got " + timeout);
    }
    long nanos = saturatedNanos(timeout);
    loop.checkOpen();
    if (v <= loop.version()) {
      return loop.handledVersion(v); // handled already: reads it, no processing, no wait
    }
    CompletableFuture<Event> handled = waiters.await(v).copy();
    CompletableFuture<Event> attempt;
    try {
      attempt = CompletableFuture.supplyAsync(() -> loop.handledVersion(v), worker);
    } catch (RejectedExecutionException e) {
      loop.checkOpen(); // the worker shut down: the DB is closing
      throw new StratoException("EventSourcingDB '" + loop.name() + "': cannot wait for event " + v, e);
    }
    try {
      return (Event) CompletableFuture.anyOf(handled, attempt).get(nanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new VersionTimeoutException(loop.name(), v, loop.version(), timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StratoException("EventSourcingDB '" + loop.name() + "': interrupted while waiting for event " + v, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r; // EventFailedException, ProcessingHaltedException, closed: as handledVersion(v) throws them
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new StratoException("EventSourcingDB '" + loop.name() + "': waiting for event " + v + " failed",
          e.getCause());
    }
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE; // e.g. ChronoUnit.FOREVER: wait as long as it takes
    }
  }
}
