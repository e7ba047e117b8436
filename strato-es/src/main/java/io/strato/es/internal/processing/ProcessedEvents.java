package io.strato.es.internal.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.queue.Event;
import java.util.List;

/**
 * Named ways to build the events processing passes around, so the eight-component
 * {@link Event} constructor is called in one place only.
 */
final class ProcessedEvents {
  private ProcessedEvents() {}

  /** The event as read from the log, with any earlier outcome (result, error, sub-events) cleared. */
  static Event queued(Event e) {
    return new Event(e.v(), e.type(), e.ts(), e.data(), null, null, null, null);
  }

  /** A sub-event of {@code parent}: same version and timestamp. */
  static Event subEvent(Event parent, String type, JsonNode data) {
    return new Event(parent.v(), type, parent.ts(), data, null, null, null, null);
  }

  /** The event as a preprocessor left it: its type and data, nothing else. */
  static Event preprocessed(Event before, String type, JsonNode data) {
    return new Event(before.v(), type, before.ts(), data, null, null, null, null);
  }

  /** A processed event: its result per model ({@code {}} when nothing changed) and sub-events. */
  static Event processed(Event e, ObjectNode result, List<Event> subs) {
    return new Event(e.v(), e.type(), e.ts(), e.data(), result, null, null, subs == null || subs.isEmpty() ? null : subs);
  }

  /** A rejected event: processed, with the rejecting models' {@code esFail} reasons as its result. */
  static Event rejected(Event e, ObjectNode reasons) {
    return new Event(e.v(), e.type(), e.ts(), e.data(), reasons, null, null, null);
  }

  /** A failed event: its error per phase/model, the reducers' output if they ran, and the sub-events so far. */
  static Event failed(Event e, ObjectNode error, ObjectNode failedResult, List<Event> subs) {
    return new Event(e.v(), e.type(), e.ts(), e.data(), null, error,
        failedResult == null || failedResult.isEmpty() ? null : failedResult, subs == null || subs.isEmpty() ? null : subs);
  }
}
