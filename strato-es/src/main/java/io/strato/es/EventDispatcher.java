package io.strato.es;

import io.strato.queue.Event;
import io.strato.queue.EventQueue;

/**
 * What an {@link ESModel} needs from its event-sourcing DB: a way to dispatch its events, to
 * know which processing attempt is running, and whether the calling thread may write directly. A small interface instead of the whole
 * {@link EventSourcingDB}, so models do not depend on the DB that holds them.
 */
public interface EventDispatcher {
  /**
   * Adds an event and waits until it is processed (inside a transactor: runs it now as a
   * sub-event).
   *
   * @param type the event type
   * @param data the payload
   * @return the processed event
   * @throws EventRejectedException when a model rejected it
   * @throws EventFailedException when it failed
   */
  Event dispatch(String type, Object data);

  /**
   * A number unique to the processing attempt of the main event on the calling thread
   * ({@link ESModel#getNextId()}'s counter restarts with each attempt).
   *
   * @return the token, or -1 outside processing
   */
  default long attemptToken() {
    return -1;
  }

  /**
   * The SQLite queue, passed to model migrations as the option {@code "queue"}.
   *
   * @return the queue, or null when the log is not an SQLite queue
   */
  default EventQueue queue() {
    return null;
  }

  /**
   * Whether the calling thread may write the models directly instead of dispatching: true
   * while the event-sourcing DB's processing thread applies or derives an event, and while the
   * state DB's migrations run, on that thread only. An {@link ESModel} asks this before each
   * write.
   *
   * @return true when direct writes are allowed on this thread
   */
  default boolean writesDirectly() {
    return false;
  }
}
