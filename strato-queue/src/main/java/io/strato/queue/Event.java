package io.strato.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One event in the log: an immutable record.
 *
 * <p>{@code v} is the version assigned by the queue (0 = not yet queued), {@code ts} the time
 * in milliseconds since the epoch. After processing by strato-es, {@code result} holds each
 * model's reducer output keyed by model name, {@code events} the processed sub-events, and on
 * failure {@code error} (keyed by phase and model, e.g. {@code _reduce_accounts}) and
 * {@code failedResult}.
 *
 * <pre>{@code
 * Event e = queue.add("user/created", Map.of("name", "Ann"));
 * Event retyped = e.withType("user/registered");
 * }</pre>
 *
 * @param v version, 0 before the event is queued
 * @param type the event type, non-empty
 * @param ts time in ms since the epoch
 * @param data the payload, any JSON (null when absent)
 * @param result reducer results by model name, null before processing
 * @param error errors by phase and model, null unless processing failed
 * @param failedResult the reducer results of a failed event
 * @param events the processed sub-events, null when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(
    long v,
    String type,
    long ts,
    JsonNode data,
    ObjectNode result,
    JsonNode error,
    ObjectNode failedResult,
    List<Event> events) {

  /**
   * Creates an event; an empty sub-event list becomes null so stored events stay compact.
   *
   * @param v version, 0 before the event is queued
   * @param type the event type
   * @param ts time in ms since the epoch
   * @param data the payload or null
   * @param result reducer results by model name, or null
   * @param error errors by phase and model, or null
   * @param failedResult the reducer results of a failed event, or null
   * @param events the processed sub-events, or null
   */
  public Event {
    if (events != null) {
      events = events.isEmpty() ? null : List.copyOf(events);
    }
  }

  /**
   * A new, unqueued event.
   *
   * @param type the type
   * @param data the payload
   * @return the event with v = 0 and ts = 0
   */
  public static Event of(String type, JsonNode data) {
    return new Event(0, type, 0, data, null, null, null, null);
  }

  /**
   * Whether processing failed.
   *
   * @return true when {@code error} is set
   */
  public boolean failed() {
    return error != null && !error.isNull();
  }

  /**
   * A copy with another version.
   *
   * @param v the version
   * @return the copy
   */
  public Event withV(long v) {
    return new Event(v, type, ts, data, result, error, failedResult, events);
  }

  /**
   * A copy with another type.
   *
   * @param type the type
   * @return the copy
   */
  public Event withType(String type) {
    return new Event(v, type, ts, data, result, error, failedResult, events);
  }

  /**
   * A copy with another timestamp.
   *
   * @param ts ms since the epoch
   * @return the copy
   */
  public Event withTs(long ts) {
    return new Event(v, type, ts, data, result, error, failedResult, events);
  }

  /**
   * A copy with another payload.
   *
   * @param data the payload
   * @return the copy
   */
  public Event withData(JsonNode data) {
    return new Event(v, type, ts, data, result, error, failedResult, events);
  }

  /**
   * A copy with another result.
   *
   * @param result results by model name
   * @return the copy
   */
  public Event withResult(ObjectNode result) {
    return new Event(v, type, ts, data, result, error, failedResult, events);
  }

  /**
   * A copy with another error.
   *
   * @param error errors by phase and model
   * @return the copy
   */
  public Event withError(JsonNode error) {
    return new Event(v, type, ts, data, result, error, failedResult, events);
  }

  /**
   * A copy with another failed result.
   *
   * @param failedResult the reducer output of a failed event
   * @return the copy
   */
  public Event withFailedResult(ObjectNode failedResult) {
    return new Event(v, type, ts, data, result, error, failedResult, events);
  }

  /**
   * A copy with other sub-events.
   *
   * @param events processed sub-events
   * @return the copy
   */
  public Event withEvents(List<Event> events) {
    return new Event(v, type, ts, data, result, error, failedResult, events);
  }
}
