package io.strato.es.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.spi.ReduceResult;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a reducer's result ({@code rm}, {@code set}, {@code ins}, {@code upd}, {@code sav})
 * into an ESModel's table, in that order. Called by {@code ESModel.applyResult} during apply;
 * the model hands over its direct writes as a {@link Target}, so this class never sees the
 * model's event-dispatching write path.
 */
public final class EsResultApplier {
  private static final String[] KEYS = {"set", "ins", "upd", "sav", "rm"};

  /** The model's direct (non-event) writes. */
  public interface Target {
    /**
     * The model name, for messages.
     *
     * @return the name
     */
    String name();

    /**
     * Deletes an object (no error when missing).
     *
     * @param id the id
     */
    void remove(Object id);

    /**
     * Inserts or replaces an object.
     *
     * @param tree the object
     * @param insertOnly fail when the id exists
     */
    void set(ObjectNode tree, boolean insertOnly);

    /**
     * Shallow-updates an object.
     *
     * @param changes the changes, with the id
     * @param upsert insert when missing
     */
    void update(Map<String, Object> changes, boolean upsert);
  }

  private EsResultApplier() {}

  /**
   * Applies the result; the caller makes the model writable around this call.
   *
   * @param result the result, not empty
   * @param target the model's direct writes
   * @throws IllegalArgumentException when a key does not hold an array of objects
   */
  public static void apply(ReduceResult result, Target target) {
    for (String key : KEYS) {
      JsonNode v = result.get(key);
      if (v != null && !v.isArray()) {
        throw new IllegalArgumentException("ESModel '" + target.name() + "': result." + key
            + " must be an array, got " + v);
      }
    }
    for (Object id : result.rmIds()) {
      target.remove(id);
    }
    for (JsonNode n : result.items("set")) {
      target.set(object(target, n, "set"), false);
    }
    for (JsonNode n : result.items("ins")) {
      target.set(object(target, n, "ins"), true);
    }
    for (JsonNode n : result.items("upd")) {
      target.update(asMap(object(target, n, "upd")), false);
    }
    for (JsonNode n : result.items("sav")) {
      target.update(asMap(object(target, n, "sav")), true);
    }
  }

  private static ObjectNode object(Target target, JsonNode n, String key) {
    if (!(n instanceof ObjectNode o)) {
      throw new IllegalArgumentException("ESModel '" + target.name() + "': result." + key
          + " must hold objects, got " + n);
    }
    return o.deepCopy(); // the result stays as the reducer returned it (it is stored on the event)
  }

  private static Map<String, Object> asMap(ObjectNode o) {
    Map<String, Object> m = new HashMap<>();
    o.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue().isNull() ? null : f.getValue()));
    return m;
  }
}
