package io.strato.jsonmodel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.StratoException;
import io.strato.jsonmodel.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Turns an item's JSON tree into the values of one table row: fills in the id, computes
 * {@code value}/{@code slugValue}/{@code default}/{@code required}/{@code falsyBool} columns,
 * takes real columns' values out of the JSON (applying {@code stringify} and type checks) and
 * writes the rest as the {@code json} column. Immutable and thread-safe.
 */
public final class RowWriter {
  private final String model;
  private final ResolvedColumn id;
  private final List<ResolvedColumn> computed;
  private final List<ResolvedColumn> real;
  /** Error-message prefixes, built once: writes are a hot path. */
  private final String[] labels;
  private final String idLabel;
  private final String modelLabel;
  private final int[] extractOrder;
  private final ObjectMapper mapper;
  private final RowMapper reader;
  private final SlugLookup slugs;

  /** Tells whether a slug is used by another item. */
  @FunctionalInterface
  public interface SlugLookup {
    /**
     * Whether the slug is taken.
     *
     * @param column the slug column
     * @param slug the candidate
     * @param selfId the id of the item being written (its own slug is not "taken")
     * @return true when another item has it
     */
    boolean taken(ResolvedColumn column, String slug, Object selfId);
  }

  /**
   * The row values of one item.
   *
   * @param id the id value to bind (null for an INTEGER id SQLite assigns)
   * @param params the values of {@link #realColumns()}, in order
   * @param item the item as a read would return it (the id is missing when SQLite assigns it)
   */
  public record Prepared(Object id, List<Object> params, ObjectNode item) {}

  /**
   * Creates a writer.
   *
   * @param model the model name
   * @param columns the columns (id first, json last)
   * @param idCol the id column name
   * @param mapper the object mapper
   * @param reader the row mapper (for the read form of written values)
   * @param slugs the slug lookup
   */
  public RowWriter(String model, Map<String, ResolvedColumn> columns, String idCol, ObjectMapper mapper,
      RowMapper reader, SlugLookup slugs) {
    this.model = model;
    this.id = columns.get(idCol);
    this.mapper = mapper;
    this.reader = reader;
    this.slugs = slugs;
    List<ResolvedColumn> comp = new ArrayList<>();
    List<ResolvedColumn> r = new ArrayList<>();
    for (ResolvedColumn c : columns.values()) {
      if (c != id && !c.path().isEmpty() && (c.value() != null || c.defaultValue() != null || c.required()
          || c.falsyBool())) {
        comp.add(c);
      }
      if (c.real()) {
        r.add(c);
      }
    }
    this.computed = List.copyOf(comp);
    this.real = List.copyOf(r);
    this.labels = real.stream().map(this::where).toArray(String[]::new);
    this.idLabel = where(id);
    this.modelLabel = "JsonModel '" + model + "'";
    // Deeper paths are taken out of the object first, so a real column inside a real JSON
    // column (info.name in info) gets its value before the parent takes the rest; the json
    // column (empty path) comes last and stores what is left.
    this.extractOrder = IntStream.range(0, real.size()).boxed()
        .sorted(Comparator.comparingInt((Integer i) -> real.get(i).parts().size()).reversed())
        .mapToInt(Integer::intValue).toArray();
  }

  /**
   * The real columns in the order of {@link Prepared#params()} (the id first, json last).
   *
   * @return the columns
   */
  public List<ResolvedColumn> realColumns() {
    return real;
  }

  /**
   * Prepares the row of an item.
   *
   * @param obj the item's tree; it is changed (owned by the caller, not shared)
   * @return the row values and the item as read back
   * @throws IllegalArgumentException when a value is missing, of the wrong type, or cannot
   *     be written
   * @throws StratoException when a value function fails
   */
  public Prepared prepare(ObjectNode obj) {
    Object idValue = fillId(obj);
    Map<ResolvedColumn, JsonNode> hidden = computeValues(obj, idValue);
    Object[] params = new Object[real.size()];
    JsonNode[] readBack = new JsonNode[real.size()];
    for (int i : extractOrder) {
      ResolvedColumn c = real.get(i);
      if (c.path().isEmpty()) {
        params[i] = Values.writeJson(obj, mapper, modelLabel);
        continue;
      }
      // A real column with get(false) is not put back when reading, so its value stays in the
      // json too (otherwise it would be lost on the next read-modify-write); get(true) columns
      // are stored only in their column.
      JsonNode node = !c.get() ? (hidden.containsKey(c) ? hidden.get(c) : JsonPaths.get(obj, c.parts()))
          : JsonPaths.remove(obj, c.parts());
      Object plain = Values.toJava(node);
      if (c.stringify() != null) {
        plain = c.stringify().apply(plain);
      }
      if (c.alwaysObject() && plain instanceof JsonNode n && n.isObject() && n.isEmpty()) {
        plain = null;
      }
      Object sqlValue = Values.toSql(plain, c.type(), mapper, labels[i]);
      params[i] = sqlValue;
      readBack[i] = c.get() ? readForm(c, node, plain, sqlValue) : null;
    }
    // put back parents before their children
    for (int k = extractOrder.length - 1; k >= 0; k--) {
      int i = extractOrder[k];
      ResolvedColumn c = real.get(i);
      if (!c.path().isEmpty() && c.get()) {
        JsonPaths.set(obj, c.parts(), readBack[i]);
      }
    }
    return new Prepared(idValue, Arrays.asList(params), obj);
  }

