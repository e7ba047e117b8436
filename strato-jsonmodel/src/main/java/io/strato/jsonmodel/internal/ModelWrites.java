package io.strato.jsonmodel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBException;
import io.strato.db.RunResult;
import io.strato.db.StratoException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The writes of a model: one row per set (insert or upsert), the read-modify-write of an
 * update (a shallow merge), delete, id change, with constraint failures translated into
 * {@link StratoException}s that say what happened (an existing id, a unique value taken) and
 * name the model. Immutable and thread-safe.
 */
public final class ModelWrites {
  private final DB db;
  private final String model;
  private final ResolvedColumn id;
  private final TableSql table;
  private final RowWriter writer;
  private final ItemCodec<?> items;
  /** Reads a stored row back (as get would) when SQLite computes selected values. */
  private final Function<Object, ObjectNode> reread;

  /**
   * Creates the writes of a model.
   *
   * @param db the database
   * @param model the model name
   * @param id the id column
   * @param table the table SQL
   * @param writer item tree → row values
   * @param items the item codec (binding ids)
   * @param reread reads the stored tree of an id, or null when nothing needs re-reading
   */
  public ModelWrites(DB db, String model, ResolvedColumn id, TableSql table, RowWriter writer, ItemCodec<?> items,
      Function<Object, ObjectNode> reread) {
    this.db = db;
    this.model = model;
    this.id = id;
    this.table = table;
    this.writer = writer;
    this.items = items;
    this.reread = reread;
  }

  /**
   * Writes an item's tree as one row.
   *
   * @param tree the tree (owned by this call; changed)
   * @param insertOnly fail when the id exists
   * @return the stored tree, as a read would return it
   */
  public ObjectNode set(ObjectNode tree, boolean insertOnly) {
    RowWriter.Prepared p = writer.prepare(tree);
    RunResult r;
    try {
      r = db.prepare(insertOnly ? table.insert() : table.upsert()).run(p.params().toArray());
    } catch (DBException e) {
      throw writeError(e, p.id(), insertOnly);
    }
    if (p.id() == null) {
      p.item().put(id.name(), r.lastId());
    }
    if (reread != null) {
      // Selected virtual/sql columns are computed by SQLite: read the row back so the result
      // is what get() returns.
      ObjectNode stored = reread.apply(Values.toJava(p.item().get(id.name())));
      return stored == null ? p.item() : stored;
    }
    return p.item();
  }

  private RuntimeException writeError(DBException e, Object idValue, boolean insertOnly) {
    if (e.primaryCode() == DBException.SQLITE_CONSTRAINT) {
      String what = insertOnly && String.valueOf(e.getMessage()).contains("." + id.name())
          ? "an object with id '" + idValue + "' already exists"
          : "a unique constraint failed for id '" + idValue + "'";
      return new StratoException("JsonModel '" + model + "': " + what + " (" + e.getMessage() + ")", e);
    }
    return e;
  }

  /**
   * Deletes by id; nothing when missing.
   *
   * @param idValue the id
   */
  public void remove(Object idValue) {
    db.prepare(table.deleteById()).run(items.bindable(idValue));
  }

  /**
   * Renames an id.
   *
   * @param oldId the current id
   * @param newId the new id
   * @throws StratoException when oldId is missing or newId taken
   */
  public void changeId(Object oldId, Object newId) {
    long changed;
    try {
      changed = db.prepare(table.changeId()).run(items.bindable(newId), items.bindable(oldId)).changes();
    } catch (DBException e) {
      if (e.primaryCode() == DBException.SQLITE_CONSTRAINT) {
        throw new StratoException("JsonModel '" + model + "': changeId: id '" + newId + "' is already taken", e);
      }
      throw e;
    }
    if (changed == 0) {
      throw new StratoException("JsonModel '" + model + "': changeId: no object with id '" + oldId + "'");
    }
  }

  /** The steps of an update that a model may override: read, merge, write. */
  public interface TreeSteps {
    /**
     * @param id an id
     * @return the stored tree, or empty
     */
    Optional<ObjectNode> read(Object id);

    /**
     * @param base a tree (changed)
     * @param changes the changes
     * @return base with the changes
     */
    ObjectNode merge(ObjectNode base, Map<String, ?> changes);

    /**
     * @param tree the tree to write
     * @param insertOnly fail when the id exists
     * @return the stored tree
     */
    ObjectNode write(ObjectNode tree, boolean insertOnly);
  }

  /**
   * The read-modify-write of an update, on trees.
   *
   * @param changes the changes, including the id unless upsert
   * @param upsert create the object when missing (without an id: a new object, id generated)
   * @param steps the model's read, merge and write
   * @return the stored tree
   * @throws IllegalArgumentException when changes is null, or the id is missing and not upsert
   * @throws StratoException when the object is missing and not upsert
   */
  public ObjectNode update(Map<String, ?> changes, boolean upsert, TreeSteps steps) {
    if (changes == null) {
      throw new IllegalArgumentException("JsonModel '" + model + "': update needs a map of changes");
    }
    Object idValue = changes.get(id.name());
    if (idValue == null) {
      if (!upsert) {
        throw new IllegalArgumentException("JsonModel '" + model + "': update needs the id ('" + id.name()
            + "'); only an upsert may leave it out");
      }
      // As in strato-db for JS: an upsert without an id inserts a new object (id generated).
      return steps.write(steps.merge(items.newObject(), changes), true);
    }
    ObjectNode base = steps.read(idValue).orElse(null);
    if (base == null) {
      if (!upsert) {
        throw new StratoException("JsonModel '" + model + "': update: no object with id '" + idValue + "'");
      }
      base = items.newObject();
    }
    return steps.write(steps.merge(base, changes), false);
  }

  /**
   * Shallow-merges changes into a tree: null values remove keys.
   *
   * @param base the tree (changed)
   * @param changes the changes
   * @return base
   * @throws IllegalArgumentException for a null key
   */
  public ObjectNode merge(ObjectNode base, Map<String, ?> changes) {
    for (Map.Entry<String, ?> e : changes.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("JsonModel '" + model + "': update keys must not be null");
      }
      JsonNode v = items.toNode(e.getValue());
      if (v == null) {
        base.remove(e.getKey());
      } else {
        base.set(e.getKey(), v);
      }
    }
    return base;
  }

  /**
   * The id given directly or inside an item, map or tree.
   *
   * @param idOrObj an id or an item
   * @param itemClass the model's item class
   * @return the id
   * @throws IllegalArgumentException when null or the item has no id
   */
  public Object idOf(Object idOrObj, Class<?> itemClass) {
    Object found = idOrObj;
    if (idOrObj instanceof Map<?, ?> m) {
      found = m.get(id.name());
    } else if (idOrObj instanceof JsonNode n) {
      found = n.isObject() ? Values.toJava(n.get(id.name())) : Values.toJava(n);
    } else if (itemClass.isInstance(idOrObj) && !(idOrObj instanceof CharSequence)
        && !(idOrObj instanceof Number)) {
      found = Values.toJava(items.toTree(idOrObj).get(id.name()));
    }
    if (found == null) {
      throw new IllegalArgumentException("JsonModel '" + model + "': the object has no id ('" + id.name() + "')");
    }
    return found;
  }
}
