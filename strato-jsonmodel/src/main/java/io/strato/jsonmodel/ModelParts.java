package io.strato.jsonmodel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.jsonmodel.internal.CursorCodec;
import io.strato.jsonmodel.internal.ItemCodec;
import io.strato.jsonmodel.internal.ModelReads;
import io.strato.jsonmodel.internal.ModelSearch;
import io.strato.jsonmodel.internal.ModelWrites;
import io.strato.jsonmodel.internal.ResolvedColumn;
import io.strato.jsonmodel.internal.RowMapper;
import io.strato.jsonmodel.internal.RowWriter;
import io.strato.jsonmodel.internal.SelectBuilder;
import io.strato.jsonmodel.internal.TableSql;
import java.util.Map;
import java.util.Optional;

/**
 * The parts a {@link JsonModel} delegates to, each with one job, wired together once per
 * model: reads by id/value, searches (pages, cursors, totals, counts, aggregates), writes
 * (with constraint-error translation), the batching loader, and the SQL and row mapping they
 * share; plus the checks of the arguments the model's public methods take. Immutable.
 *
 * @param <T> the item type
 */
final class ModelParts<T> {
  final String name;
  final Map<String, ResolvedColumn> columns;
  final ResolvedColumn id;
  final TableSql table;
  final SelectBuilder selects;
  final RowWriter writer;
  final ItemCodec<T> items;
  final ModelReads<T> reads;
  final ModelSearch<T> searches;
  final ModelWrites writes;
  final CachedReads<T> cached;
  /** The model's own (overridable) read, merge and write, for the read-modify-write of updates. */
  final ModelWrites.TreeSteps steps;

  ModelParts(DB db, ModelConfig<T> config, JsonModel<T> model) {
    name = config.name();
    columns = config.resolvedColumns();
    id = columns.get(config.idCol());
    RowMapper rows = new RowMapper(name, config.objectMapper());
    // Slugs are checked through the reads, created below (a write happens after construction).
    writer = new RowWriter(name, columns, config.idCol(), config.objectMapper(), rows,
        this::slugTaken);
    table = new TableSql(name, id, config.keepRowId(), writer.realColumns());
    CursorCodec cursors = new CursorCodec(config.objectMapper());
    selects = new SelectBuilder(name, columns, table.tiebreakSql(), cursors);
    items = new ItemCodec<>(name, config.itemClass(), config.objectMapper(), rows);
    reads = new ModelReads<>(db, name, config.objectMapper(), items, rows, selects, id);
    searches = new ModelSearch<>(db, name, columns, items, selects, cursors);
    // Selected virtual/sql columns are computed by SQLite: a write reads its row back for them.
    boolean reread = selects.selected(SearchOptions.options()).stream().anyMatch(c -> !c.real());
    writes = new ModelWrites(db, name, id, table, writer, items, reread ? i -> model.getTree(i).orElse(null) : null);
    cached = new CachedReads<>(model, config.batchWindow().toNanos(), model::getAll);
    steps = new ModelWrites.TreeSteps() {
      @Override
      public Optional<ObjectNode> read(Object i) {
        return model.getTree(i);
      }

      @Override
      public ObjectNode merge(ObjectNode base, Map<String, ?> changes) {
        return model.merge(base, changes);
      }

      @Override
      public ObjectNode write(ObjectNode tree, boolean insertOnly) {
        return model.setTree(tree, insertOnly);
      }
    };
  }

  private boolean slugTaken(ResolvedColumn c, String slug, Object selfId) {
    return reads.takenByOther(c, slug, selfId);
  }

  /** A non-null id or value, else an IllegalArgumentException saying which call needs it. */
  Object value(Object v, String what) {
    if (v == null) {
      throw new IllegalArgumentException("JsonModel '" + name + "': " + what + " needs a non-null id/value");
    }
    return v;
  }

  /** A non-null cache. */
  LoaderCache cache(LoaderCache cache, String what) {
    if (cache == null) {
      throw new IllegalArgumentException("JsonModel '" + name + "': " + what + " needs a LoaderCache");
    }
    return cache;
  }

  /** A column of the model by name, else "Unknown column x". */
  ResolvedColumn column(String column) {
    ResolvedColumn c = column == null ? null : columns.get(column);
    if (c == null) {
      throw new IllegalArgumentException("JsonModel '" + name + "': Unknown column " + column);
    }
    return c;
  }

  /** Options for a set: insertOnly/noReturn. */
  void setOptions(WriteOptions options) {
    if (options == null || options.isUpsert()) {
      throw new IllegalArgumentException("JsonModel '" + name + "': set takes insertOnly/noReturn options, not "
          + options);
    }
  }

  /** Options for an update: upsert/noReturn. */
  void updateOptions(WriteOptions options) {
    if (options == null || options.isInsertOnly()) {
      throw new IllegalArgumentException("JsonModel '" + name + "': update takes upsert/noReturn options, not "
          + options);
    }
  }

  /**
   * The options of a COUNT, EXISTS or aggregate, or shared empty ones for null (these calls
   * only read options; a new SearchOptions per call was a measurable part of a count).
   */
  static SearchOptions orNone(SearchOptions o) {
    return o == null ? io.strato.jsonmodel.internal.FilteredSelects.NO_OPTIONS : o;
  }

  /** The options, or empty ones for null. */
  static SearchOptions orDefault(SearchOptions o) {
    return o == null ? SearchOptions.options() : o;
  }
}
