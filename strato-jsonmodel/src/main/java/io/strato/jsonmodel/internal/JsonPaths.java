package io.strato.jsonmodel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;

/** Dot-separated paths into an item's JSON tree, and their SQLite JSON path form. */
public final class JsonPaths {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private JsonPaths() {}

  /**
   * Splits a path at dots.
   *
   * @param path the path; "" is the whole object
   * @return the parts (empty for "")
   */
  public static List<String> split(String path) {
    return path.isEmpty() ? List.of() : List.of(path.split("\\.", -1));
  }

  /**
   * The SQLite JSON path ({@code $.a."b c"}) for the parts; keys that are not plain
   * identifiers are quoted.
   *
   * @param parts the path parts
   * @return the JSON path text
   */
  public static String sqlPath(List<String> parts) {
    StringBuilder b = new StringBuilder("$");
    for (String p : parts) {
      b.append('.');
      if (PLAIN_KEY.matcher(p).matches()) {
        b.append(p);
      } else {
        b.append('"').append(p.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return b.toString();
  }

  /**
   * The value at the path.
   *
   * @param obj the object
   * @param parts the path
   * @return the value, or null when missing or JSON null
   */
  public static JsonNode get(ObjectNode obj, List<String> parts) {
    JsonNode cur = obj;
    for (String p : parts) {
      if (cur == null || !cur.isObject()) {
        return null;
      }
      cur = cur.get(p);
    }
    return cur == null || cur.isNull() || cur.isMissingNode() ? null : cur;
  }

  /**
   * Puts a value at the path, creating intermediate objects; a null value removes the key.
   *
   * @param obj the object
   * @param parts the path (non-empty)
   * @param value the value or null
   */
  public static void set(ObjectNode obj, List<String> parts, JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      remove(obj, parts);
      return;
    }
    ObjectNode cur = obj;
    for (int i = 0; i < parts.size() - 1; i++) {
      JsonNode next = cur.get(parts.get(i));
      if (next == null || !next.isObject()) {
        next = cur.putObject(parts.get(i));
      }
      cur = (ObjectNode) next;
    }
    cur.set(parts.get(parts.size() - 1), value);
  }

  /**
   * Removes the value at the path; empty parent objects are left as they are.
   *
   * @param obj the object
   * @param parts the path (non-empty)
   * @return the removed value, or null
   */
  public static JsonNode remove(ObjectNode obj, List<String> parts) {
    JsonNode cur = obj;
    for (int i = 0; i < parts.size() - 1; i++) {
      cur = cur.get(parts.get(i));
      if (cur == null || !cur.isObject()) {
        return null;
      }
    }
    JsonNode removed = ((ObjectNode) cur).remove(parts.get(parts.size() - 1));
    return removed == null || removed.isNull() ? null : removed;
  }
}
