package io.strato.queue.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.StratoException;
import io.strato.queue.Event;

/**
 * The <em>as-added</em> form of a processed event: its type and data before processing changed
 * them, kept under {@value #KEY} in the row's {@code json} column beside the processed form.
 *
 * <p>Why: when the state a processing commits to lives in another file than the queue, the
 * processed event is written to the queue before the state commits. If that commit never comes
 * (a rollback, a crash), the event is processed again, and it must start from the event as it
 * was added, not from what a preprocessor already made of it (a preprocessor that turns dollars
 * into cents would otherwise run twice). Rows without the key read as before; older versions of
 * this library and strato-db for JavaScript ignore it. Stateless.
 */
public final class AsAdded {
  /** The key in the row's {@code json} that holds {@code {"type": …, "data": …}} as added. */
  public static final String KEY = "asAdded";

  private AsAdded() {}

  /**
   * {@code {"type": …, "data": …}} of the event as added, to keep beside its processed form.
   *
   * @param added the event as added
   * @param mapper the queue's mapper
   * @return the JSON to keep
   */
  public static ObjectNode json(Event added, ObjectMapper mapper) {
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
   * @param queue the queue's name, for errors
   * @param v the version
   * @param ts the time
   * @param kept the kept form
   * @return the event as added
   * @throws StratoException when the kept form is not an object with a non-empty type
   */
  public static Event event(String queue, long v, long ts, JsonNode kept) {
    JsonNode type = kept == null ? null : kept.get("type");
    if (type == null || !type.isTextual() || type.asText().isEmpty()) {
      throw new StratoException("EventQueue '" + queue + "': event " + v + " keeps an invalid " + KEY + " form: " + kept);
    }
    JsonNode data = kept.get("data");
    return new Event(v, type.asText(), ts, data == null || data.isNull() ? null : data, null, null, null, null);
  }
}
