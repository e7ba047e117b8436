package io.strato.es.spi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A reducer's changes for its model, applied by the model's {@code applyResult} and stored on
 * the event under {@code result.<model>}:
 *
 * <ul>
 *   <li>{@code set}: replace whole objects;</li>
 *   <li>{@code ins}: insert (the event fails when one exists);</li>
 *   <li>{@code upd}: shallow update of existing objects (null values delete keys; fails when
 *       missing);</li>
 *   <li>{@code sav}: shallow update, or insert when missing;</li>
 *   <li>{@code rm}: ids to delete (missing ones are ignored);</li>
 *   <li>{@code events}: sub-events to process after this event;</li>
 *   <li>{@code esFail}: reject the event ({@link #reject}): it is processed, nothing is
 *       applied, the reason stays on the stored event;</li>
 *   <li>{@code error}: fail the event with this message (processing halts at it);</li>
 *   <li>any other key ({@link #put}): opaque data kept on the event.</li>
 * </ul>
 *
 * <pre>{@code
 * return ReduceResult.result().set(order).rm("draft-1").events(new NewEvent("mail/send", data));
 * }</pre>
 *
 * <p>Objects may be records, POJOs, maps or JsonNodes; they are turned into JSON when added,
 * with a mapper that leaves nulls out (use JsonNodes or maps with explicit
 * {@code NullNode}s to delete keys in {@code upd}). Not thread-safe; build it in the reducer
 * and return it.
 */
public final class ReduceResult {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);
  private static final ReduceResult NONE = new ReduceResult(true);
  /** Where a rejection's reason is stored (upstream's ESModel key). */
  private static final String REJECT_KEY = "esFail";

  private final ObjectNode json = JsonNodeFactory.instance.objectNode();
  private final boolean frozen;

  private ReduceResult(boolean frozen) {
    this.frozen = frozen;
  }

  /**
   * A new, empty result to fill in.
   *
   * @return the result
   */
  public static ReduceResult result() {
    return new ReduceResult(false);
  }

  /**
   * Rejects the event for a business reason (insufficient funds, a duplicate id, an unknown
   * account...). A rejected event is <em>processed</em>: the version advances, no model's
   * result is applied, no deriver, sub-event or transactor runs for it, and the reason is stored
   * on the event as {@code result.<model>.esFail} (the key strato-db for JavaScript uses for
   * ESModel's EEXIST/ENOENT). {@code dispatch} then throws
   * {@code io.strato.es.EventRejectedException} carrying the reason and the stored event; the
   * events after it process normally.
   *
   * <p>Use a rejection for an outcome of the business rules that the caller must hear about;
   * use {@link #error(String)} (or throw) only for a bug or a broken invariant: a failed event
   * halts the whole log until the code or the event is fixed.
   *
   * <pre>{@code
   * if (balance < cents) return ReduceResult.reject("insufficient funds in " + from);
   * }</pre>
   *
   * @param reason why, shown to the caller and stored; non-empty
   * @return the rejecting result
   * @throws IllegalArgumentException for a null or empty reason
   */
  public static ReduceResult reject(String reason) {
    if (reason == null || reason.isEmpty()) {
      throw new IllegalArgumentException("ReduceResult.reject: the reason must be a non-empty string");
    }
    ReduceResult r = new ReduceResult(false);
    r.json.put(REJECT_KEY, reason);
    return r;
  }

  /**
   * The rejection reason, when this result rejects the event ({@link #reject}).
   *
   * @return the reason, or null
   */
  public String rejection() {
    JsonNode r = json.get(REJECT_KEY);
    return r == null || r.isNull() ? null : r.isTextual() ? r.textValue() : r.toString();
  }

  /**
   * The empty result: no change (same as returning null).
   *
   * @return the shared empty result
   */
  public static ReduceResult none() {
    return NONE;
  }

  /**
   * A result read back from its stored JSON layout.
   *
   * @param stored the JSON (may be null)
   * @return the result
   */
  public static ReduceResult fromJson(JsonNode stored) {
    ReduceResult r = new ReduceResult(false);
    if (stored != null && stored.isObject()) {
      r.json.setAll((ObjectNode) stored.deepCopy());
    }
    return r;
  }

  /**
   * Adds objects to replace.
   *
   * @param objects the objects (with ids)
   * @return this
   */
  public ReduceResult set(Object... objects) {
    return addItems("set", objects);
  }

  /**
   * Adds objects to insert.
   *
   * @param objects the objects
   * @return this
   */
  public ReduceResult ins(Object... objects) {
    return addItems("ins", objects);
  }

  /**
   * Adds shallow updates of existing objects.
   *
   * @param changes the changes (with ids)
   * @return this
   */
  public ReduceResult upd(Object... changes) {
    return addItems("upd", changes);
  }

  /**
   * Adds shallow updates that insert missing objects.
   *
   * @param changes the changes (with ids)
   * @return this
   */
  public ReduceResult sav(Object... changes) {
    return addItems("sav", changes);
  }

  /**
   * Adds ids to delete.
   *
   * @param ids the ids
   * @return this
   */
  public ReduceResult rm(Object... ids) {
    return addItems("rm", ids);
  }

  /**
   * Adds sub-events.
   *
   * @param events the events
   * @return this
   */
  public ReduceResult events(NewEvent... events) {
    checkWritable();
    ArrayNode a = json.withArray("events");
    if (events == null) {
      throw new IllegalArgumentException("ReduceResult.events: values must not be null");
    }
    for (NewEvent e : events) {
      if (e == null) {
        throw new IllegalArgumentException("ReduceResult.events: values must not be null");
      }
      ObjectNode o = a.addObject().put("type", e.type());
      if (e.data() != null) {
        o.set("data", e.data());
      }
    }
    return this;
  }

  /**
   * Adds a sub-event from plain Java data (a map, a record, a POJO, a JsonNode), processed right
   * after this event's reducers, before sub-events added by derivers.
   *
   * @param type the event type, non-empty
   * @param data the payload, may be null
   * @return this
   * @throws IllegalArgumentException for an empty type
   */
  public ReduceResult event(String type, Object data) {
    return events(new NewEvent(type, toNode(data)));
  }

  /**
   * Fails the event with this message.
   *
   * @param message the error message
   * @return this
   */
  public ReduceResult error(String message) {
    checkWritable();
    json.put("error", message == null ? "error" : message);
    return this;
  }

  /**
   * Stores opaque data under a key other than the built-in ones.
   *
   * @param key the key
   * @param value the value (anything Jackson can serialise)
   * @return this
   * @throws IllegalArgumentException for a null key
   */
  public ReduceResult put(String key, Object value) {
    checkWritable();
    if (key == null) {
      throw new IllegalArgumentException("ReduceResult.put: key must not be null");
    }
    json.set(key, toNode(value));
    return this;
  }

  /**
   * The objects stored under {@code set}, {@code ins}, {@code upd} or {@code sav}.
   *
   * @param key the key
   * @return the objects (empty when none)
   */
  public List<JsonNode> items(String key) {
    JsonNode a = json.get(key);
    if (a == null || !a.isArray()) {
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>(a.size());
    a.forEach(out::add);
    return Collections.unmodifiableList(out);
  }

  /**
   * The ids under {@code rm}, as Java values.
   *
   * @return the ids
   */
  public List<Object> rmIds() {
    List<Object> out = new ArrayList<>();
    for (JsonNode n : items("rm")) {
      out.add(n.isIntegralNumber() ? (Object) n.longValue() : n.isNumber() ? n.doubleValue() : n.asText());
    }
    return out;
  }

  /**
   * The sub-events under {@code events}.
   *
   * @return the events
   */
  public List<NewEvent> subEvents() {
    List<NewEvent> out = new ArrayList<>();
    for (JsonNode n : items("events")) {
      JsonNode data = n.get("data");
      out.add(new NewEvent(n.path("type").asText(""), data == null || data.isNull() ? null : data));
    }
    return out;
  }

  /**
   * The error message.
   *
   * @return the message, or null
   */
  public String errorMessage() {
    JsonNode e = json.get("error");
    return e == null || e.isNull() ? null : e.isTextual() ? e.textValue() : e.toString();
  }

  /**
   * The value under any key.
   *
   * @param key the key
   * @return the value, or null
   */
  public JsonNode get(String key) {
    return json.get(key);
  }

  /**
   * Whether the result holds nothing.
   *
   * @return true when empty
   */
  public boolean isEmpty() {
    return json.isEmpty();
  }

  /**
   * The stored layout (a copy).
   *
   * @return the JSON object
   */
  public ObjectNode toJson() {
    return json.deepCopy();
  }

  /**
   * The keys present, in insertion order.
   *
   * @return the keys
   */
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private ReduceResult addItems(String key, Object[] objects) {
    checkWritable();
    ArrayNode a = json.withArray(key);
    for (Object o : nonNull(objects, key)) {
      JsonNode n = toNode(o);
      if (n == null) {
        throw new IllegalArgumentException("ReduceResult." + key + ": values must not be null");
      }
      a.add(n);
    }
    return this;
  }

  private static List<?> nonNull(Object[] a, String key) {
    if (a == null) {
      throw new IllegalArgumentException("ReduceResult." + key + ": values must not be null");
    }
    return Arrays.asList(a);
  }

  private static JsonNode toNode(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof JsonNode n) {
      return n.deepCopy();
    }
    if (o instanceof Map<?, ?> m) {
      ObjectNode n = JsonNodeFactory.instance.objectNode();
      // Maps keep explicit nulls: in upd they delete keys.
      m.forEach((k, v) -> n.set(String.valueOf(k), v == null ? JsonNodeFactory.instance.nullNode() : MAPPER.valueToTree(v)));
      return n;
    }
    return MAPPER.valueToTree(o);
  }

  private void checkWritable() {
    if (frozen) {
      throw new UnsupportedOperationException("ReduceResult.none() is immutable; use ReduceResult.result()");
    }
  }

  @Override
  public String toString() {
    return json.toString();
  }
}
