package io.strato.es;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.StratoException;
import io.strato.queue.Event;
import java.util.Map;

/**
 * An event could not be processed: {@link #event()} is the failed event as stored, with its
 * {@code error} (keyed by phase and model, e.g. {@code _reduce_accounts}) and, when the
 * reducers ran, their {@code failedResult}. {@link #getCause()} is the original exception when
 * the failure happened in this process (null when another process failed it, or for an
 * explicit {@code ReduceResult.error}).
 *
 * <h2>What it means for the event</h2>
 * A failed event is <em>not applied, but not gone either</em>: it stays at the head of the log
 * and processing halts at it, retrying with back-off. When a retry succeeds (say a transient
 * error passed) it is applied then, once. So do not dispatch the same thing again on this
 * exception; fix the cause, or replace the event with a corrected one of the same version
 * ({@code operations().replace(v, type, data)}, which also retries it). While processing is halted, further
 * calls fail fast with {@link ProcessingHaltedException}. For an outcome of the business rules
 * (a refused transfer) reject the event instead ({@code ReduceResult.reject}): it is then
 * processed and does not halt the log.
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
    this(event, "event " + event.v() + " (" + event.type() + ") failed: " + summary(event), null);
  }

  /**
   * Creates the exception with a message.
   *
   * @param event the failed event
   * @param message the message
   */
  public EventFailedException(Event event, String message) {
    this(event, message, null);
  }

  /**
   * Creates the exception with a message and the original exception.
   *
   * @param event the failed event
   * @param message the message
   * @param cause the exception the event failed with (may be null)
   */
  public EventFailedException(Event event, String message, Throwable cause) {
    super(message, cause);
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

  /**
   * A one-line summary of a failed event's error: each phase/model key with the first line of
   * its message (the stored text also holds the stack trace).
   *
   * @param event a failed event
   * @return e.g. {@code _reduce_accounts: IllegalStateException: no account bob}
   */
  public static String summary(Event event) {
    JsonNode err = event == null ? null : event.error();
    if (err == null || err.isNull()) {
      return "no error recorded";
    }
    if (!err.isObject()) {
      return firstLine(err.isTextual() ? err.textValue() : err.toString());
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, JsonNode> f : err.properties()) {
      JsonNode v = f.getValue();
      b.append(b.length() == 0 ? "" : "; ").append(f.getKey()).append(": ")
          .append(firstLine(v.isTextual() ? v.textValue() : v.toString()));
    }
    return b.toString();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
