package io.strato.jsonmodel.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.Row;
import io.strato.db.StratoException;
import io.strato.jsonmodel.ColumnType;
import java.util.List;

/**
 * Turns a result row into the item's JSON tree: the stored {@code json} object, with the
 * values of the other selected columns put back at their paths. Immutable and thread-safe.
 */
public final class RowMapper {
  private final String model;
  private final ObjectMapper mapper;

  /**
   * Creates a mapper.
   *
   * @param model the model name, for errors
   * @param mapper the model's object mapper
   */
  public RowMapper(String model, ObjectMapper mapper) {
    this.model = model;
    this.mapper = mapper;
  }

  /**
   * Maps one row.
   *
   * @param row the row
   * @param selected the selected columns (their aliases are in the row)
   * @return the item's tree
   * @throws StratoException when stored JSON is malformed
   */
  public ObjectNode toTree(Row row, List<ResolvedColumn> selected) {
    ObjectNode obj = null;
    for (ResolvedColumn c : selected) {
      if (c.path().isEmpty()) {
        obj = parseObject(row.get(c.alias()), c);
        break;
      }
    }
    if (obj == null) {
      obj = JsonNodeFactory.instance.objectNode();
    }
    for (ResolvedColumn c : selected) {
      if (!c.path().isEmpty()) {
        JsonNode v = readColumn(c, row.get(c.alias()));
        // A NULL column leaves the json as it is: rows written before a real column was added
        // to the model still hold the value in their json.
        if (v != null) {
          JsonPaths.set(obj, c.parts(), v);
        }
      }
    }
    return obj;
  }

  /**
   * Whether {@link #toText} can serve a selection: the json column is selected and every other
   * selected column sits at a top-level key that needs no escaping.
   *
   * @param selected the selected columns
   * @return true when items can be mapped from text
   */
  public static boolean canSplice(List<ResolvedColumn> selected) {
    boolean json = false;
    for (ResolvedColumn c : selected) {
      if (c.path().isEmpty()) {
        json = true;
      } else if (c.parts().size() != 1 || !PLAIN_KEY.matcher(c.path()).matches()) {
        return false;
      }
    }
    return json;
  }

  private static final java.util.regex.Pattern PLAIN_KEY = java.util.regex.Pattern.compile("[A-Za-z0-9_$]+");

  /**
   * The item as JSON text, without building a tree: the stored json with the other selected
   * columns' values appended as top-level keys, for mapping straight to the item class (one
   * parse instead of parse + tree walk). Only for selections where {@link #canSplice} holds.
   *
   * @param row the row
   * @param selected the selected columns
   * @return the text, or null when a key is already in the stored json (then map via
   *     {@link #toTree}, which merges by key)
   */
  public String toText(Row row, List<ResolvedColumn> selected) {
    String json = storedJson(row, selected);
    StringBuilder b;
    boolean empty;
    if (json == null) {
      b = new StringBuilder(64).append('{');
      empty = true;
    } else {
      int end = json.length() - 1;
      while (end >= 0 && Character.isWhitespace(json.charAt(end))) {
        end--;
      }
      if (end < 1 || json.charAt(end) != '}' || json.charAt(0) != '{') {
        return null;
      }
      b = new StringBuilder(json.length() + 64).append(json, 0, end);
      int k = end - 1;
      while (k > 0 && Character.isWhitespace(json.charAt(k))) {
        k--;
      }
      empty = k == 0;
    }
    return appendColumns(b, empty, json, row, selected) ? b.append('}').toString() : null;
  }

  /** The text of the selected json column, or null. */
  private static String storedJson(Row row, List<ResolvedColumn> selected) {
    for (ResolvedColumn c : selected) {
      if (c.path().isEmpty()) {
        Object raw = row.get(c.alias());
        return raw == null ? null : raw instanceof byte[] b
            ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : raw.toString();
      }
    }
    return null;
  }

