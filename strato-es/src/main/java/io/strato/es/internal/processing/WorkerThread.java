package io.strato.es.internal.processing;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The DB's worker thread: it drives the processing of {@code dispatchAsync} events and bounded
 * waits, and runs scheduled retries. It knows its thread, so that {@code close()} can wait for
 * the task it is running before the databases close (a task still reading the log would open the
 * closed DB again), except when close() runs on the worker itself (from a listener). Tasks
 * handed over once it is shut down are refused with {@link RejectedExecutionException}; retries
 * scheduled then are dropped. Thread-safe.
 */
final class WorkerThread implements Executor {
  private final ScheduledThreadPoolExecutor pool;
  private volatile Thread thread;

  WorkerThread(String name) {
    pool = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "strato-es-" + name);
      t.setDaemon(true); // never keeps a JVM alive; close() waits for its running task
      thread = t;
      return t;
    });
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Runs a task on the worker.
   *
   * @throws RejectedExecutionException once shut down
   */
  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /** Runs a retry after a delay; dropped when the worker is shut down meanwhile (closing). */
  void schedule(Runnable task, long delayNanos) {
    try {
      pool.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closing: the retry happens when the DB is opened again
    }
  }

  /** Takes no new tasks; the running one finishes (no interrupt), queued ones run and find the loop closed. */
  void shutdown() {
    pool.shutdown();
  }

  /**
   * Waits until the worker ran its last task, unless called on the worker itself.
   *
   * @param max the longest wait
   * @return true when it stopped (or this is the worker)
   */
  boolean awaitStopped(Duration max) {
    if (Thread.currentThread() == thread) {
      return true;
    }
    try {
      return pool.awaitTermination(max.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
