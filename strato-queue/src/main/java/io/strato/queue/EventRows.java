package io.strato.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.Row;
import io.strato.db.StratoException;
import java.util.List;

/**
 * Turns rows of a queue without extra columns into {@link Event}s (the processing loop's fast
 * read, see {@link EventQueue#getNextBatch(long, int, long)}), and keeps the <em>as-added</em>
 * form of a processed event: its type and data before processing changed them, under
 * {@value #AS_ADDED} in the row's {@code json} column. Package-private.
 *
 * <p>Why the as-added form: when the state a processing commits to lives in another file than
 * the queue, the processed event is written to the queue before the state commits. If that
 * commit never comes (a rollback, a crash), the event is processed again, and it must start
 * from the event as it was added, not from what a preprocessor already made of it (a
 * preprocessor that turns dollars into cents would otherwise run twice). Older rows without
 * the key read as before; the other library and older versions of this one ignore it.
 */
final class EventRows {
  /** The key in the row's {@code json} that holds {@code {"type": …, "data": …}} as added. */
  static final String AS_ADDED = "asAdded";

  private final String name;
  private final ObjectMapper mapper;
  private final SubEventColumn subEvents;

  EventRows(String name, ObjectMapper mapper, SubEventColumn subEvents) {
    this.name = name;
    this.mapper = mapper;
    this.subEvents = subEvents;
  }

  /**
   * The event of a row selected with the queue's plain columns.
   *
   * @param r the row
   * @param asAddedAbove above this version, a row that keeps its as-added form is read as added
   */
  Event fromColumns(Row r, long asAddedAbove) {
    long v = r.getLong("v");
    JsonNode rest = parse(r.getString("json"), v, "json");
    Long ts = r.getLong("ts");
    long t = ts == null ? 0 : ts;
    if (v > asAddedAbove && rest != null && rest.has(AS_ADDED)) {
      return asAdded(v, t, rest.get(AS_ADDED));
    }
    JsonNode data = parse(r.getString("data"), v, "data");
    JsonNode result = parse(r.getString("result"), v, "result");
    JsonNode error = null;
    JsonNode failedResult = null;
    List<Event> subs = null;
    if (rest != null) {
      error = rest.get("error");
      failedResult = rest.get("failedResult");
    }
    JsonNode evs = subEvents.read(r, rest, text -> parse(text, v, QueueConfig.EVENTS_COLUMN));
    if (evs != null) {
      subs = mapper.convertValue(evs, mapper.getTypeFactory().constructCollectionType(List.class, Event.class));
    }
    return new Event(v, r.getString("type"), t, data, objectOrNull(result, v, "result"), error,
        objectOrNull(failedResult, v, "failedResult"), subs);
  }

  /** {@code {"type": …, "data": …}} of the event as added, to keep beside its processed form. */
  ObjectNode asAddedJson(Event added) {
    ObjectNode o = mapper.createObjectNode().put("type", added.type());
    if (added.data() != null) {
      o.set("data", added.data());
    }
    return o;
  }

  /**
   * The event as added, from the kept form: its version and time with the kept type and data,
   * nothing processed.
   *
   * @throws StratoException when the kept form is not an object with a non-empty type
   */
  Event asAdded(long v, long ts, JsonNode kept) {
    JsonNode type = kept == null ? null : kept.get("type");
    if (type == null || !type.isTextual() || type.asText().isEmpty()) {
      throw new StratoException("EventQueue '" + name + "': event " + v + " keeps an invalid " + AS_ADDED + " form: "
          + kept);
    }
    JsonNode data = kept.get("data");
    return new Event(v, type.asText(), ts, data == null || data.isNull() ? null : data, null, null, null, null);
  }

  JsonNode parse(String text, long v, String column) {
    if (text == null) {
      return null;
    }
    try {
      JsonNode n = mapper.readTree(text);
      return n == null || n.isNull() ? null : n;
    } catch (JsonProcessingException e) {
      throw new StratoException("EventQueue '" + name + "': event " + v + " has invalid JSON in " + column + ": "
          + e.getOriginalMessage(), e);
    }
  }

  private ObjectNode objectOrNull(JsonNode n, long v, String field) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n instanceof ObjectNode o) {
      return o;
    }
    throw new StratoException("EventQueue '" + name + "': event " + v + " has a " + field + " that is not a JSON object");
  }
}
