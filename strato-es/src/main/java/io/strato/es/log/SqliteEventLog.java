package io.strato.es.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.DB;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The event log and the processed records in one SQLite {@link EventQueue} (the {@code history}
 * table), the layout strato-db has always used. {@code EventSourcingDB.builder().queueFile(...)}
 * and {@code .queue(...)} are shorthands for it.
 *
 * <p>SQLite details stay in here: the queue's in-memory head cache and {@code sqlite_sequence}
 * bump for a state ahead of its queue ({@link #continueAfter}).
 */
public final class SqliteEventLog implements EventLog, ProcessedRecords {
  private final EventQueue queue;

  private SqliteEventLog(EventQueue queue) {
    this.queue = queue;
  }

  /**
   * The log on a queue.
   *
   * @param queue the queue (in the state DB or its own)
   * @return the log
   * @throws IllegalArgumentException for null
   */
  public static SqliteEventLog on(EventQueue queue) {
    if (queue == null) {
      throw new IllegalArgumentException("SqliteEventLog: queue must not be null");
    }
    return new SqliteEventLog(queue);
  }

  /**
   * The queue underneath.
   *
   * @return the queue
   */
  public EventQueue queue() {
    return queue;
  }

  @Override
  public Event append(String type, JsonNode data, long ts) {
    return queue.add(type, data, ts);
  }

  @Override
  public List<Event> read(long afterV, int max) {
    if (afterV < 0 || max < 1) {
      throw new IllegalArgumentException("SqliteEventLog.read: need afterV >= 0 and max >= 1, got " + afterV + ", " + max);
    }
    return queue.getNextBatch(afterV, max);
  }

  @Override
  public Optional<Event> get(long v) {
    return queue.get(v);
  }

  @Override
  public Optional<Event> awaitNext(long afterV, Duration timeout) throws InterruptedException {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("SqliteEventLog.awaitNext: timeout must be >= 0");
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    try {
      // Bounded by the timeout; ended early by an add in this process or by wake (cancelNext).
      return queue.getNext(afterV, timeout);
    } catch (io.strato.db.StratoException e) {
      if (e.getCause() instanceof InterruptedException ie) {
        Thread.interrupted(); // the queue re-set the flag; an InterruptedException carries it instead
        throw ie;
      }
      throw e;
    }
  }

  @Override
  public void wake() {
    queue.cancelNext();
  }

  @Override
  public long head() {
    return queue.getMaxV();
  }

  @Override
  public Optional<DB> stateDb() {
    return Optional.of(queue.db());
  }

  @Override
  public void continueAfter(long v) {
    queue.setKnownV(v);
  }

  @Override
  public void store(Event processed, Event queued) {
    boolean same = processed.type().equals(queued.type()) && Objects.equals(processed.data(), queued.data());
    queue.storeProcessed(processed, !same);
  }

  @Override
  public String toString() {
    return "SqliteEventLog[" + queue.db().name() + "]";
  }
}
