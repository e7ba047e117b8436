package io.strato.es.log;

import io.strato.db.DB;
import io.strato.queue.Event;
import java.util.Optional;

/**
 * What one node made of each event: its {@code result} per model, or its {@code error} and
 * {@code failedResult}, and its processed sub-events; the place a future "skipped" mark goes.
 * Kept apart from the {@link EventLog} because with a shared log every node keeps its own. The
 * SQLite history table holds both ({@link SqliteEventLog} implements both interfaces).
 *
 * <h2>Contract</h2>
 * {@link #store} is called by the processing thread, inside the state transaction when the
 * records live in the state DB (so state, version and record commit together), otherwise just
 * before that transaction commits (a rollback or a crash in between means the event is processed
 * again, and that processing must start from the event as it was appended: the log goes on
 * giving the event as appended, and {@link #get} the event without this record, until the state
 * reaches its version). A failed event is stored with the type and data it was appended with.
 * {@link #get} may be called from any thread. An implementation may also implement
 * {@link ProcessingGate} to apply records processed by another node.
 */
public interface ProcessedRecords {
  /**
   * Stores the outcome of processing an event.
   *
   * @param processed the processed, rejected or failed event
   * @param queued the event as read from the log (an implementation may skip rewriting an
   *     unchanged type and data)
   */
  void store(Event processed, Event queued);

  /**
   * The event with its processed record (or as appended, when not processed yet).
   *
   * @param v the version
   * @return the event, or empty when the log has no such version
   */
  Optional<Event> get(long v);

  /**
   * Told once, when the {@code EventSourcingDB} is built (before its state DB opens), which DB
   * holds the state: records kept in the state file register their table here. The default
   * does nothing.
   *
   * @param stateDb the state DB, not open yet
   */
  default void attach(DB stateDb) {}
}
