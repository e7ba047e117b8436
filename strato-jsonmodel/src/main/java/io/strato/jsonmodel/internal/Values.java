package io.strato.jsonmodel.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.strato.jsonmodel.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Conversions between item JSON values, plain Java values and what SQLite stores, with the
 * type checks that give "wrong value type" errors.
 */
public final class Values {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Values() {}

  /**
   * Whether a Java value can be a column default or a stored scalar.
   *
   * @param v the value
   * @return true for String, Number, Boolean and JsonNode
   */
  public static boolean isStorable(Object v) {
    return v instanceof CharSequence || v instanceof Number || v instanceof Boolean || v instanceof JsonNode;
  }

  /**
   * JavaScript-like truthiness, used by falsyBool: null, false, 0, "" and JSON null are false.
   *
   * @param v the value
   * @return its truthiness
   */
  public static boolean truthy(Object v) {
    if (v == null) {
      return false;
    }
    if (v instanceof JsonNode n) {
      if (n.isNull() || n.isMissingNode()) {
        return false;
      }
      if (n.isBoolean()) {
        return n.booleanValue();
      }
      if (n.isNumber()) {
        return n.doubleValue() != 0;
      }
      if (n.isTextual()) {
        return !n.textValue().isEmpty();
      }
      return true;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (v instanceof CharSequence s) {
      return s.length() > 0;
    }
    return true;
  }

  /**
   * An SQL literal for a constant (used for defaults of SQL expressions).
   *
   * @param v a String, Number, Boolean or scalar JsonNode
   * @return the literal text
   */
  public static String sqlLiteral(Object v) {
    Object plain = v instanceof JsonNode n ? toJava(n) : v;
    if (plain == null) {
      return "NULL";
    }
    if (plain instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (plain instanceof Number n) {
      return n.toString();
    }
    return "'" + plain.toString().replace("'", "''") + "'";
  }

  /**
   * Escapes LIKE wildcards with a backslash (for {@code LIKE ? ESCAPE '\'}).
   *
   * @param s the text
   * @return the escaped text
   */
  public static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** The deepest nesting accepted in items and values (Jackson refuses to read deeper JSON). */
  public static final int MAX_DEPTH = 1000;

  /**
   * Checks, without recursion, that a value is nested at most {@link #MAX_DEPTH} levels:
   * JsonNodes, Maps, Collections and arrays are walked; other objects count as leaves (their
   * mapping is bounded by their class, and {@link #toNode} guards the rest).
   *
   * @param v the value
   * @param where names the model (and column) in the error
   * @throws IllegalArgumentException when nested deeper
   */
  public static void checkDepth(Object v, String where) {
    java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
    stack.push(new Object[] {v, 0});
    while (!stack.isEmpty()) {
      Object[] top = stack.pop();
      Object cur = top[0];
      int depth = (Integer) top[1];
      Iterable<?> children = null;
      if (cur instanceof JsonNode n) {
        children = n.isContainerNode() ? n : null; // a scalar node is an (empty) Iterable too
      } else if (cur instanceof java.util.Map<?, ?> m) {
        children = m.values();
      } else if (cur instanceof Iterable<?> it) {
        children = it;
      } else if (cur instanceof Object[] a) {
        children = java.util.Arrays.asList(a);
      }
      if (children != null) {
        if (depth >= MAX_DEPTH) {
          // this container is level depth + 1 (the value itself is level 1): SQLite's JSON
          // functions and Jackson's reader refuse more than MAX_DEPTH levels
          throw new IllegalArgumentException(where + ": the value is nested more than " + MAX_DEPTH + " levels deep");
        }
        for (Object c : children) {
          if (c != null) {
            stack.push(new Object[] {c, depth + 1});
          }
        }
      }
    }
  }

  /**
   * A Java value as a JSON node.
   *
   * @param v the value (JsonNode, String, Number, Boolean, byte[] or any Jackson-mappable)
   * @param mapper the mapper for other types
   * @return the node, or null for null
   */
  public static JsonNode toNode(Object v, ObjectMapper mapper) {
    if (v == null) {
      return null;
    }
    if (v instanceof JsonNode n) {
      return n.isNull() || n.isMissingNode() ? null : n;
    }
    if (v instanceof String s) {
      return NODES.textNode(s);
    }
    if (v instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (v instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (v instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof byte[] b) {
      return NODES.binaryNode(b);
    }
    JsonNode n;
    try {
      n = mapper.valueToTree(v);
    } catch (StackOverflowError e) {
      // a self-referencing or absurdly deep object graph: report it instead of crashing
      throw new IllegalArgumentException("the value is nested too deeply to map to JSON", e);
    }
    return n == null || n.isNull() ? null : n;
  }

  /**
   * A scalar JSON node as a plain Java value; objects and arrays stay JsonNodes.
   *
   * @param n the node
   * @return String, Long, Double, BigInteger, BigDecimal, Boolean, byte[], JsonNode or null
   */
  public static Object toJava(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
    }
    if (n.isNumber()) {
      return n.isBigDecimal() ? n.decimalValue() : n.doubleValue();
    }
    if (n.isBinary()) {
      try {
        return n.binaryValue();
      } catch (java.io.IOException e) {
        return n.asText();
      }
    }
    return n;
  }

  /**
   * The value to bind for a real column, checked against the column's type.
   *
   * @param v the plain value (after stringify): String, Number, Boolean, byte[], JsonNode or null
   * @param type the column type
   * @param mapper to write JSON text
   * @param where names the model and column in errors
   * @return the bindable value
   * @throws IllegalArgumentException when the value does not fit the column type
   */
  public static Object toSql(Object v, ColumnType type, ObjectMapper mapper, String where) {
    if (v == null) {
      return null;
    }
    if (type == ColumnType.JSON) {
      JsonNode n = v instanceof JsonNode j ? j : toNode(v, mapper);
      return n == null ? null : writeJson(n, mapper, where);
    }
    if (v instanceof JsonNode n) {
      if (n.isContainerNode()) {
        throw new IllegalArgumentException(where + ": an " + (n.isArray() ? "array" : "object")
            + " cannot be stored in a " + type + " column (use type JSON or stringify)");
      }
      v = toJava(n);
      if (v == null) {
        return null;
      }
    }
    if (!(v instanceof CharSequence || v instanceof Number || v instanceof Boolean || v instanceof byte[])) {
      throw new IllegalArgumentException(where + ": cannot store a " + v.getClass().getName()
          + " in a " + type + " column");
    }
    return switch (type) {
      case INTEGER, REAL, NUMERIC -> toSqlNumber(v, type, where);
      case TEXT -> {
        if (v instanceof byte[]) {
          throw new IllegalArgumentException(where + ": bytes cannot be stored in a TEXT column");
        }
        yield v instanceof Boolean b ? (b ? 1L : 0L) : v instanceof Number n ? normaliseNumber(n) : v.toString();
      }
      default -> v instanceof Boolean b ? (Object) (b ? 1L : 0L) : v instanceof Number n ? normaliseNumber(n) : v;
    };
  }

  /** A scalar for a numeric column: booleans as 0/1, numeric text as text (SQLite's affinity converts it). */
  private static Object toSqlNumber(Object v, ColumnType type, String where) {
    if (v instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    if (v instanceof CharSequence s) {
      if (!isNumeric(s.toString())) {
        throw new IllegalArgumentException(where + ": '" + abbreviate(s.toString())
            + "' is not a number, but the column type is " + type);
      }
      return s.toString();
    }
    if (v instanceof byte[]) {
      throw new IllegalArgumentException(where + ": bytes cannot be stored in a " + type + " column");
    }
    return normaliseNumber((Number) v);
  }

  private static Object normaliseNumber(Number n) {
    if (n instanceof BigInteger bi) {
      return bi.bitLength() < 64 ? (Object) bi.longValue() : bi.toString();
    }
    if (n instanceof BigDecimal bd) {
      return bd.doubleValue();
    }
    return n;
  }

  private static boolean isNumeric(String s) {
    try {
      Double.parseDouble(s.trim());
      return !s.isBlank();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Writes a node as JSON text.
   *
   * @param n the node
   * @param mapper the mapper
   * @param where names the model and column in errors
   * @return the text
   */
  public static String writeJson(JsonNode n, ObjectMapper mapper, String where) {
    try {
      return mapper.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A lookup key that matches ids given by callers with ids read from SQLite (integral numbers
   * become Long, everything else its string form).
   *
   * @param v the id
   * @return the key
   */
  public static Object key(Object v) {
    if (v instanceof JsonNode n) {
      v = toJava(n);
    }
    if (v instanceof Long || v == null) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e18) {
      return d.longValue();
    }
    if (v instanceof BigInteger bi && bi.bitLength() < 64) {
      return bi.longValue();
    }
    return v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : v.toString();
  }

  /**
   * Shortens a long value for an error message.
   *
   * @param s the text
   * @return at most 60 characters
   */
  public static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
