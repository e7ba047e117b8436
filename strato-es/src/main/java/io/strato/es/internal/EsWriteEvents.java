package io.strato.es.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.EventDispatcher;
import io.strato.es.EventRejectedException;
import io.strato.es.WriteAction;
import io.strato.es.spi.NewEvent;
import io.strato.jsonmodel.WriteOptions;
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
   * @param action the action, stored as its {@link WriteAction#code()}
   * @param id the id, or null/NullNode when the preprocessor assigns it
   * @param obj the object, or null for a removal
   * @param meta the meta data as JSON, or null
   * @return the array
   */
  public static ArrayNode data(WriteAction action, JsonNode id, ObjectNode obj, JsonNode meta) {
    ArrayNode a = NODES.arrayNode();
    a.add(action.code());
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
   * @param options {@link WriteOptions#isInsertOnly()} gives INSERT, else SET
   * @param meta the meta data as JSON, or null
   * @return the event
   * @throws IllegalArgumentException when the options are not a set's or the table would
   *     refuse the object
   */
  public static NewEvent set(EsModelAccess m, ObjectNode tree, WriteOptions options, JsonNode meta) {
    checkSet(m.name(), options);
    m.validate(tree);
    WriteAction action = options.isInsertOnly() ? WriteAction.INSERT : WriteAction.SET;
    return new NewEvent("es/" + m.name(), data(action, tree.get(m.idCol()), tree, meta));
  }

  /**
   * The options of the deprecated boolean forms.
   *
   * @param insertOnly insert only
   * @param upsert upsert
   * @param noReturn no return
   * @return the options (insertOnly wins over upsert, which no boolean form sets together)
   */
  public static WriteOptions options(boolean insertOnly, boolean upsert, boolean noReturn) {
    WriteOptions o = insertOnly ? WriteOptions.insertOnly() : upsert ? WriteOptions.upsert() : WriteOptions.defaults();
    return noReturn ? o.withNoReturn() : o;
  }

  /**
   * Checks the options of a set (as JsonModel does): insertOnly and noReturn only.
   *
   * @param model the model name
   * @param options the options
   * @throws IllegalArgumentException for null or upsert options
   */
  public static void checkSet(String model, WriteOptions options) {
    if (options == null || options.isUpsert()) {
      throw new IllegalArgumentException("ESModel '" + model + "': set takes insertOnly/noReturn options, not "
          + options);
    }
  }

  /**
   * Checks the options of an update (as JsonModel does): upsert and noReturn only.
   *
   * @param model the model name
   * @param options the options
   * @throws IllegalArgumentException for null or insertOnly options
   */
  public static void checkUpdate(String model, WriteOptions options) {
    if (options == null || options.isInsertOnly()) {
      throw new IllegalArgumentException("ESModel '" + model + "': update takes upsert/noReturn options, not "
          + options);
    }
  }

  /**
   * The event of an update, checked against the stored object as apply would merge it (a
   * missing object without upsert is left to the reducer's ENOENT).
   *
   * @param m the model
   * @param changes the changes, with the id unless upsert
   * @param options {@link WriteOptions#isUpsert()} gives SAVE, else UPDATE
   * @param meta the meta data as JSON, or null
   * @return the event
   * @throws IllegalArgumentException for options that are not an update's, null changes, a
   *     missing id, or a refused result
   */
  public static NewEvent update(EsModelAccess m, Map<String, ?> changes, WriteOptions options, JsonNode meta) {
    checkUpdate(m.name(), options);
    boolean upsert = options.isUpsert();
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
    WriteAction action = upsert ? WriteAction.SAVE : WriteAction.UPDATE;
    return new NewEvent("es/" + m.name(), data(action, tree.get(m.idCol()), tree, meta));
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
