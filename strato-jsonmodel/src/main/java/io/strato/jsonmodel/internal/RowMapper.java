package io.strato.jsonmodel.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.Row;
import io.strato.db.StratoException;
import io.strato.jsonmodel.Column;
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
  public ObjectNode toTree(Row row, List<Column> selected) {
    ObjectNode obj = null;
    for (Column c : selected) {
      if (c.path().isEmpty()) {
        obj = parseObject(row.get(c.alias()), c);
        break;
      }
    }
    if (obj == null) {
      obj = JsonNodeFactory.instance.objectNode();
    }
    for (Column c : selected) {
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

  private ObjectNode parseObject(Object raw, Column c) {
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
  public JsonNode readColumn(Column c, Object raw) {
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

  private JsonNode parseJson(Object raw, Column c) {
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
