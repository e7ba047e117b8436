package io.strato.es;

import io.strato.db.StratoException;
import io.strato.queue.Event;

/**
 * An event could not be processed: {@link #event()} is the failed event as stored, with its
 * {@code error} (keyed by phase and model, e.g. {@code _reduce_accounts}) and, when the
 * reducers ran, their {@code failedResult}.
 */
public class EventFailedException extends StratoException {
  private static final long serialVersionUID = 1L;
  private final transient Event event;

  /**
   * Creates the exception for a failed event.
   *
   * @param event the failed event
   */
  public EventFailedException(Event event) {
    this(event, "event " + event.v() + " (" + event.type() + ") failed: " + event.error());
  }

  /**
   * Creates the exception with a message.
   *
   * @param event the failed event
   * @param message the message
   */
  public EventFailedException(Event event, String message) {
    super(message);
    this.event = event;
  }

  /**
   * The failed event.
   *
   * @return the event with its error
   */
  public Event event() {
    return event;
  }
}
