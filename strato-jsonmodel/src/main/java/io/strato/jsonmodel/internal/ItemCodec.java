package io.strato.jsonmodel.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.Row;
import io.strato.db.StratoException;
import io.strato.jsonmodel.ColumnType;
import java.util.List;

/**
 * Converts between a model's items and what the database sees: item ↔ JSON tree, result row →
 * item, and caller-given ids or lookup values → bindable parameters. {@code JsonModel} keeps
 * the public surface; this class keeps the Jackson details (one bound {@link ObjectReader},
 * the one-parse text path for item classes, error messages naming the model).
 *
 * <p>Thread-safe: immutable after construction.
 *
 * @param <T> the item type
 */
public final class ItemCodec<T> {
  private final String model;
  private final String label;
  private final Class<T> itemClass;
  private final ObjectMapper mapper;
  private final ObjectReader reader;
  private final RowMapper rows;
  /** ObjectNode models get the tree itself; nothing to bind. */
  private final boolean plainTree;

  /**
   * Creates the codec of one model.
   *
   * @param model the model name, for messages
   * @param itemClass the item class
   * @param mapper the model's mapper
   * @param rows reads rows into trees and texts
   */
  public ItemCodec(String model, Class<T> itemClass, ObjectMapper mapper, RowMapper rows) {
    this.model = model;
    this.label = "JsonModel '" + model + "'";
    this.itemClass = itemClass;
    this.mapper = mapper;
    this.reader = mapper.readerFor(itemClass);
    this.rows = rows;
    this.plainTree = itemClass == ObjectNode.class;
  }

  /**
   * Whether rows of this selection can be mapped in one parse (see {@link RowMapper#toText}).
   *
   * @param selected the selected columns
   * @return true for item classes whose selection allows splicing
   */
  public boolean canSplice(List<ResolvedColumn> selected) {
    return !plainTree && RowMapper.canSplice(selected);
  }

  /**
   * An item as a fresh JSON tree (never the caller's own object).
   *
   * @param obj the item
   * @return its tree
   * @throws IllegalArgumentException when it does not map to a JSON object or nests too deeply
   */
  public ObjectNode toTree(Object obj) {
    Values.checkDepth(obj, label);
    if (obj instanceof ObjectNode n) {
      return n.deepCopy();
    }
    JsonNode n;
    try {
      n = mapper.valueToTree(obj);
    } catch (StackOverflowError e) {
      throw new IllegalArgumentException(label + ": " + obj.getClass().getName() + " is nested too deeply to map to JSON",
          e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(label + ": cannot map " + obj.getClass().getName() + " to JSON: "
          + e.getMessage(), e);
    }
    if (!(n instanceof ObjectNode o)) {
      throw new IllegalArgumentException(label + ": items must map to JSON objects, got "
          + (n == null ? "null" : n.getNodeType()));
    }
    return o;
  }

  /**
   * A JSON tree as an item.
   *
   * @param tree the tree (returned as is for ObjectNode models)
   * @return the item
   * @throws StratoException when the tree does not map to the item class
   */
  public T fromTree(ObjectNode tree) {
    if (plainTree) {
      return itemClass.cast(tree);
    }
    try {
      return reader.readValue(tree);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new StratoException(label + ": cannot map stored object to " + itemClass.getSimpleName() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * One result row as an item: with {@code splice}, the stored JSON text plus the column values
   * is mapped in one parse; otherwise (or when a key repeats) through the merged tree.
   *
   * @param r the row
   * @param selected the selected columns
   * @param splice whether {@link #canSplice} holds for the selection
   * @return the item
   * @throws StratoException when the stored object does not map to the item class
   */
  public T fromRow(Row r, List<ResolvedColumn> selected, boolean splice) {
    if (splice) {
      String text = rows.toText(r, selected);
      if (text != null) {
        try {
          return reader.readValue(text);
        } catch (JsonProcessingException e) {
          throw new StratoException(label + ": cannot map stored object to " + itemClass.getSimpleName() + ": "
              + e.getOriginalMessage(), e);
        }
      }
    }
    return fromTree(rows.toTree(r, selected));
  }

  /**
   * A new, empty object node from the model's mapper.
   *
   * @return the node
   */
  public ObjectNode newObject() {
    return mapper.createObjectNode();
  }

  /**
   * A Java value as a JSON node, with the model's mapper.
   *
   * @param v the value
   * @return the node, or null for null
   * @throws IllegalArgumentException when it cannot be mapped or nests too deeply
   */
  public JsonNode toNode(Object v) {
    Values.checkDepth(v, label);
    try {
      return Values.toNode(v, mapper);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(label + ": cannot map value to JSON: " + e.getMessage(), e);
    }
  }

  /**
   * An id or lookup value as a statement parameter.
   *
   * @param v a string, number, boolean, UUID, character, enum or scalar JSON node
   * @return the parameter
   * @throws IllegalArgumentException for null, objects, arrays and other types
   */
  public Object bindable(Object v) {
    if (v instanceof JsonNode n) {
      v = Values.toJava(n);
    }
    if (v instanceof CharSequence || v instanceof Number || v instanceof Boolean || v instanceof java.util.UUID
        || v instanceof Character || v instanceof Enum<?>) {
      return v instanceof Number n && !(n instanceof Long || n instanceof Integer || n instanceof Double)
          ? Values.toSql(n, ColumnType.BLOB, mapper, model) : v;
    }
    throw new IllegalArgumentException(label + ": an id or lookup value must be a string or number, not "
        + (v == null ? "null" : v.getClass().getName()));
  }

  /**
   * The key matching a value given by the caller with the value read from the column: SQLite
   * compares with the column's affinity (5 finds "5" in a TEXT column, "5" finds 5 in an
   * INTEGER one), so the keys must too.
   *
   * @param c the column looked up
   * @param v a value given or read
   * @return the comparable key
   */
  public static Object lookupKey(ResolvedColumn c, Object v) {
    Object k = Values.key(v);
    if (c.type() == ColumnType.TEXT && k instanceof Long) {
      return k.toString();
    }
    if ((c.type() == ColumnType.INTEGER || c.type() == ColumnType.NUMERIC) && k instanceof String s
        && s.matches("-?\\d{1,18}")) {
      return Long.parseLong(s);
    }
    return k;
  }
}
