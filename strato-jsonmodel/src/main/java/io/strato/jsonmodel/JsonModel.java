package io.strato.jsonmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBException;
import io.strato.db.DBModel;
import io.strato.db.StratoException;
import io.strato.jsonmodel.internal.CursorCodec;
import io.strato.jsonmodel.internal.ItemCodec;
import io.strato.jsonmodel.internal.ModelReads;
import io.strato.jsonmodel.internal.ModelSearch;
import io.strato.jsonmodel.internal.ModelWrites;
import io.strato.jsonmodel.internal.RowMapper;
import io.strato.jsonmodel.internal.RowWriter;
import io.strato.jsonmodel.internal.SelectBuilder;
import io.strato.jsonmodel.internal.TableSql;
import io.strato.jsonmodel.internal.Values;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * JSON documents in one SQLite table: an id column, a {@code json} column holding the rest
 * of the object, and the real columns the model defines; virtual columns search inside the
 * JSON. Items are Jackson-mapped objects of the model's item class, or {@link ObjectNode}s.
 *
 * <pre>{@code
 * record User(String id, String name, String email, List<String> tags) {}
 *
 * JsonModel<User> users = db.addModel(d -> new JsonModel<>(d, ModelConfig.builder("users", User.class)
 *     .column("email", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
 *     .column("tags", column().isArray())
 *     .build()));
 * User u = users.set(new User(null, "Ada", "ada@example.com", List.of("admin")));  // id generated
 * Page<User> admins = users.search(Map.of("tags", "admin"), options().sort("email", 1).limit(20));
 * Page<User> next = users.search(Map.of("tags", "admin"), options().sort("email", 1).limit(20).cursor(admins.cursor()));
 * }</pre>
 *
 * <h2>Table</h2>
 * The table is created, and evolved when columns or indexes are added to the model, by
 * migrations registered on the DB under the model's name, with the run keys strato-db for
 * JavaScript uses: {@code 0} (table), {@code 0_<name>} (one per real column, with its index),
 * {@code 1_<name>} (one per virtual column, with its index), and the model's own migrations
 * (in key order; a model migration may not use a column's key). An index added to an existing
 * column is created at the next open. Create models before the DB opens.
 *
 * <h2>Threading</h2>
 * A model is immutable apart from its DB and is safe to share between threads; every call
 * runs on the calling thread through the DB (see {@link DB} for the connection model). A
 * read-modify-write such as {@link #update(Map)} runs in a transaction.
 *
 * <h2>Errors</h2>
 * Invalid arguments (unknown columns, wrong value types, malformed cursors, null ids) throw
 * {@link IllegalArgumentException}; a missing object for update/changeId, an existing id for
 * an insert-only set, malformed JSON in the database and SQLite failures throw
 * {@link StratoException} (SQLite failures as {@link DBException}). Messages name the model
 * and column.
 *
 * <h2>Full-text search</h2>
 * A {@link ColumnDef#fullText()} column is searched with an FTS5 query in the attributes;
 * {@link SearchOptions#sortByRank(String, int)} ranks by relevance and {@link #searchHits}
 * returns highlighted snippets with the items.
 *
 * <h2>Overriding</h2>
 * {@link #makeSelect} is the one place search SQL is built; subclasses may override it (for
 * example to add a tenant condition to every search).
 *
 * @param <T> the item type
 */
public class JsonModel<T> implements DBModel {
  private static final int EACH_BATCH = 500;

  private final DB db;
  private final ModelConfig<T> config;
  private final String name;
  private final ObjectMapper mapper;
  private final Map<String, Column> columns;
  private final Column idColumn;
  private final SelectBuilder selects;
  private final RowWriter writer;
  /** Bound once: resolving the item type per read is measurable on hot paths. */
  private final ItemCodec<T> items;
  private final ModelReads<T> reads;
  private final ModelSearch<T> searches;
  private final ModelWrites writes;
  private final CachedReads<T> cached;

  /**
   * Creates the model on a DB and registers its table migrations; the table is created when
   * the DB opens.
   *
   * @param db the database (not opened yet)
   * @param config the model definition
   * @throws IllegalArgumentException when db or config is null
   * @throws StratoException when the DB already ran its migrations
   */
  public JsonModel(DB db, ModelConfig<T> config) {
    if (db == null || config == null) {
      throw new IllegalArgumentException("JsonModel: db and config must not be null");
    }
    this.db = db;
    this.config = config;
    this.name = config.name();
    this.mapper = config.objectMapper();
    this.columns = config.columns();
    this.idColumn = columns.get(config.idCol());
    RowMapper rows = new RowMapper(name, mapper);
    this.writer = new RowWriter(name, columns, config.idCol(), mapper, rows,
        this::slugTaken);
    TableSql table = new TableSql(name, idColumn, config.keepRowId(), writer.realColumns());
    CursorCodec cursors = new CursorCodec(mapper);
    this.selects = new SelectBuilder(name, columns, table.tiebreakSql(), cursors);
    this.items = new ItemCodec<>(name, config.itemClass(), mapper, rows);
    this.reads = new ModelReads<>(db, name, mapper, items, rows, selects, idColumn);
    this.searches = new ModelSearch<>(db, name, columns, items, selects, cursors);
    boolean reread = selects.selected(SearchOptions.options()).stream().anyMatch(c -> !c.real());
    this.writes = new ModelWrites(db, name, idColumn, table, writer, items,
        reread ? id -> getTree(id).orElse(null) : null);
    this.cached = new CachedReads<>(this, config.batchWindow().toNanos(), (ids, col) -> getAll(ids, col));
    ModelMigrations.register(this, table);
    if (!db.isReadOnly()) {
      db.runOnceOnOpen(d -> table.ensureIndexes(d, columns));
    }
  }

  // ---------------------------------------------------------------- accessors

  /**
   * The model (and table) name.
   *
   * @return the name
   */
  @Override
  public String name() {
    return name;
  }

  /**
   * The id column name.
   *
   * @return the name
   */
  public String idCol() {
    return idColumn.name();
  }

  /**
   * The database.
   *
   * @return the DB
   */
  public DB db() {
    return db;
  }

  /**
   * The resolved columns (id first, {@code json} last).
   *
   * @return an unmodifiable map
   */
  public Map<String, Column> columns() {
    return columns;
  }

  /**
   * The model's definition.
   *
   * @return the config
   */
  public ModelConfig<T> config() {
    return config;
  }

  /**
   * The model's Jackson mapper.
   *
   * @return the mapper
   */
  public ObjectMapper objectMapper() {
    return mapper;
  }

  // ---------------------------------------------------------------- reads

  /**
   * The item with this id.
   *
   * @param id the id
   * @return the item, or empty when missing
   * @throws IllegalArgumentException when id is null
   */
  public Optional<T> get(Object id) {
    return reads.get(requireValue(id, "get"));
  }

  /**
   * The first item whose column has this value.
   *
   * @param value the value
   * @param column a column name
   * @return the item, or empty when none
   * @throws IllegalArgumentException for a null value or an unknown column
   */
  public Optional<T> get(Object value, String column) {
    Column c = column(column);
    return reads.get(requireValue(value, "get"), c);
  }

  /**
   * The JSON tree of the item with this id, as {@link #get(Object)} would map it.
   *
   * @param id the id
   * @return the tree, or empty when missing
   * @throws IllegalArgumentException when id is null
   */
  protected Optional<ObjectNode> getTree(Object id) {
    return reads.getTree(requireValue(id, "get"));
  }

  /**
   * The items with these ids, in the same order, with null where an id is missing; one query.
   *
   * @param ids the ids
   * @return the items (a mutable list that may hold nulls)
   * @throws IllegalArgumentException when ids is null
   */
  public List<T> getAll(Collection<?> ids) {
    return getAll(ids, idColumn.name());
  }

  /**
   * For each value, the first item whose column has it, in the same order, null where none;
   * one query.
   *
   * @param values the values
   * @param column a column name
   * @return the items (a mutable list that may hold nulls)
   * @throws IllegalArgumentException when values is null or the column unknown
   */
  public List<T> getAll(Collection<?> values, String column) {
    if (values == null) {
      throw new IllegalArgumentException("JsonModel '" + name + "': getAll needs a collection of ids");
    }
    return reads.getAll(values, column(column));
  }

  /**
   * The item with this id, batched with concurrent lookups in the same cache (DataLoader
   * style: lookups arriving within the batch window, or while the previous batch loads,
   * become one {@link #getAll} of at most 100 ids) and memoised in the cache.
   *
   * @param cache the per-request cache
   * @param id the id
   * @return the item, or null when missing
   * @throws IllegalArgumentException when cache or id is null
   */
  public T getCached(LoaderCache cache, Object id) {
    return getCached(cache, id, idColumn.name());
  }

  /**
   * Like {@link #getCached(LoaderCache, Object)}, by another column.
   *
   * @param cache the per-request cache
   * @param value the value
   * @param column a column name
   * @return the item, or null when none
   * @throws IllegalArgumentException when cache or value is null, or the column unknown
   */
  public T getCached(LoaderCache cache, Object value, String column) {
    requireCache(cache, "getCached");
    requireValue(value, "getCached");
    return cached.load(cache, value, column(column).name());
  }

  /**
   * Forgets everything this model memoised in the cache.
   *
   * @param cache the cache
   * @throws IllegalArgumentException when cache is null
   */
  public void clearCache(LoaderCache cache) {
    cached.clear(requireCache(cache, "clearCache"));
  }

  /**
   * Forgets one id this model memoised in the cache (looked up by id).
   *
   * @param cache the cache
   * @param id the id
   * @throws IllegalArgumentException when cache or id is null
   */
  public void clearCache(LoaderCache cache, Object id) {
    cached.clear(requireCache(cache, "clearCache"), requireValue(id, "clearCache"), idColumn.name());
  }

  // ---------------------------------------------------------------- searches

  /**
   * Searches; see {@link SearchOptions}. With a limit, the page carries a cursor when more
   * rows follow (one extra row is read to know) and a prevCursor when rows precede it;
   * passing either to {@link SearchOptions#cursor(String)} with the same attributes and sort
   * continues exactly there.
   *
   * @param attrs column name → value (null values ignored; AND-ed; a full-text column takes
   *     an FTS5 query); may be null
   * @param options the options; may be null
   * @return the page
   * @throws IllegalArgumentException for unknown columns, wrong value types, a bad cursor or a
   *     malformed full-text query
   */
  public Page<T> search(Map<String, ?> attrs, SearchOptions options) {
    SearchOptions o = orDefault(options);
    return searches.page(attrs, o, makeSelect(attrs, o));
  }

  /**
   * Searches like {@link #search}, returning each item with the {@code bm25} score of every
   * searched full-text column and the snippets asked for with
   * {@link SearchOptions#snippet(String)}; cursors and totals work as for {@link #search}.
   *
   * <pre>{@code
   * Page<Hit<Doc>> page = docs.searchHits(Map.of("body", "quick fox"),
   *     options().sortByRank("body", 1).snippet("body").limit(10));
   * }</pre>
   *
   * @param attrs the attributes (usually with a full-text query); may be null
   * @param options the options; may be null (not changed)
   * @return the page of hits
   * @throws IllegalArgumentException as {@link #search}, and for a snippet or rank of a column
   *     that is not full-text or not searched
   */
  public Page<Hit<T>> searchHits(Map<String, ?> attrs, SearchOptions options) {
    SearchOptions o = orDefault(options).copy().scores();
    return searches.hits(attrs, o, makeSelect(attrs, o));
  }

  /**
   * The first match.
   *
   * @param attrs the attributes; may be null
   * @return the item or empty
   */
  public Optional<T> searchOne(Map<String, ?> attrs) {
    return searchOne(attrs, null);
  }

  /**
   * The first match (limit 1, no cursor, no total).
   *
   * @param attrs the attributes; may be null
   * @param options the options; may be null (not changed)
   * @return the item or empty
   */
  public Optional<T> searchOne(Map<String, ?> attrs, SearchOptions options) {
    List<T> found = search(attrs, orDefault(options).copy().limit(1).noCursor().cursor(null)).items();
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * All matches, without cursors or total.
   *
   * @param attrs the attributes; may be null
   * @return the items
   */
  public List<T> searchAll(Map<String, ?> attrs) {
    return searchAll(attrs, null);
  }

  /**
   * All matches (within the options' limit), without cursors or total.
   *
   * @param attrs the attributes; may be null
   * @param options the options; may be null (not changed)
   * @return the items
   */
  public List<T> searchAll(Map<String, ?> attrs, SearchOptions options) {
    return search(attrs, orDefault(options).copy().noCursor()).items();
  }

  /**
   * Whether an item with this id exists.
   *
   * @param id the id
   * @return true when it exists
   * @throws IllegalArgumentException when id is null
   */
  public boolean exists(Object id) {
    return reads.exists(requireValue(id, "exists"));
  }

  /**
   * Whether any item matches.
   *
   * @param attrs the attributes; may be null
   * @param options the options (where/join); may be null
   * @return true when one matches
   */
  public boolean exists(Map<String, ?> attrs, SearchOptions options) {
    return searches.exists(attrs, orDefault(options));
  }

  /**
   * The number of matches.
   *
   * @param attrs the attributes; may be null
   * @return the count
   */
  public long count(Map<String, ?> attrs) {
    return count(attrs, null);
  }

  /**
   * The number of matches.
   *
   * @param attrs the attributes; may be null
   * @param options the options (where/join; with distinct, distinct selected rows); may be null
   * @return the count
   */
  public long count(Map<String, ?> attrs, SearchOptions options) {
    if (options != null && options.isDistinct()) {
      // DISTINCT counts distinct selected rows: the same COUNT a paged search reports as total
      SelectQuery q = makeSelect(attrs, options.copy().cursor(null));
      if (q.totalSql() != null) {
        return searches.total(attrs, q);
      }
    }
    Number n = numAggOp("COUNT", null, attrs, options);
    return n == null ? 0 : n.longValue();
  }

  /**
   * The largest value of a column among matches.
   *
   * @param column the column
   * @param attrs the attributes; may be null
   * @param options the options; may be null
   * @return the value, or null when nothing matches
   */
  public Number max(String column, Map<String, ?> attrs, SearchOptions options) {
    return numAggOp("MAX", requireColumnName(column), attrs, options);
  }

  /**
   * The smallest value of a column among matches.
   *
   * @param column the column
   * @param attrs the attributes; may be null
   * @param options the options; may be null
   * @return the value, or null when nothing matches
   */
  public Number min(String column, Map<String, ?> attrs, SearchOptions options) {
    return numAggOp("MIN", requireColumnName(column), attrs, options);
  }

  /**
   * The sum of a column among matches.
   *
   * @param column the column
   * @param attrs the attributes; may be null
   * @param options the options; may be null
   * @return the sum, or null when nothing matches
   */
  public Number sum(String column, Map<String, ?> attrs, SearchOptions options) {
    return numAggOp("SUM", requireColumnName(column), attrs, options);
  }

  /**
   * The average of a column among matches.
   *
   * @param column the column
   * @param attrs the attributes; may be null
   * @param options the options; may be null
   * @return the average, or null when nothing matches
   */
  public Number avg(String column, Map<String, ?> attrs, SearchOptions options) {
    return numAggOp("AVG", requireColumnName(column), attrs, options);
  }

  /**
   * An SQL aggregate function over a column among matches.
   *
   * @param sqlFunction the function name, e.g. {@code MAX} (letters, digits, underscores)
   * @param column the column, or null for {@code *}
   * @param attrs the attributes; may be null
   * @param options the options (where/join); may be null
   * @return the numeric result (Long or Double), or null
   * @throws IllegalArgumentException for an invalid function name or unknown column, or a
   *     non-numeric result
   */
  public Number numAggOp(String sqlFunction, String column, Map<String, ?> attrs, SearchOptions options) {
    return searches.aggregate(sqlFunction, column, attrs, orDefault(options));
  }

  /**
   * Every item (use {@link #each} for big tables).
   *
   * @return the items
   */
  public List<T> all() {
    return searchAll(null, null);
  }

  /**
   * Calls fn for every match, reading in cursor-paged batches (the options' limit, or 500) so
   * the whole result is never in memory. The options' sort is kept (the id breaks ties); an
   * offset applies once, to the first batch.
   *
   * @param attrs the attributes; may be null
   * @param options the options; may be null (not changed)
   * @param fn called once per item, in sort order
   * @throws IllegalArgumentException when fn is null
   */
  public void each(Map<String, ?> attrs, SearchOptions options, Consumer<T> fn) {
    if (fn == null) {
      throw new IllegalArgumentException("JsonModel '" + name + "': each needs a callback");
    }
    SearchOptions o = orDefault(options).copy().noTotal();
    if (o.limit() == null) {
      o.limit(EACH_BATCH);
    }
    String cursor = o.cursor();
    do {
      Page<T> page = search(attrs, o.cursor(cursor));
      page.items().forEach(fn);
      cursor = page.cursor();
      o.offset(0);
    } while (cursor != null);
  }

  /**
   * The SQL of a search: the single place search SQL is built. Override to change every
   * search of the model. For a paged search (a limit without noCursor) the query reads
   * limit + 1 rows: {@link #search} uses the extra row to know whether a next page exists.
   *
   * @param attrs the attributes; may be null
   * @param options the options; may be null
   * @return the query with its parameters, cursor columns and COUNT query
   * @throws IllegalArgumentException for unknown columns, wrong value types or a bad cursor
   */
  public SelectQuery makeSelect(Map<String, ?> attrs, SearchOptions options) {
    return selects.build(attrs, orDefault(options));
  }

  // ---------------------------------------------------------------- writes

  /**
   * Inserts or replaces the whole object; see {@link #set(Object, WriteOptions)}.
   *
   * @param obj the item
   * @return the item as {@link #get(Object)} would return it
   */
  public T set(T obj) {
    return set(obj, false, false);
  }

  /**
   * Inserts or replaces the whole object: fills in a missing id, computes column values,
   * and writes one row (an existing row keeps its rowId).
   *
   * <p>Subclasses that change how writes happen (EventQueue, ESModel) override
   * {@link #set(Object, boolean, boolean)}, which this calls.
   *
   * @param obj the item
   * @param options {@link WriteOptions#insertOnly()} and/or {@link WriteOptions#noReturn()}
   * @return the item as {@link #get(Object)} would return it (built from the written values;
   *     re-read only when the model selects virtual or sql columns), or null with noReturn
   * @throws IllegalArgumentException for a null item or options, upsert options (they are for
   *     update), a value that does not fit its column, or a missing required value
   * @throws StratoException when insertOnly and the id exists, or a unique index is violated
   */
  public T set(T obj, WriteOptions options) {
    if (options == null || options.isUpsert()) {
      throw new IllegalArgumentException("JsonModel '" + name + "': set takes insertOnly/noReturn options, not "
          + options);
    }
    return set(obj, options.isInsertOnly(), options.isNoReturn());
  }

  /**
   * Inserts or replaces the whole object.
   *
   * @param obj the item
   * @param insertOnly fail when the id exists
   * @return the item as stored
   * @deprecated use {@link #set(Object, WriteOptions)} with {@link WriteOptions#insertOnly()}
   */
  @Deprecated
  public T set(T obj, boolean insertOnly) {
    return set(obj, insertOnly, false);
  }

  /**
   * Inserts or replaces the whole object: fills in a missing id, computes column values,
   * and writes one row (an existing row keeps its rowId).
   *
   * @param obj the item
   * @param insertOnly fail when an item with the id exists
   * @param noReturn return null instead of the stored item (saves mapping it)
   * @return the item as {@link #get(Object)} would return it (built from the written values;
   *     re-read only when the model selects virtual or sql columns), or null
   * @throws IllegalArgumentException for a null item, a value that does not fit its column,
   *     or a missing required value
   * @throws StratoException when insertOnly and the id exists, or a unique index is violated
   * @deprecated call {@link #set(Object, WriteOptions)}; subclasses still override this form
   *     (every set goes through it) until writes are composed instead of inherited
   */
  @Deprecated
  public T set(T obj, boolean insertOnly, boolean noReturn) {
    if (obj == null) {
      throw new IllegalArgumentException("JsonModel '" + name + "': set needs an object");
    }
    ObjectNode stored = setTree(toTree(obj), insertOnly);
    return noReturn ? null : fromTree(stored);
  }

  /**
   * Writes an item's tree; the tree is changed and returned as stored.
   *
   * @param tree the item tree (owned by this call)
   * @param insertOnly fail when the id exists
   * @return the stored tree, as a read would return it
   */
  protected ObjectNode setTree(ObjectNode tree, boolean insertOnly) {
    return writes.set(tree, insertOnly);
  }

  /**
   * Shallow-merges changes into the stored object; see {@link #update(Map, WriteOptions)}.
   *
   * @param changes the changes, including the id
   * @return the updated item
   */
  public T update(Map<String, ?> changes) {
    return update(changes, false, false);
  }

  /**
   * Shallow-merges changes (top-level keys; a null value deletes the key) into the stored
   * object, in a transaction unless the caller is in one already. Subclasses override
   * {@link #update(Map, boolean, boolean)}, which this calls.
   *
   * @param changes the changes, including the id
   * @param options {@link WriteOptions#upsert()} and/or {@link WriteOptions#noReturn()}
   * @return the updated item, or null with noReturn
   * @throws IllegalArgumentException when changes or options are null, options are insertOnly
   *     (that is for set), or the id is missing and not upsert (an upsert without an id inserts
   *     a new object with a generated id, as in strato-db for JS)
   * @throws StratoException when the object is missing and not upsert
   */
  public T update(Map<String, ?> changes, WriteOptions options) {
    checkUpdateOptions(options);
    return update(changes, options.isUpsert(), options.isNoReturn());
  }

  /**
   * Like {@link #update(Map, WriteOptions)} without opening a transaction (the caller must
   * make the read-modify-write atomic). Subclasses override
   * {@link #updateNoTrans(Map, boolean, boolean)}, which this calls.
   *
   * @param changes the changes, including the id
   * @param options {@link WriteOptions#upsert()} and/or {@link WriteOptions#noReturn()}
   * @return the updated item, or null with noReturn
   * @throws IllegalArgumentException as {@link #update(Map, WriteOptions)}
   */
  public T updateNoTrans(Map<String, ?> changes, WriteOptions options) {
    checkUpdateOptions(options);
    return updateNoTrans(changes, options.isUpsert(), options.isNoReturn());
  }

  private void checkUpdateOptions(WriteOptions options) {
    if (options == null || options.isInsertOnly()) {
      throw new IllegalArgumentException("JsonModel '" + name + "': update takes upsert/noReturn options, not "
          + options);
    }
  }

  /**
   * Shallow-merges changes into the stored object.
   *
   * @param changes the changes, including the id
   * @param upsert create the object when missing
   * @return the updated item
   * @deprecated use {@link #update(Map, WriteOptions)} with {@link WriteOptions#upsert()}
   */
  @Deprecated
  public T update(Map<String, ?> changes, boolean upsert) {
    return update(changes, upsert, false);
  }

  /**
   * Shallow-merges changes (top-level keys; a null value deletes the key) into the stored
   * object, in a transaction unless the caller is in one already.
   *
   * @param changes the changes, including the id
   * @param upsert create the object when missing
   * @param noReturn return null
   * @return the updated item, or null
   * @throws IllegalArgumentException when changes is null, or its id is missing and not upsert (an upsert
   *     without an id inserts a new object with a generated id, as in strato-db for JS)
   * @throws StratoException when the object is missing and not upsert
   * @deprecated call {@link #update(Map, WriteOptions)}; subclasses still override this form
   *     until writes are composed instead of inherited
   */
  @Deprecated
  public T update(Map<String, ?> changes, boolean upsert, boolean noReturn) {
    return db.withTransaction(() -> updateNoTrans(changes, upsert, noReturn));
  }

  /**
   * Like {@link #update(Map, boolean, boolean)} without opening a transaction (the caller
   * must make the read-modify-write atomic).
   *
   * @param changes the changes, including the id
   * @param upsert create the object when missing
   * @param noReturn return null
   * @return the updated item, or null
   * @deprecated call {@link #updateNoTrans(Map, WriteOptions)}; subclasses still override
   *     this form until writes are composed instead of inherited
   */
  @Deprecated
  public T updateNoTrans(Map<String, ?> changes, boolean upsert, boolean noReturn) {
    ObjectNode stored = updateTree(changes, upsert);
    return noReturn ? null : fromTree(stored);
  }

  /**
   * The merge of {@link #updateNoTrans}, on trees.
   *
   * @param changes the changes, including the id
   * @param upsert create the object when missing
   * @return the stored tree
   */
  protected ObjectNode updateTree(Map<String, ?> changes, boolean upsert) {
    if (changes == null) {
      throw new IllegalArgumentException("JsonModel '" + name + "': update needs a map of changes");
    }
    Object id = changes.get(idColumn.name());
    if (id == null) {
      if (!upsert) {
        throw new IllegalArgumentException("JsonModel '" + name + "': update needs the id ('" + idColumn.name()
            + "'); only an upsert may leave it out");
      }
      // As in strato-db for JS: an upsert without an id inserts a new object (id generated).
      return setTree(merge(mapper.createObjectNode(), changes), true);
    }
    ObjectNode base = getTree(id).orElse(null);
    if (base == null) {
      if (!upsert) {
        throw new StratoException("JsonModel '" + name + "': update: no object with id '" + id + "'");
      }
      base = mapper.createObjectNode();
    }
    return setTree(merge(base, changes), false);
  }

  /**
   * Shallow-merges changes into a tree: null values remove keys.
   *
   * @param base the tree (changed)
   * @param changes the changes
   * @return base
   */
  protected ObjectNode merge(ObjectNode base, Map<String, ?> changes) {
    for (Map.Entry<String, ?> e : changes.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("JsonModel '" + name + "': update keys must not be null");
      }
      JsonNode v = toNode(e.getValue());
      if (v == null) {
        base.remove(e.getKey());
      } else {
        base.set(e.getKey(), v);
      }
    }
    return base;
  }

  /**
   * Deletes the item with this id (or the id of this item); no error when missing.
   *
   * @param idOrObj an id, or an item
   * @throws IllegalArgumentException when null or the item has no id
   */
  public void remove(Object idOrObj) {
    writes.remove(idOf(idOrObj));
  }

  /**
   * The id given directly or inside an item/map/tree.
   *
   * @param idOrObj an id or an item
   * @return the id
   * @throws IllegalArgumentException when none
   */
  protected Object idOf(Object idOrObj) {
    requireValue(idOrObj, "remove");
    Object id = idOrObj;
    if (idOrObj instanceof Map<?, ?> m) {
      id = m.get(idColumn.name());
    } else if (idOrObj instanceof JsonNode n) {
      id = n.isObject() ? Values.toJava(n.get(idColumn.name())) : Values.toJava(n);
    } else if (config.itemClass().isInstance(idOrObj) && !(idOrObj instanceof CharSequence)
        && !(idOrObj instanceof Number)) {
      id = Values.toJava(toTree(config.itemClass().cast(idOrObj)).get(idColumn.name()));
    }
    if (id == null) {
      throw new IllegalArgumentException("JsonModel '" + name + "': the object has no id ('" + idColumn.name() + "')");
    }
    return id;
  }

  /**
   * Renames an item's id.
   *
   * @param oldId the current id
   * @param newId the new id
   * @throws IllegalArgumentException when an id is null
   * @throws StratoException when oldId is missing or newId is taken
   */
  public void changeId(Object oldId, Object newId) {
    writes.changeId(requireValue(oldId, "changeId"), requireValue(newId, "changeId"));
  }

  // ---------------------------------------------------------------- helpers

  /**
   * An item as a fresh JSON tree (never the caller's own object).
   *
   * @param obj the item
   * @return its tree
   * @throws IllegalArgumentException when it does not map to a JSON object
   */
  protected ObjectNode toTree(T obj) {
    return items.toTree(obj);
  }

  /**
   * Checks that an item could be written — id, column types, required values, value
   * functions — without writing anything (subclasses that write later, such as event-sourced
   * models, use it to reject bad input up front).
   *
   * @param tree the item's tree (not changed)
   * @throws IllegalArgumentException naming the column when a value does not fit
   * @throws StratoException when a value function fails
   */
  protected void validate(ObjectNode tree) {
    writer.prepare(tree.deepCopy());
  }

  /**
   * A JSON tree as an item.
   *
   * @param tree the tree (may be returned as is for ObjectNode models)
   * @return the item
   * @throws StratoException when the tree does not map to the item class
   */
  protected T fromTree(ObjectNode tree) {
    return items.fromTree(tree);
  }

  /**
   * A Java value as a JSON node, with the model's mapper.
   *
   * @param v the value
   * @return the node, or null for null
   */
  protected JsonNode toNode(Object v) {
    return items.toNode(v);
  }

  private Object requireValue(Object v, String what) {
    if (v == null) {
      throw new IllegalArgumentException("JsonModel '" + name + "': " + what + " needs a non-null id/value");
    }
    return v;
  }

  private LoaderCache requireCache(LoaderCache cache, String what) {
    if (cache == null) {
      throw new IllegalArgumentException("JsonModel '" + name + "': " + what + " needs a LoaderCache");
    }
    return cache;
  }

  private static SearchOptions orDefault(SearchOptions o) {
    return o == null ? SearchOptions.options() : o;
  }

  private String requireColumnName(String column) {
    if (column == null) {
      throw new IllegalArgumentException("JsonModel '" + name + "': a column name is required");
    }
    return column;
  }

  private Column column(String column) {
    Column c = column == null ? null : columns.get(column);
    if (c == null) {
      throw new IllegalArgumentException("JsonModel '" + name + "': Unknown column " + column);
    }
    return c;
  }

  private boolean slugTaken(Column c, String slug, Object selfId) {
    return reads.takenByOther(c, slug, selfId);
  }

  @Override
  public String toString() {
    return "JsonModel[" + name + "]";
  }
}
