package io.strato.db.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Minimal JSON writer for {@link io.strato.db.Sql#json(Object)}: strato-db must work without
 * Jackson, so plain Java values are written here and Jackson trees write themselves.
 */
public final class JsonText {
  private JsonText() {}

  /**
   * Serialises a plain Java value to JSON text.
   *
   * @param value Map, Iterable, array, CharSequence, Number, Boolean, Character, null or JsonNode
   * @return the JSON text
   * @throws IllegalArgumentException for unsupported types or non-finite numbers
   */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v, int depth) {
    if (depth > 1000) {
      throw new IllegalArgumentException("Sql.json: value is nested more than 1000 levels deep");
    }
    if (v == null) {
      b.append("null");
    } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>) {
      string(b, v instanceof Enum<?> e ? e.name() : v.toString());
    } else if (v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Double d && !Double.isFinite(d) || v instanceof Float f && !Float.isFinite(f)) {
      throw new IllegalArgumentException("Sql.json: " + v + " cannot be written as JSON");
    } else if (v instanceof Number) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      object(b, m, depth);
    } else if (isJacksonNode(v)) {
      // Jackson's JsonNode.toString() is documented to produce valid JSON.
      b.append(v);
    } else if (v instanceof Iterable<?> it) {
      array(b, it, depth);
    } else if (v.getClass().isArray() && !(v instanceof byte[])) {
      int n = Array.getLength(v);
      List<Object> items = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        items.add(Array.get(v, i));
      }
      array(b, items, depth);
    } else {
      throw new IllegalArgumentException(
          "Sql.json cannot serialise " + v.getClass().getName()
              + "; pass a Map, List, array, String, Number, Boolean or a Jackson JsonNode,"
              + " or serialise it yourself and use Sql.param");
    }
  }

  private static void object(StringBuilder b, Map<?, ?> m, int depth) {
    b.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, String.valueOf(e.getKey()));
      b.append(':');
      write(b, e.getValue(), depth + 1);
    }
    b.append('}');
  }

  private static void array(StringBuilder b, Iterable<?> items, int depth) {
    b.append('[');
    boolean first = true;
    for (Object o : items) {
      if (!first) {
        b.append(',');
      }
      first = false;
      write(b, o, depth + 1);
    }
    b.append(']');
  }

  private static boolean isJacksonNode(Object v) {
    for (Class<?> c = v.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals("com.fasterxml.jackson.databind.JsonNode")) {
        return true;
      }
    }
    return false;
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
