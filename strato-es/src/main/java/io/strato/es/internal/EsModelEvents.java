package io.strato.es.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.StratoException;
import io.strato.es.ESModel;
import io.strato.es.WriteAction;
import io.strato.es.spi.ReduceResult;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.internal.ResolvedColumn;
import io.strato.jsonmodel.internal.Slugs;
import io.strato.queue.Event;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The built-in preprocessor and reducer of an {@link ESModel} for its own {@code es/<name>}
 * events ({@code [action, id, object, meta?]}): ids for new objects, then
 * {@code ins}/{@code upd}/{@code rm} or a rejection (EEXIST, ENOENT). Kept apart from the model's
 * document API; the model hands over a small {@link Model} view.
 */
public final class EsModelEvents {
  private EsModelEvents() {}

  /** What the built-in phases read of the model. */
  public interface Model {
    /**
     * The model name, for messages.
     *
     * @return the name
     */
    String name();

    /**
     * The id column's name.
     *
     * @return the name
     */
    String idCol();

    /**
     * The id column as the model resolved it (its value function and slug flag decide new ids).
     *
     * @return the column
     */
    ResolvedColumn idColumn();

    /**
     * The stored object as JSON (the state before the event).
     *
     * @param id the id
     * @return the object, or empty
     */
    Optional<ObjectNode> tree(Object id);

    /**
     * The next free integer id.
     *
     * @return the id
     */
    long nextId();

    /**
     * A value as JSON, with the model's mapper.
     *
     * @param value the value
     * @return the JSON
     */
    JsonNode node(Object value);
  }

  /**
   * Checks the data layout and fills in the id of a new object.
   *
   * @param m the model
   * @param e the event
   * @return the event with its id filled in, or null when unchanged
   * @throws IllegalArgumentException for malformed event data
   */
  public static Event preprocess(Model m, Event e) {
    ArrayNode data = data(m, e);
    WriteAction action = WriteAction.fromCode(data.get(0).intValue());
    JsonNode id = data.get(1);
    if (id != null && !id.isNull()) {
      return null;
    }
    if (action == WriteAction.REMOVE || action == WriteAction.UPDATE) {
      throw new IllegalArgumentException("ESModel '" + m.name() + "': "
          + (action == WriteAction.REMOVE ? "remove" : "update") + " event without an id");
    }
    ObjectNode obj = data.get(2) instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
    JsonNode newId = newId(m, obj);
    if (newId == null) {
      return null;
    }
    obj.set(m.idCol(), newId);
    ArrayNode copy = data.deepCopy();
    copy.set(1, newId);
    if (copy.size() < 3) {
      copy.add(obj);
    } else {
      copy.set(2, obj);
    }
    return e.withData(copy);
  }

  /**
   * The id of a new object: the id column's value function, or its slug made unique against
   * the state; else the next integer or a random UUID.
   */
  private static JsonNode newId(Model m, ObjectNode obj) {
    ResolvedColumn idColumn = m.idColumn();
    if (idColumn.value() != null && !idColumn.slug()) {
      return m.node(callValue(m, idColumn, obj));
    }
    if (idColumn.slug()) {
      // made here, against the state before the event, so the event carries it and a replay
      // gives the same id (the reducer needs one)
      Object text = callValue(m, idColumn, obj);
      String base = Slugs.slugify(text == null ? null : text instanceof JsonNode n ? n.asText() : text.toString());
      return JsonNodeFactory.instance.textNode(Slugs.unique(base, s -> m.tree(s).isPresent()));
    }
    if (idColumn.type() == ColumnType.INTEGER) {
      return JsonNodeFactory.instance.numberNode(m.nextId());
    }
    return JsonNodeFactory.instance.textNode(UUID.randomUUID().toString());
  }

  private static Object callValue(Model m, ResolvedColumn idColumn, ObjectNode obj) {
    try {
      return idColumn.value().apply(obj);
    } catch (Exception ex) {
      throw new StratoException("ESModel '" + m.name() + "': id value function failed: " + ex.getMessage(), ex);
    }
  }

  /**
   * Turns the event into changes against the state before it.
   *
   * @param m the model
   * @param e the event
   * @return the changes, a rejection, or null when nothing changes
   * @throws IllegalArgumentException for malformed event data
   */
  public static ReduceResult reduce(Model m, Event e) {
    ArrayNode data = data(m, e);
    WriteAction action = WriteAction.fromCode(data.get(0).intValue());
    JsonNode idNode = data.get(1);
    if (idNode == null || idNode.isNull()) {
      throw new IllegalArgumentException("ESModel '" + m.name() + "': event without an id (action " + action.code()
          + ")");
    }
    Object id = javaValue(idNode);
    ObjectNode obj = data.get(2) instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
    obj.set(m.idCol(), idNode);
    ObjectNode existing = m.tree(id).orElse(null);
    return switch (action) {
      case REMOVE -> existing == null ? null : ReduceResult.result().rm(id);
      case INSERT -> existing != null ? ReduceResult.reject("EEXIST") : ReduceResult.result().ins(stripNulls(obj));
      case SET -> existing == null ? ReduceResult.result().ins(stripNulls(obj)) : replace(existing, obj);
      case UPDATE -> existing == null ? ReduceResult.reject("ENOENT") : update(existing, obj);
      case SAVE -> existing == null ? ReduceResult.result().ins(stripNulls(obj)) : update(existing, obj);
    };
  }

  /** {@code set} of an existing object: an {@code upd} that also nulls the keys the new object lacks. */
  private static ReduceResult replace(ObjectNode existing, ObjectNode obj) {
    ObjectNode target = stripNulls(obj);
    if (target.equals(existing)) {
      return null;
    }
    for (Iterator<String> it = existing.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!target.has(k)) {
        target.putNull(k);
      }
    }
    return ReduceResult.result().upd(target);
  }

  /** A shallow update; no result when it changes nothing. */
  private static ReduceResult update(ObjectNode existing, ObjectNode obj) {
    ObjectNode merged = existing.deepCopy();
    for (Map.Entry<String, JsonNode> f : obj.properties()) {
      if (f.getValue().isNull()) {
        merged.remove(f.getKey());
      } else {
        merged.set(f.getKey(), f.getValue());
      }
    }
    return merged.equals(existing) ? null : ReduceResult.result().upd(obj);
  }

  private static ArrayNode data(Model m, Event e) {
    JsonNode d = e.data();
    if (!(d instanceof ArrayNode a) || a.size() < 2 || !a.get(0).isInt() || !WriteAction.isCode(a.get(0).intValue())) {
      throw new IllegalArgumentException("ESModel '" + m.name() + "': event data must be [action 0-4, id, object, meta],"
          + " got " + d);
    }
    return a;
  }

  private static ObjectNode stripNulls(ObjectNode o) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> f : o.properties()) {
      if (!f.getValue().isNull()) {
        out.set(f.getKey(), f.getValue());
      }
    }
    return out;
  }

  /**
   * A JSON id as the Java value JsonModel looks it up by.
   *
   * @param n the JSON (may be null)
   * @return a Long, Double, String, or null
   */
  public static Object javaValue(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.longValue();
    }
    return n.isNumber() ? (Object) n.doubleValue() : n.isTextual() ? n.textValue() : n.toString();
  }
}
