package io.strato.jsonmodel.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBException;
import io.strato.db.RunResult;
import io.strato.db.StratoException;
import io.strato.jsonmodel.Column;
import java.util.function.Function;

/**
 * The writes of a model: one row per set (insert or upsert), delete, id change, with
 * constraint failures translated into {@link StratoException}s that say what happened
 * (an existing id, a unique value taken) and name the model. Immutable and thread-safe.
 */
public final class ModelWrites {
  private final DB db;
  private final String model;
  private final Column id;
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
  public ModelWrites(DB db, String model, Column id, TableSql table, RowWriter writer, ItemCodec<?> items,
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
}
