package io.strato.es.internal.processing;

import io.strato.queue.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Dispatches waiting to be appended: the queue half of {@link GroupCommit}.
 *
 * <p>Why: when several threads dispatch at once, each used to append its event in a commit of
 * its own and then wait for processing, which commits again. Instead every dispatch queues a
 * {@link Request}; whichever thread gets the processing lock (the leader) drains the queue,
 * appends all of them and processes them in one transaction, one commit, and completes their
 * futures afterwards. A thread that finds the lock taken parks until its request is done or it
 * is woken to lead the next group.
 *
 * <p>Thread-safe.
 */
final class PendingDispatches {
  /** One dispatch waiting for its event to be appended and processed. */
  static final class Request {
    final Supplier<Event> append;
    /** Completed with the processed event, or exceptionally, by the leader. */
    final CompletableFuture<Event> processed = new CompletableFuture<>();
    private final Semaphore signal = new Semaphore(0);
    /** The appended version, set by the leader while its transaction runs. */
    long v;
    /** Set after the leader's commit when the event was appended but not processed by it. */
    volatile long appendedUnprocessed;

    Request(Supplier<Event> append) {
      this.append = append;
      processed.whenComplete((e, x) -> signal.release());
    }

    /**
     * Parks the dispatching thread until woken or done, at most {@code nanos}.
     *
     * @throws InterruptedException when interrupted
     */
    void await(long nanos) throws InterruptedException {
      signal.tryAcquire(nanos, TimeUnit.NANOSECONDS);
    }

    void wake() {
      signal.release();
    }
  }

  private final ConcurrentLinkedQueue<Request> queue = new ConcurrentLinkedQueue<>();

  /**
   * Queues a dispatch.
   *
   * @param append appends the event (called by the leader, inside its transaction)
   * @return the request to wait on
   */
  Request add(Supplier<Event> append) {
    Request r = new Request(append);
    queue.add(r);
    return r;
  }

  /**
   * Takes every queued request (for the leader).
   *
   * @return the requests, oldest first
   */
  List<Request> drain() {
    List<Request> out = new ArrayList<>();
    Request r;
    while ((r = queue.poll()) != null) {
      out.add(r);
    }
    return out;
  }

  /**
   * Withdraws a request that was not drained yet.
   *
   * @param r the request
   * @return true when it was still queued
   */
  boolean withdraw(Request r) {
    return queue.remove(r);
  }

  /** Wakes the oldest waiting dispatch so that it leads the next group (call after unlocking). */
  void wakeHead() {
    Request head = queue.peek();
    if (head != null) {
      head.wake();
    }
  }
}
