package io.strato.es.internal;

import io.strato.queue.Event;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Appends the events of {@code dispatchAsync} on one thread of its own, so the caller gets its
 * future at once instead of waiting for the log's writer, which a running batch holds for its
 * whole length when the log shares the state DB (a slow reducer made {@code dispatchAsync} block
 * for seconds).
 *
 * <p>One thread, first in first out: the events one thread dispatches asynchronously are
 * appended in call order; {@link #awaitOwn()} lets a following synchronous {@code dispatch} of
 * that thread wait for them, so mixing the two keeps call order too. The thread exists only
 * while there is work (it ends after a second idle), so an idle or closed DB holds no thread.
 * Thread-safe.
 */
final class AsyncAppender {
  private final ThreadLocal<CompletableFuture<?>> lastOfThread = new ThreadLocal<>();
  private final ThreadPoolExecutor thread;

  /**
   * An appender for one DB.
   *
   * @param name the DB's name, for the thread's name
   */
  AsyncAppender(String name) {
    thread = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "strato-es-append-" + name);
      t.setDaemon(true); // never keeps a JVM alive; close() drains it first
      return t;
    });
    thread.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs {@code append} (which appends the event and returns the future of its processing) on
   * the appender thread; {@code done} runs after it, whatever happened.
   *
   * @param append appends and tracks the event
   * @param done runs once the append finished or failed (leaves the call gate)
   * @return the future of the processed event
   */
  CompletableFuture<Event> submit(Supplier<CompletableFuture<Event>> append, Runnable done) {
    // The caller's future settles before the call leaves the gate, so once close() returned
    // every future of an append it waited for is settled.
    CompletableFuture<Event> result = new CompletableFuture<>();
    CompletableFuture<Void> ran;
    try {
      ran = CompletableFuture.runAsync(() -> {
        try {
          append.get().whenComplete((e, err) -> {
            if (err != null) {
              result.completeExceptionally(err);
            } else {
              result.complete(e);
            }
          });
        } catch (RuntimeException | Error e) {
          result.completeExceptionally(e);
        } finally {
          done.run();
        }
      }, thread);
    } catch (RuntimeException e) {
      done.run(); // not queued (never: close drains the calls before it shuts the thread down)
      throw e;
    }
    lastOfThread.set(ran);
    return result;
  }

  /** Waits until the events this thread dispatched asynchronously are in the log (or failed to be). */
  void awaitOwn() {
    CompletableFuture<?> last = lastOfThread.get();
    if (last != null) {
      boolean interrupted = false;
      while (!last.isDone()) {
        try {
          last.get();
        } catch (InterruptedException e) {
          interrupted = true; // the append is not ours to cancel; keep the interrupt for later
        } catch (ExecutionException e) {
          break; // the append failed: its caller's future says so; this thread goes on
        }
      }
      lastOfThread.remove();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Ends the thread once its queue is empty; called by close after the calls drained. */
  void shutdown() {
    thread.shutdown();
  }
}
