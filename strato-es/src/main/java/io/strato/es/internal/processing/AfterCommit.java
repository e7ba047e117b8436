package io.strato.es.internal.processing;

import io.strato.es.EventFailedException;
import io.strato.es.ProcessingHaltedException;
import io.strato.es.log.EventLog;
import io.strato.es.log.ProcessedRecords;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that happens after a processing transaction, in this order: processing listeners,
 * waiting callers, {@code onResult} listeners, and for a failure the failure bookkeeping, its
 * log line, the failed callers, {@code onError} listeners and the next retry. Called by
 * {@link ProcessingLoop} with the lock held, outside the transaction.
 */
final class AfterCommit {
  private static final Logger LOG = LoggerFactory.getLogger(AfterCommit.class);
  private final String name;
  private final EventLog log;
  private final ProcessedRecords records;
  private final Waiters waiters;
  private final FailureState failures;
  private final ListenerCalls listeners;
  private final Consumer<Event> onResult;
  private final Consumer<Event> onError;
  private final LongConsumer scheduleRetry;
  /** Results waiting for {@code onResult}; touched only by the thread holding the processing lock. */
  private final java.util.ArrayDeque<Event> results = new java.util.ArrayDeque<>();
  private boolean delivering;

  AfterCommit(String name, ProcessingParts parts, Waiters waiters, FailureState failures, ListenerCalls listeners,
      LongConsumer scheduleRetry) {
    this.name = name;
    this.log = parts.log();
    this.records = parts.records();
    this.onResult = parts.onResult();
    this.onError = parts.onError();
    this.waiters = waiters;
    this.failures = failures;
    this.listeners = listeners;
    this.scheduleRetry = scheduleRetry;
  }

  /** Tells everyone what the transaction did; {@code attempt} is the waiters' attempt number. */
  void handle(BatchRunner.BatchOutcome out, long attempt) {
    if (!listeners.isEmpty()) {
      tellListeners(out);
    }
    for (Event e : out.done()) {
      waiters.complete(e.v(), e);
      results.add(e);
    }
    waiters.completeUpTo(out.handled(), k -> records.get(k).orElse(null));
    deliverResults();
    if (out.failed() != null) {
      recordFailure(out.failed(), out.cause(), attempt);
    }
  }

  /**
   * Delivers queued results to {@code onResult} in version order. A listener that dispatches
   * runs a nested batch on this thread (the lock is reentrant); its results join the queue and
   * are delivered by this outer loop after the ones before them, not in the middle.
   */
  private void deliverResults() {
    if (delivering) {
      return;
    }
    delivering = true;
    try {
      Event e;
      while ((e = results.poll()) != null) {
        notify(onResult, e, "result");
      }
    } finally {
      delivering = false;
    }
  }

  private void tellListeners(BatchRunner.BatchOutcome out) {
    if (!out.done().isEmpty()) {
      listeners.batchCommitted(out.done().size(), out.txNanos());
      for (int i = 0; i < out.done().size(); i++) {
        listeners.eventProcessed(out.done().get(i), out.eventNanos().get(i));
      }
    }
    listeners.lag(Math.max(0, log.head() - out.handled()));
  }

  private void recordFailure(Event failed, Throwable cause, long attempt) {
    FailureState.Failure f = failures.record(failed, cause);
    long delay = Math.max(0, f.nextAttemptNanos() - System.nanoTime());
    String text = "EventSourcingDB '" + name + "': event " + failed.v() + " (" + failed.type() + ") failed (attempt "
        + f.attempts() + (f.exhausted() ? ", giving up until restarted" : ", next try in "
        + TimeUnit.NANOSECONDS.toMillis(delay) + " ms") + "): " + EventFailedException.summary(failed);
    if (cause != null) {
      LOG.warn(text, cause);
    } else {
      LOG.warn(text);
    }
    // Every waiter from before this attempt learns now, not after the retries: the failed
    // event's own caller that it failed, the callers of later events that they stay queued.
    waiters.fail(failed.v(), attempt, new EventFailedException(failed, "event " + failed.v() + " (" + failed.type()
        + ") failed: " + EventFailedException.summary(failed), cause));
    waiters.failAbove(failed.v(), attempt, k -> new ProcessingHaltedException(name, failed, k, cause));
    listeners.eventFailed(failed, f.attempts(), f.exhausted() ? null : Duration.ofNanos(delay), f.exhausted());
    notify(onError, failed, "error");
    if (!f.exhausted()) {
      scheduleRetry.accept(delay);
    }
  }

  /**
   * Calls a listener; whatever it throws is logged and ignored (an {@code Error} too, except
   * running out of memory), so it can neither fail dispatchers whose events committed nor stop
   * the notifications after it.
   */
  private void notify(Consumer<Event> listener, Event e, String kind) {
    try {
      listener.accept(e);
    } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError ex) {
      LOG.error("EventSourcingDB '{}': a {} listener failed on event {}; ignored", name, kind, e.v(), ex);
    }
  }
}