  /**
   * Appends the other selected columns as top-level keys.
   *
   * @return false when one cannot be spliced (its key is in the stored json already, or its
   *     value is not plain)
   */
  private boolean appendColumns(StringBuilder b, boolean empty, String json, Row row, List<ResolvedColumn> selected) {
    for (ResolvedColumn c : selected) {
      if (c.path().isEmpty()) {
        continue;
      }
      Object raw = row.get(c.alias());
      boolean plain = c.parse() == null && !c.falsyBool() && !c.alwaysObject();
      JsonNode v = plain && raw != null ? null : readColumn(c, raw);
      if (v == null && (raw == null || !plain)) {
        continue; // as toTree: nothing to put there (a NULL, or a conversion/falsyBool that gave none)
      }
      String key = '"' + c.path() + '"';
      if (json != null && json.contains(key)) {
        return false;
      }
      b.append(empty ? "" : ",").append(key).append(':');
      if (v != null) {
        b.append(v);
      } else if (!appendPlain(b, raw, c.type() == ColumnType.JSON)) {
        return false;
      }
      empty = false;
    }
    return true;
  }

  /**
   * Appends a value read from SQLite as JSON without going through Jackson's writer (which
   * dominates this path): numbers as digits, text quoted and escaped, JSON columns as they are.
   *
   * @return false for values it does not handle (the caller then maps through the tree)
   */
  private static boolean appendPlain(StringBuilder b, Object raw, boolean jsonColumn) {
    if (raw instanceof Long || raw instanceof Integer) {
      b.append(raw);
      return true;
    }
    if (raw instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        return false;
      }
      b.append(d);
      return true;
    }
    if (raw instanceof String str) {
      if (jsonColumn) {
        b.append(str);
        return true;
      }
      b.append('"');
      for (int i = 0; i < str.length(); i++) {
        char ch = str.charAt(i);
        if (ch == '"' || ch == '\\') {
          b.append('\\').append(ch);
        } else if (ch < 0x20) {
          b.append(String.format("\\u%04x", (int) ch));
        } else {
          b.append(ch);
        }
      }
      b.append('"');
      return true;
    }
    return false;
  }

  private ObjectNode parseObject(Object raw, ResolvedColumn c) {
    if (raw == null) {
      return null;
    }
    JsonNode n = parseJson(raw, c);
    if (n != null && !n.isObject()) {
      throw new StratoException("JsonModel '" + model + "': stored json is not an object: "
          + Values.abbreviate(String.valueOf(raw)));
    }
    return (ObjectNode) n;
  }

  /**
   * The item value of a column as read from the database: JSON parsed, {@code parse}
   * applied, falsyBool turned into true/absent.
   *
   * @param c the column
   * @param raw the value read (Long, Double, String, byte[] or null)
   * @return the value for the item, or null for none
   */
  public JsonNode readColumn(ResolvedColumn c, Object raw) {
    if (c.type() == ColumnType.JSON) {
      JsonNode n = raw == null ? null : parseJson(raw, c);
      if (n == null && c.alwaysObject()) {
        n = JsonNodeFactory.instance.objectNode();
      }
      if (c.parse() != null) {
        return Values.toNode(c.parse().apply(n), mapper);
      }
      return n;
    }
    if (c.falsyBool()) {
      return Values.truthy(raw) ? JsonNodeFactory.instance.booleanNode(true) : null;
    }
    Object v = c.parse() != null ? c.parse().apply(raw) : raw;
    return Values.toNode(v, mapper);
  }

  private JsonNode parseJson(Object raw, ResolvedColumn c) {
    if (raw instanceof Number n) {
      return Values.toNode(n, mapper);
    }
    String text = raw instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : raw.toString();
    try {
      return mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new StratoException("JsonModel '" + model + "', column '" + c.name() + "': malformed JSON in the database: "
          + e.getOriginalMessage(), e);
    }
  }
}