  /**
   * Computes the computed columns' values (value/slugValue functions, defaults, required,
   * falsyBool) and puts them into the item at their paths, except for hidden real columns.
   *
   * @return the values of hidden real columns ({@code get(false)}), by column
   */
  private Map<ResolvedColumn, JsonNode> computeValues(ObjectNode obj, Object idValue) {
    // identity: a column is compared by identity anyway, and this skips hashCode calls
    Map<ResolvedColumn, JsonNode> hidden = new java.util.IdentityHashMap<>();
    for (ResolvedColumn c : computed) {
      JsonNode v = computedValue(c, obj, idValue);
      if (c.real() && !c.get()) {
        // A hidden real column's computed value goes only into the column (it is never read
        // back), as in strato-db for JS; the object's own value at the path is left alone.
        hidden.put(c, v);
      } else {
        JsonPaths.set(obj, c.parts(), v);
      }
    }
    return hidden;
  }

  private JsonNode computedValue(ResolvedColumn c, ObjectNode obj, Object idValue) {
    JsonNode cur = JsonPaths.get(obj, c.parts());
    JsonNode v;
    if (c.slug()) {
      v = cur != null ? cur : JsonNodeFactory.instance.textNode(slug(c, obj, idValue));
    } else if (c.value() != null) {
      v = Values.toNode(call(c, obj), mapper);
    } else {
      v = cur;
    }
    if (v == null && c.defaultValue() != null) {
      v = Values.toNode(c.defaultValue(), mapper);
    }
    if (v == null && c.required()) {
      throw new IllegalArgumentException(where(c) + ": a value is required");
    }
    if (c.falsyBool()) {
      v = Values.truthy(v) ? JsonNodeFactory.instance.booleanNode(true) : null;
    }
    return v;
  }

  private Object fillId(ObjectNode obj) {
    JsonNode cur = JsonPaths.get(obj, id.parts());
    if (cur == null) {
      if (id.slug()) {
        cur = JsonNodeFactory.instance.textNode(slug(id, obj, null));
      } else if (id.value() != null) {
        cur = Values.toNode(call(id, obj), mapper);
      } else if (id.type() == ColumnType.TEXT) {
        cur = JsonNodeFactory.instance.textNode(UUID.randomUUID().toString());
      }
      if (cur != null) {
        obj.set(id.name(), cur);
      }
    }
    if (cur != null && cur.isTextual() && cur.textValue().isEmpty()) {
      // An empty id is almost always a form field left blank; storing it would make one
      // object with id "" that every other blank overwrites.
      throw new IllegalArgumentException(where(id) + ": the id must not be an empty string (leave it out to get a new id)");
    }
    if (cur != null && cur.isContainerNode()) {
      throw new IllegalArgumentException(where(id) + ": an id must be a string or number, not " + cur.getNodeType());
    }
    if (cur != null && id.type() == ColumnType.INTEGER && !cur.canConvertToExactIntegral()
        && !(cur.isIntegralNumber() && cur.canConvertToLong())) {
      throw new IllegalArgumentException(where(id) + ": the id must be an integer, got " + Values.abbreviate(cur.toString()));
    }
    return cur == null ? null : Values.toSql(Values.toJava(cur), id.type(), mapper, idLabel);
  }

  private JsonNode readForm(ResolvedColumn c, JsonNode original, Object plain, Object sqlValue) {
    if (c.type() == ColumnType.JSON && c.parse() == null) {
      JsonNode n = plain instanceof JsonNode j ? j : original;
      return n == null && c.alwaysObject() ? JsonNodeFactory.instance.objectNode() : n;
    }
    Object asStored = sqlValue;
    if (c.type() == ColumnType.TEXT && sqlValue instanceof Number n) {
      asStored = n.toString();
    } else if (c.type() == ColumnType.INTEGER && sqlValue instanceof String s) {
      asStored = s.matches("-?\\d{1,18}") ? (Object) Long.parseLong(s) : Double.parseDouble(s);
    } else if (c.type() == ColumnType.REAL && sqlValue instanceof Number n) {
      asStored = n.doubleValue();
    }
    return reader.readColumn(c, asStored);
  }

  private String slug(ResolvedColumn c, ObjectNode obj, Object selfId) {
    Object text = call(c, obj);
    String base = Slugs.slugify(text == null ? null : text instanceof JsonNode n ? n.asText() : text.toString());
    return Slugs.unique(base, s -> slugs.taken(c, s, selfId));
  }

  private Object call(ResolvedColumn c, ObjectNode obj) {
    try {
      return c.value().apply(obj);
    } catch (IllegalArgumentException | StratoException e) {
      throw e;
    } catch (Exception e) {
      throw new StratoException(where(c) + ": value function failed: " + e.getMessage(), e);
    }
  }

  private String where(ResolvedColumn c) {
    return "JsonModel '" + model + "', column '" + c.name() + "'";
  }
}
