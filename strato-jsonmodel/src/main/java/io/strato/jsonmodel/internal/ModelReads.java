package io.strato.jsonmodel.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.jsonmodel.ColumnType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lookups of a model by id or column value: one row, many rows in the order asked for
 * (one query), existence. The SQL comes from {@link SelectBuilder}'s fixed shapes (prepared
 * and cached by the DB). Immutable and thread-safe.
 *
 * @param <T> the item type
 */
public final class ModelReads<T> {
  private final DB db;
  private final String model;
  private final ObjectMapper mapper;
  private final ItemCodec<T> items;
  private final RowMapper rows;
  private final SelectBuilder selects;
  private final List<ResolvedColumn> selected;
  /** Whether the default columns can be spliced into the JSON text (one parse per item). */
  private final boolean splice;
  private final ResolvedColumn id;
  private final String byId;
  private final String existsById;
  /** Per column name: the fixed lookups, built once (getAll/getCached run them per batch). */
  private final Map<String, String> byColumn = new HashMap<>();
  private final Map<String, String> byValues = new HashMap<>();

  /**
   * Creates the reads of a model.
   *
   * @param db the database
   * @param model the model name
   * @param mapper the model's mapper
   * @param items the item codec
   * @param rows the row mapper
   * @param selects the SQL shapes
   * @param id the id column
   */
  public ModelReads(DB db, String model, ObjectMapper mapper, ItemCodec<T> items, RowMapper rows,
      SelectBuilder selects, ResolvedColumn id) {
    this.db = db;
    this.model = model;
    this.mapper = mapper;
    this.items = items;
    this.rows = rows;
    this.selects = selects;
    this.selected = selects.selected(io.strato.jsonmodel.SearchOptions.options());
    this.splice = items.canSplice(selected);
    this.id = id;
    this.byId = selects.byId();
    this.existsById = selects.existsById();
    for (ResolvedColumn c : selects.columns().values()) {
      byColumn.put(c.name(), selects.byColumn(c));
      byValues.put(c.name(), selects.byValues(c));
    }
  }

  /**
   * The item with this id.
   *
   * @param value the id (not null)
   * @return the item or empty
   */
  public Optional<T> get(Object value) {
    // Straight from the row to the item (one parse for item classes), not through a tree.
    return db.prepare(byId).get(items.bindable(value)).map(this::item);
  }

  /**
   * The first item whose column has this value.
   *
   * @param value the value (not null)
   * @param c the column
   * @return the item or empty
   */
  public Optional<T> get(Object value, ResolvedColumn c) {
    if (c == id) {
      return get(value);
    }
    return db.prepare(byColumn.get(c.name())).get(items.bindable(value)).map(this::item);
  }

  /**
   * The JSON tree of the item with this id.
   *
   * @param value the id (not null)
   * @return the tree or empty
   */
  public Optional<ObjectNode> getTree(Object value) {
    return db.prepare(byId).get(items.bindable(value)).map(r -> rows.toTree(r, selected));
  }

  /**
   * For each value, the first item whose column has it, null where none; one query.
   *
   * @param values the values
   * @param c the column
   * @return a mutable list, in the order of the values
   */
  public List<T> getAll(Collection<?> values, ResolvedColumn c) {
    List<T> out = new ArrayList<>(Collections.nCopies(values.size(), null));
    if (values.isEmpty()) {
      return out;
    }
    List<Object> keys = new ArrayList<>(values.size());
    for (Object v : values) {
      Object b = v == null ? null : items.bindable(v);
      // json_each values have no TEXT affinity: a number would not find "5" in a TEXT index
      keys.add(b instanceof Number && c.type() == ColumnType.TEXT ? b.toString() : b);
    }
    String json;
    try {
      json = mapper.writeValueAsString(keys);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JsonModel '" + model + "': cannot serialise ids: " + e.getMessage(), e);
    }
    Map<Object, T> found = new HashMap<>();
    for (Row r : db.prepare(byValues.get(c.name())).all(json)) {
      found.putIfAbsent(ItemCodec.lookupKey(c, r.get("_k")), item(r));
    }
    int i = 0;
    for (Object v : values) {
      out.set(i++, v == null ? null : found.get(ItemCodec.lookupKey(c, v)));
    }
    return out;
  }

  /**
   * Whether an item with this id exists.
   *
   * @param value the id (not null)
   * @return true when it exists
   */
  public boolean exists(Object value) {
    return db.prepare(existsById).get(items.bindable(value)).isPresent();
  }

  /**
   * Whether a row other than {@code selfId}'s holds this value in the column.
   *
   * @param c the column
   * @param value the value
   * @param selfId the id of the row being written, or null
   * @return true when taken
   */
  public boolean takenByOther(ResolvedColumn c, Object value, Object selfId) {
    return db.prepare(selects.valueTakenByOther(c)).get(value, selfId).isPresent();
  }

  private T item(Row r) {
    return items.fromRow(r, selected, splice);
  }
}
