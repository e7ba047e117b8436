package io.strato.es.spi;

import io.strato.queue.Event;

/** What transactors get: the reducer context plus a dispatch that runs a sub-event now. */
public interface TransactContext extends ReduxContext {
  /**
   * Processes a sub-event right away, in the current transaction, and returns it processed.
   *
   * @param type the event type
   * @param data the payload, may be null
   * @return the processed sub-event (with its result)
   * @throws io.strato.es.EventFailedException when the sub-event fails
   */
  Event dispatch(String type, Object data);
}
