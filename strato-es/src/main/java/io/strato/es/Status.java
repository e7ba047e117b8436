package io.strato.es;

import io.strato.queue.Event;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where an {@link EventSourcingDB} stands, as {@link Operations#status()} saw it at one moment
 * (an immutable snapshot).
 *
 * <pre>{@code
 * Status s = es.operations().status();
 * if (s.failing().isPresent()) {
 *   log.warn("halted at {}: {}, attempts {}", s.failing().get().v(), s.errors(), s.attempts());
 * }
 * }</pre>
 *
 * @param version the state's version (the last applied event)
 * @param head the log's highest version
 * @param lag {@code head - version}: events not processed yet
 * @param failing the event processing is halted at, as stored (with its {@code error}), if any
 * @param errors the failing event's error text per phase and model (e.g. {@code _reduce_accounts}),
 *     empty when none
 * @param attempts attempts at the failing event in this process (0 when it failed elsewhere)
 * @param nextRetry time until the next automatic attempt in this process; empty when none is
 *     scheduled
 * @param stopped whether the retries ran out (processing waits for {@link Operations#retry()},
 *     a dispatch or {@code startPolling})
 * @param rows rows per model table
 * @param fileSizes bytes per file (state file, its WAL, the queue file), by path
 */
public record Status(long version, long head, long lag, Optional<Event> failing, Map<String, String> errors,
    int attempts, Optional<Duration> nextRetry, boolean stopped, Map<String, Long> rows, Map<String, Long> fileSizes) {
  /**
   * Creates a status; the maps are copied.
   *
   * @param version the state's version
   * @param head the log's head
   * @param lag head minus version
   * @param failing the failing event
   * @param errors its errors
   * @param attempts attempts in this process
   * @param nextRetry until the next attempt
   * @param stopped retries ran out
   * @param rows rows per model
   * @param fileSizes bytes per file
   */
  public Status {
    errors = Map.copyOf(errors);
    rows = Map.copyOf(rows);
    fileSizes = Map.copyOf(fileSizes);
  }

  /**
   * Whether processing is halted at a failed event.
   *
   * @return true when {@link #failing()} is present
   */
  public boolean halted() {
    return failing.isPresent();
  }
}
