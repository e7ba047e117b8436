package io.strato.es.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.EventDispatcher;
import io.strato.es.EventRejectedException;
import io.strato.es.spi.NewEvent;
import io.strato.queue.Event;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the data of an ESModel's write event as upstream strato-db writes it:
 * {@code [action, id, obj]}, {@code [0, id]} for a removal, and {@code meta} at index 3 only
 * when present (readers accept a trailing null meta too: events written by earlier versions of
 * this library); and dispatches it. Called by ESModel's {@code set/update/remove} and their
 * {@code …Event} forms; every check that would fail in apply runs here first, because a
 * failed event halts processing for everyone.
 */
public final class EsWriteEvents {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private EsWriteEvents() {}

  /**
   * The event data.
   *
   * @param action the action (ESModel.REMOVE … SAVE)
   * @param id the id, or null/NullNode when the preprocessor assigns it
   * @param obj the object, or null for a removal
   * @param meta the meta data as JSON, or null
   * @return the array
   */
  public static ArrayNode data(int action, JsonNode id, ObjectNode obj, JsonNode meta) {
    ArrayNode a = NODES.arrayNode();
    a.add(action);
    a.add(id == null || id.isNull() ? NODES.nullNode() : id);
    if (obj != null || meta != null) {
      a.add(obj == null ? NODES.nullNode() : obj);
    }
    if (meta != null) {
      a.add(meta);
    }
    return a;
  }

  /**
   * The changes of an update as a JSON object (a null value, which deletes its key, becomes a
   * JSON null).
   *
   * @param model the model name, for messages
   * @param changes the changes
   * @param toNode the model's value conversion
   * @return the object
   * @throws IllegalArgumentException for a null key
   */
  public static ObjectNode changes(String model, Map<String, ?> changes, Function<Object, JsonNode> toNode) {
    ObjectNode tree = NODES.objectNode();
    for (Map.Entry<String, ?> e : changes.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("ESModel '" + model + "': update keys must not be null");
      }
      JsonNode v = toNode.apply(e.getValue());
      tree.set(e.getKey(), v == null ? NODES.nullNode() : v);
    }
    return tree;
  }

  /**
   * The message of a rejected ESModel write, naming the model, the reason and the id.
   *
   * @param model the model name
   * @param reason the reason (EEXIST, ENOENT or a reducer's)
   * @param id the event's id
   * @return the message
   */
  public static String rejection(String model, String reason, JsonNode id) {
    String why = reason.equals("EEXIST") ? " (an object with this id exists)"
        : reason.equals("ENOENT") ? " (no object with this id)" : "";
    return "ESModel '" + model + "': " + reason + " for id " + id + why;
  }

  /**
   * The event of a set, checked.
   *
   * @param m the model
   * @param tree the object
   * @param insertOnly insert only (ESModel.INSERT), else SET
   * @param meta the meta data as JSON, or null
   * @return the event
   * @throws IllegalArgumentException when the table would refuse the object
   */
  public static NewEvent set(EsModelAccess m, ObjectNode tree, boolean insertOnly, JsonNode meta) {
    m.validate(tree);
    return new NewEvent("es/" + m.name(), data(insertOnly ? 2 : 1, tree.get(m.idCol()), tree, meta));
  }

  /**
   * The event of an update, checked against the stored object as apply would merge it (a
   * missing object without upsert is left to the reducer's ENOENT).
   *
   * @param m the model
   * @param changes the changes, with the id unless upsert
   * @param upsert insert when missing (ESModel.SAVE), else UPDATE
   * @param meta the meta data as JSON, or null
   * @return the event
   * @throws IllegalArgumentException for null changes, a missing id, or a refused result
   */
  public static NewEvent update(EsModelAccess m, Map<String, ?> changes, boolean upsert, JsonNode meta) {
    if (changes == null) {
      throw new IllegalArgumentException("ESModel '" + m.name() + "': update needs a map of changes");
    }
    Object id = changes.get(m.idCol());
    if (id == null && !upsert) {
      throw new IllegalArgumentException("ESModel '" + m.name() + "': update needs the id ('" + m.idCol()
          + "'); only an upsert may leave it out");
    }
    ObjectNode tree = changes(m.name(), changes, m::node);
    ObjectNode current = id == null ? null : m.tree(id).orElse(null);
    if (current != null || upsert) {
      m.validate(m.merge(current == null ? NODES.objectNode() : current, changes));
    }
    return new NewEvent("es/" + m.name(), data(upsert ? 4 : 3, tree.get(m.idCol()), tree, meta));
  }

  /**
   * Dispatches a write event and waits for it.
   *
   * @param es the dispatcher
   * @param model the model name, for the rejection message
   * @param ev the event
   * @return the id of the written object as the event holds it (JSON), or null
   * @throws EventRejectedException naming the model and id (EEXIST, ENOENT, or a reducer's reason)
   */
  public static JsonNode dispatch(EventDispatcher es, String model, NewEvent ev) {
    Event done;
    try {
      done = es.dispatch(ev.type(), ev.data());
    } catch (EventRejectedException r) {
      throw new EventRejectedException(r.event(), rejection(model, r.reason(), r.event().data().get(1)));
    }
    JsonNode id = done.data() == null ? null : done.data().get(1);
    return id == null || id.isNull() ? null : id;
  }
}
