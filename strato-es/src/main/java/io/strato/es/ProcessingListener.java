package io.strato.es;

import io.strato.queue.Event;
import java.time.Duration;

/**
 * Watches processing: for metrics, tracing or alerts (strato-micrometer binds one). Register it
 * with {@code EventSourcingDB.builder().listener(...)}; every method has a no-op default, so
 * implement only what you need.
 *
 * <h2>When and where it is called</h2>
 * After the transaction committed (or rolled back, for a failure), never inside it, on the
 * thread that processed the batch, with the processing lock held: keep it short and do not
 * dispatch from it (hand work to another thread instead). A listener that throws is logged and
 * ignored; it never changes the outcome of processing.
 */
public interface ProcessingListener {
  /**
   * A transaction with processed events committed.
   *
   * @param events how many main events it held (rejected ones included)
   * @param nanos how long the transaction took, from BEGIN to COMMIT
   */
  default void batchCommitted(int events, long nanos) {}

  /**
   * A main event was processed (or rejected) and committed.
   *
   * @param event the processed event as stored
   * @param nanos how long its phases took
   */
  default void eventProcessed(Event event, long nanos) {}

  /**
   * An attempt at an event failed; processing is halted at it.
   *
   * @param event the failed event with its error
   * @param attempt the attempt number for this event, from 1
   * @param nextRetry when the next automatic retry is due, or {@code null} when retries stopped
   * @param stopped whether the retries are exhausted (until restarted by a dispatch,
   *     handledVersion or startPolling)
   */
  default void eventFailed(Event event, int attempt, Duration nextRetry, boolean stopped) {}

  /**
   * The number of events in the log not yet handled here changed.
   *
   * @param behind the log's head version minus the handled version
   */
  default void lagChanged(long behind) {}
}
