package io.strato.es.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.queue.Event;
import java.util.List;
import java.util.Optional;

/**
 * The narrow seam between event processing and where events are stored. Today it is an
 * {@code EventQueue} in SQLite; an event log shared by several nodes (e.g. on PostgreSQL) only
 * has to implement these operations.
 */
public interface EventLog {
  /**
   * Appends an event.
   *
   * @param type the type
   * @param data the payload or null
   * @param ts ms since the epoch, 0 for now
   * @return the stored event with its version
   */
  Event append(String type, JsonNode data, long ts);

  /**
   * Up to {@code max} events after a version, in order, without waiting.
   *
   * @param afterV the last handled version
   * @param max the most events to return
   * @return the events
   */
  List<Event> next(long afterV, int max);

  /**
   * Waits (bounded by the log's poll interval) for an event after a version.
   *
   * @param afterV the last handled version
   * @return the event, or empty when none arrived or the wait was cancelled
   */
  Optional<Event> awaitNext(long afterV);

  /** Wakes every thread in {@link #awaitNext}. */
  void cancelWaits();

  /**
   * One stored event.
   *
   * @param v the version
   * @return the event, or empty
   */
  Optional<Event> get(long v);

  /**
   * Stores a processed (or failed) event in place of the queued one.
   *
   * @param event the event
   * @param queued the event as it was queued (lets the log skip rewriting an unchanged type
   *     and data)
   */
  void store(Event event, Event queued);

  /**
   * The highest version in the log.
   *
   * @return the version, 0 when empty
   */
  long maxV();

  /**
   * Makes new events get versions above v.
   *
   * @param v the version already used elsewhere
   */
  void knownV(long v);
}
