package io.strato.es.log;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.DB;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The shared, ordered history of what was asked: each event's version, type, timestamp and
 * data. An {@code EventSourcingDB} appends to it, reads it in order and waits on it; what each
 * node made of an event is kept apart, in {@link ProcessedRecords}. The SQLite history table is
 * one implementation ({@link SqliteEventLog}); an event log shared by several nodes (e.g. on
 * PostgreSQL) is another. Register one with {@code EventSourcingDB.builder().eventLog(...)}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Versions</b> start at 1, are gapless and follow commit order: once {@link #append}
 *       returned version v, every reader sees v and every version below it, and no later append
 *       gets a version ≤ v. An append that fails leaves no version behind.</li>
 *   <li><b>Transactions.</b> Only a log whose {@link #stateDb()} is the state DB itself may be
 *       called inside the state transaction (then its appends commit or roll back with the
 *       processing transaction: group commit). Any other log is called outside it, and must
 *       commit each append on its own before returning.</li>
 *   <li><b>Threads.</b> Every method may be called from any thread at once: {@link #append} by
 *       dispatching threads, {@link #read}, {@link #get} and {@link #head} by the processing
 *       thread, {@link #awaitNext} by the polling thread, {@link #wake} by whoever stops it.</li>
 *   <li><b>Bad input</b> ({@code null} or empty type, negative versions or counts) is an
 *       {@code IllegalArgumentException}; storage failures are {@code StratoException}s.</li>
 * </ul>
 */
public interface EventLog extends AutoCloseable {
  /**
   * Appends an event and returns it with its version (committed, unless the log shares the
   * state DB and the call runs inside its transaction).
   *
   * @param type the event type, non-empty
   * @param data the payload, or null
   * @param ts ms since the epoch; 0 for now
   * @return the stored event
   */
  Event append(String type, JsonNode data, long ts);

  /**
   * Up to {@code max} events after a version, in version order, without waiting.
   *
   * @param afterV the last version already handled (0 for the start)
   * @param max the most events to return, at least 1
   * @return the events; fewer than {@code max} (maybe none) when the log ends
   */
  List<Event> read(long afterV, int max);

  /**
   * One event as it was appended (an implementation that also keeps processed records may
   * return the processed form).
   *
   * @param v the version
   * @return the event, or empty
   */
  Optional<Event> get(long v);

  /**
   * Waits at most {@code timeout} for an event after a version.
   *
   * @param afterV the last version handled
   * @param timeout how long to wait at most
   * @return the next event, or empty when none came in time or {@link #wake} was called
   * @throws InterruptedException when the waiting thread is interrupted
   */
  Optional<Event> awaitNext(long afterV, Duration timeout) throws InterruptedException;

  /** Ends every {@link #awaitNext} in progress now (they return empty). */
  void wake();

  /**
   * The highest version appended (committed, or appended by this thread's open transaction when
   * the log shares the state DB).
   *
   * @return the version, 0 when empty
   */
  long head();

  /**
   * The SQLite DB this log lives in, when it lives in one: an {@code EventSourcingDB} whose state
   * DB is this same DB appends inside its processing transaction (group commit) and opens it.
   *
   * @return the DB, or empty for a log elsewhere
   */
  default Optional<DB> stateDb() {
    return Optional.empty();
  }

  /**
   * Told once at open that the state already holds version {@code v} (a state restored from a
   * snapshot, or a log that was replaced): new appends must get versions above it. The default
   * does nothing, which suits a log that is never behind the state.
   *
   * @param v the state's version
   */
  default void continueAfter(long v) {}

  /** Releases the log's resources; the default does nothing (the SQLite log closes with its DB). */
  @Override
  default void close() {}
}
