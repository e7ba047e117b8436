package io.strato.es;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.StratoException;
import io.strato.queue.Event;
import java.util.Map;
import java.util.Optional;

/**
 * A model rejected the event for a business reason ({@code ReduceResult.reject(reason)}, a
 * thrown {@code EventRejection}, or ESModel's EEXIST/ENOENT). Unlike
 * {@link EventFailedException}, the event <em>was processed</em>: its version is handled,
 * nothing was applied, and the log goes on with the next event. Retrying the same dispatch adds
 * a new event, which is rejected again unless the state changed meanwhile.
 *
 * <p>{@link #event()} is the stored event; the reason is stored under
 * {@code result.<model>.esFail}.
 */
public class EventRejectedException extends StratoException {
  private static final long serialVersionUID = 1L;
  private static final String KEY = "esFail";
  private final transient Event event;
  private final String model;
  private final String reason;

  /**
   * Creates the exception for a rejected event.
   *
   * @param event the stored, rejected event
   * @param message the message
   */
  public EventRejectedException(Event event, String message) {
    super(message);
    this.event = event;
    Map.Entry<String, String> r = firstRejection(event).orElse(Map.entry("", ""));
    this.model = r.getKey();
    this.reason = r.getValue();
  }

  /**
   * Creates the exception with the default message naming the event, the model and the reason.
   *
   * @param event the stored, rejected event
   */
  public EventRejectedException(Event event) {
    this(event, describe(event));
  }

  private static String describe(Event e) {
    Map.Entry<String, String> r = firstRejection(e).orElse(Map.entry("?", "?"));
    return "event " + e.v() + " (" + e.type() + ") was rejected by model '" + r.getKey() + "': " + r.getValue();
  }

  /**
   * The rejected event as stored (processed: its version is handled).
   *
   * @return the event
   */
  public Event event() {
    return event;
  }

  /**
   * Why the event was rejected (the first rejecting model's reason).
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }

  /**
   * The model that rejected it.
   *
   * @return the model name
   */
  public String model() {
    return model;
  }

  /**
   * The rejection reason stored on a processed event, if it was rejected.
   *
   * @param event a processed event (may be null)
   * @return the first rejecting model's reason, or empty
   */
  public static Optional<String> reasonOf(Event event) {
    return firstRejection(event).map(Map.Entry::getValue);
  }

  private static Optional<Map.Entry<String, String>> firstRejection(Event event) {
    if (event == null || event.result() == null || event.error() != null) {
      return Optional.empty();
    }
    for (Map.Entry<String, JsonNode> f : event.result().properties()) {
      JsonNode r = f.getValue().get(KEY);
      if (r != null && !r.isNull()) {
        return Optional.of(Map.entry(f.getKey(), r.isTextual() ? r.textValue() : r.toString()));
      }
    }
    return Optional.empty();
  }
}
