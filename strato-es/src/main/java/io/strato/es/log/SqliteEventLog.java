package io.strato.es.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.DB;
import io.strato.db.DBListener;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event log and the processed records in one SQLite {@link EventQueue} (the {@code history}
 * table), the layout strato-db has always used. {@code EventSourcingDB.builder().queueFile(...)}
 * and {@code .queue(...)} are shorthands for it.
 *
 * <p>SQLite details stay in here: the queue's in-memory head cache and {@code sqlite_sequence}
 * bump for a state ahead of its queue ({@link #continueAfter}).
 *
 * <p><b>A queue in another file than the state</b> ({@code queueFile}, or a queue of another DB)
 * gets each processed event before the state commits, in its own commit. Until the state
 * reaches that version the stored processed form is not the truth: the state may roll back (an
 * {@code Error} later in the batch) or the process may die, and the event is then processed
 * again. It must start from the event as it was added, or a preprocessor that is not idempotent
 * runs twice (dollars turned into cents twice). So the row keeps the event as added beside its
 * processed form ({@link io.strato.queue.AsAddedForms}) until the state commits
 * (then it is dropped), and {@link #read} and {@link #get} return the event as added for every
 * version above the state's. Replays read
 * below the state's version and get the processed form, as a history in the state file gives
 * them (so generated ids replay the same). A failed event is always stored with the type and
 * data it was added with.
 */
public final class SqliteEventLog implements EventLog, ProcessedRecords {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteEventLog.class);
  private final EventQueue queue;
  /** The state DB this log's records belong to (see {@link #attach}); null until told. */
  private volatile DB stateDb;
  /** Versions stored with their as-added form in the state transaction under way: [lowest, highest], or empty. */
  private final KeptRange kept = new KeptRange();

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
    DB state = separateState();
    return state == null ? queue.getNextBatch(afterV, max) : queue.asAdded().nextBatch(afterV, max, state.userVersion());
  }

  @Override
  public Optional<Event> get(long v) {
    DB state = separateState();
    if (state == null || v < 1) {
      return queue.get(v);
    }
    long confirmed = state.userVersion();
    if (v <= confirmed) {
      return queue.get(v);
    }
    List<Event> one = queue.asAdded().nextBatch(v - 1, 1, confirmed);
    return one.isEmpty() || one.get(0).v() != v ? Optional.empty() : Optional.of(one.get(0));
  }

  /**
   * Told the state DB at build: when it is not the queue's own DB, processed events are kept
   * beside the event as added until the state commits them (see the class comment).
   *
   * @param stateDb the state DB
   */
  @Override
  public void attach(DB stateDb) {
    this.stateDb = stateDb;
    if (separateState() != null) {
      stateDb.addListener(new DBListener() {
        @Override
        public void onEnd() {
          dropKept(); // the state committed them: the processed events are the truth now
        }

        @Override
        public void onRollback() {
          kept.take(); // they stay: the events are processed again from what was added
        }
      });
    }
  }

  private void dropKept() {
    long[] range = kept.take();
    if (range == null) {
      return;
    }
    try {
      queue.asAdded().drop(range[0], range[1]);
    } catch (RuntimeException e) {
      // only space is lost: reads at or below the state's version ignore a kept form
      LOG.debug("{}: dropping the kept as-added events {}..{} failed", this, range[0], range[1], e);
    }
  }

  /** The state DB when it is another DB than the queue's, else null. */
  private DB separateState() {
    DB state = stateDb;
    return state == null || state == queue.db() ? null : state;
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
    DB state = separateState();
    if (state == null) {
      // state, version and record commit together: nothing to keep
      queue.storeProcessed(processed, !same);
    } else {
      // Written before the state commits. A processed (or rejected) event whose type or data
      // changed keeps the event as added; anything else rewrites the whole row, which may still
      // hold the processed form of an attempt whose state never committed.
      boolean keep = !same && processed.result() != null && !processed.failed();
      queue.asAdded().store(processed, keep ? queued : null);
      if (keep && state.inTransaction()) {
        kept.add(processed.v()); // dropped when this transaction commits
      }
    }
  }

  /** The lowest and highest version kept since the last take; guarded by itself. */
  private static final class KeptRange {
    private long low;
    private long high;

    synchronized void add(long v) {
      low = low == 0 ? v : Math.min(low, v);
      high = Math.max(high, v);
    }

    synchronized long[] take() {
      if (low == 0) {
        return null;
      }
      long[] r = {low, high};
      low = 0;
      high = 0;
      return r;
    }
  }

  @Override
  public String toString() {
    return "SqliteEventLog[" + queue.db().name() + "]";
  }
}
