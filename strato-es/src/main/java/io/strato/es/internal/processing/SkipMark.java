package io.strato.es.internal.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.queue.Event;

/**
 * The mark an operator's {@code skip} leaves on an event: its stored result is
 * {@code {"_skipped":{"reason":"…","ts":1767225600000}}}. {@link EventPipeline} honours it in
 * processing, rebuilds and replays: the version advances, nothing runs.
 */
public final class SkipMark {
  /** The result key of the mark. */
  public static final String KEY = "_skipped";

  private SkipMark() {}

  /**
   * Whether the stored event carries the mark.
   *
   * @param e the event as stored
   * @return true when skipped
   */
  public static boolean isSkipped(Event e) {
    return e != null && e.result() != null && e.result().get(KEY) instanceof ObjectNode;
  }

  /**
   * The result that marks an event skipped.
   *
   * @param reason why
   * @param ts when (ms since the epoch)
   * @return {@code {"_skipped":{"reason":…,"ts":…}}}
   */
  public static ObjectNode result(String reason, long ts) {
    ObjectNode mark = JsonNodeFactory.instance.objectNode();
    mark.put("reason", reason);
    mark.put("ts", ts);
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.set(KEY, mark);
    return r;
  }

  /**
   * The event as it is stored once skipped: same v, type, ts and data; the mark as result; no
   * error, failed result or sub-events.
   *
   * @param e the event
   * @param reason why
   * @param ts when
   * @return the skipped event
   */
  public static Event mark(Event e, String reason, long ts) {
    return new Event(e.v(), e.type(), e.ts(), e.data(), result(reason, ts), null, null, null);
  }

  /**
   * The reason of a skipped event.
   *
   * @param e the event
   * @return the reason, or null when not skipped
   */
  public static String reason(Event e) {
    if (!isSkipped(e)) {
      return null;
    }
    JsonNode r = e.result().get(KEY).get("reason");
    return r == null ? "" : r.asText();
  }
}
