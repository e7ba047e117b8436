package io.strato.jsonmodel;

import static io.strato.jsonmodel.ModelParts.orDefault;
import static io.strato.jsonmodel.ModelParts.orNone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBException;
import io.strato.db.DBModel;
import io.strato.db.StratoException;
import io.strato.jsonmodel.internal.ModelSearch;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * JSON documents in one SQLite table: an id column, a {@code json} column holding the rest
 * of the object, and the real columns the model defines; virtual columns search inside the
 * JSON. Items are Jackson-mapped objects of the model's item class, or {@link ObjectNode}s.
 * The reads are those of {@link DocumentModel} (documented there).
 *
 * <pre>{@code
 * JsonModel<User> users = db.addModel(d -> new JsonModel<>(d, ModelConfig.builder("users", User.class)
 *     .column("email", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
 *     .column("tags", column().match(MatchMode.IS_ARRAY)).build()));
 * User u = users.set(new User(null, "Ada", "ada@example.com", List.of("admin")));  // id generated
 * Page<User> admins = users.search(Map.of("tags", "admin"), options().sort("email", 1).limit(20));
 * }</pre>
 *
 * <p>The table is created, and evolved when columns or indexes are added, by migrations
 * registered on the DB under the model's name with strato-db for JavaScript's run keys
 * ({@code 0}, {@code 0_<real column>}, {@code 1_<virtual column>}), then the model's own
 * migrations: create models before the DB opens. A model is immutable apart from its DB and
 * safe to share. Invalid arguments throw {@link IllegalArgumentException}; missing objects,
 * taken ids or unique values and storage failures ({@link DBException}) throw
 * {@link StratoException}; messages name the model and column. {@link #makeSelect} is the one
 * place search SQL is built: override it to change every search (e.g. a tenant condition).
 *
 * @param <T> the item type
 */
public class JsonModel<T> implements DBModel, DocumentModel<T> {
  private final DB db;
  private final ModelConfig<T> config;
  private final ModelParts<T> p;

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
    this.p = new ModelParts<>(db, config, this);
    ModelMigrations.register(this, p.table);
    if (!db.isReadOnly()) {
      db.runOnceOnOpen(d -> p.table.ensureIndexes(d, p.columns));
    }
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public String idCol() {
    return config.idCol();
  }

  /** @return the database */
  public DB db() {
    return db;
  }

  /** @return the columns, id first, {@code json} last (unmodifiable) */
  public Map<String, Column> columns() {
    return config.columns();
  }

  /** @return the model's definition */
  public ModelConfig<T> config() {
    return config;
  }

  /** @return the model's Jackson mapper */
  public ObjectMapper objectMapper() {
    return config.objectMapper();
  }

  // ---------------------------------------------------------------- reads (see DocumentModel)

  @Override
  public Optional<T> get(Object id) {
    return p.reads.get(p.value(id, "get"));
  }

  @Override
  public Optional<T> get(Object value, String column) {
    return p.reads.get(p.value(value, "get"), p.column(column));
  }

  /**
   * @param id the id (not null)
   * @return the JSON tree of the item with this id as {@link #get(Object)} maps it, or empty
   */
  protected Optional<ObjectNode> getTree(Object id) {
    return p.reads.getTree(p.value(id, "get"));
  }

  @Override
  public List<T> getAll(Collection<?> values, String column) {
    if (values == null) {
      throw new IllegalArgumentException("JsonModel '" + name() + "': getAll needs a collection of ids");
    }
    return p.reads.getAll(values, p.column(column));
  }

  @Override
  public T getCached(LoaderCache cache, Object value, String column) {
    p.cache(cache, "getCached");
    p.value(value, "getCached");
    return p.cached.load(cache, value, p.column(column).name());
  }

  @Override
  public void clearCache(LoaderCache cache) {
    p.cached.clear(p.cache(cache, "clearCache"));
  }

  @Override
  public void clearCache(LoaderCache cache, Object id) {
    p.cached.clear(p.cache(cache, "clearCache"), p.value(id, "clearCache"), p.id.name());
  }

  @Override
  public Page<T> search(Map<String, ?> attrs, SearchOptions options) {
    SearchOptions o = orDefault(options);
    return p.searches.page(attrs, o, makeSelect(attrs, o));
  }

  @Override
  public Page<Hit<T>> searchHits(Map<String, ?> attrs, SearchOptions options) {
    SearchOptions o = orDefault(options).copy().scores();
    return p.searches.hits(attrs, o, makeSelect(attrs, o));
  }

  @Override
  public Optional<T> searchOne(Map<String, ?> attrs, SearchOptions options) {
    List<T> found = search(attrs, orDefault(options).copy().limit(1).noCursor().cursor(null)).items();
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  @Override
  public List<T> searchAll(Map<String, ?> attrs, SearchOptions options) {
    return search(attrs, orDefault(options).copy().noCursor()).items();
  }

  @Override
  public boolean exists(Object id) {
    return p.reads.exists(p.value(id, "exists"));
  }

  @Override
  public boolean exists(Map<String, ?> attrs, SearchOptions options) {
    return p.searches.exists(attrs, orNone(options));
  }

  @Override
  public long count(Map<String, ?> attrs, SearchOptions options) {
    return p.searches.count(attrs, orNone(options), o -> makeSelect(attrs, o));
  }

  @Override
  public Number numAggOp(String sqlFunction, String column, Map<String, ?> attrs, SearchOptions options) {
    return p.searches.aggregate(sqlFunction, column, attrs, orNone(options));
  }

  @Override
  public void each(Map<String, ?> attrs, SearchOptions options, Consumer<T> fn) {
    if (fn == null) {
      throw new IllegalArgumentException("JsonModel '" + name() + "': each needs a callback");
    }
    ModelSearch.each(orDefault(options), o -> search(attrs, o), fn);
  }

  /**
   * The SQL of a search: the single place search SQL is built. A paged search (a limit
   * without noCursor) reads limit + 1 rows, the extra one telling that a next page exists.
   *
   * @param attrs the attributes; may be null
   * @param options the options; may be null
   * @return the query with its parameters, cursor columns and COUNT query
   * @throws IllegalArgumentException for unknown columns, wrong value types or a bad cursor
   */
  public SelectQuery makeSelect(Map<String, ?> attrs, SearchOptions options) {
    return p.selects.build(attrs, orDefault(options));
  }

  /**
   * {@inheritDoc} Calls {@link #set(Object, boolean, boolean)}, which subclasses that write
   * differently (ESModel) override.
   */
  @Override
  public T set(T obj, WriteOptions options) {
    p.setOptions(options);
    return set(obj, options.isInsertOnly(), options.isNoReturn());
  }

  /** @deprecated use {@link #set(Object, WriteOptions)} with {@link WriteOptions#insertOnly()} */
  @Deprecated
  public T set(T obj, boolean insertOnly) {
    return set(obj, insertOnly, false);
  }

  /**
   * @param obj the item
   * @param insertOnly fail when an item with the id exists
   * @param noReturn return null instead of the stored item
   * @return the stored item, or null
   * @deprecated call {@link #set(Object, WriteOptions)}; subclasses still override this form
   */
  @Deprecated
  public T set(T obj, boolean insertOnly, boolean noReturn) {
    if (obj == null) {
      throw new IllegalArgumentException("JsonModel '" + name() + "': set needs an object");
    }
    ObjectNode stored = setTree(toTree(obj), insertOnly);
    return noReturn ? null : fromTree(stored);
  }

  /**
   * @param tree the item tree to write (owned by this call; changed)
   * @param insertOnly fail when the id exists
   * @return the stored tree, as a read would return it
   */
  protected ObjectNode setTree(ObjectNode tree, boolean insertOnly) {
    return p.writes.set(tree, insertOnly);
  }

  /**
   * {@inheritDoc} Runs in a transaction unless the caller is in one already; calls
   * {@link #update(Map, boolean, boolean)}, which subclasses override.
   */
  @Override
  public T update(Map<String, ?> changes, WriteOptions options) {
    p.updateOptions(options);
    return update(changes, options.isUpsert(), options.isNoReturn());
  }

  /**
   * Like {@link #update(Map, WriteOptions)} without opening a transaction (the caller makes
   * the read-modify-write atomic). Calls {@link #updateNoTrans(Map, boolean, boolean)}.
   *
   * @param changes the changes, including the id
   * @param options {@link WriteOptions#upsert()} and/or {@link WriteOptions#noReturn()}
   * @return the updated item, or null with noReturn
   * @throws IllegalArgumentException as {@link #update(Map, WriteOptions)}
   */
  public T updateNoTrans(Map<String, ?> changes, WriteOptions options) {
    p.updateOptions(options);
    return updateNoTrans(changes, options.isUpsert(), options.isNoReturn());
  }

  /** @deprecated use {@link #update(Map, WriteOptions)} with {@link WriteOptions#upsert()} */
  @Deprecated
  public T update(Map<String, ?> changes, boolean upsert) {
    return update(changes, upsert, false);
  }

  /**
   * @param changes the changes, including the id
   * @param upsert create the object when missing
   * @param noReturn return null
   * @return the updated item, or null
   * @deprecated call {@link #update(Map, WriteOptions)}; subclasses still override this form
   */
  @Deprecated
  public T update(Map<String, ?> changes, boolean upsert, boolean noReturn) {
    return db.withTransaction(() -> updateNoTrans(changes, upsert, noReturn));
  }

  /**
   * @param changes the changes, including the id
   * @param upsert create the object when missing
   * @param noReturn return null
   * @return the updated item, or null
   * @deprecated call {@link #updateNoTrans(Map, WriteOptions)}; subclasses still override this form
   */
  @Deprecated
  public T updateNoTrans(Map<String, ?> changes, boolean upsert, boolean noReturn) {
    ObjectNode stored = updateTree(changes, upsert);
    return noReturn ? null : fromTree(stored);
  }

  /**
   * @param changes the changes, including the id
   * @param upsert create the object when missing
   * @return the stored tree, after {@link #getTree}, {@link #merge} and {@link #setTree}
   */
  protected ObjectNode updateTree(Map<String, ?> changes, boolean upsert) {
    return p.writes.update(changes, upsert, p.steps);
  }

  /**
   * @param base a tree (changed)
   * @param changes the changes: a shallow merge, null values remove keys
   * @return base
   */
  protected ObjectNode merge(ObjectNode base, Map<String, ?> changes) {
    return p.writes.merge(base, changes);
  }

  @Override
  public void remove(Object idOrObj) {
    p.writes.remove(idOf(idOrObj));
  }

  /**
   * @param idOrObj an id, or an item/map/tree holding one
   * @return the id
   * @throws IllegalArgumentException when none
   */
  protected Object idOf(Object idOrObj) {
    return p.writes.idOf(p.value(idOrObj, "remove"), config.itemClass());
  }

  /**
   * Renames an item's id.
   *
   * @param oldId the current id
   * @param newId the new id
   * @throws StratoException when oldId is missing or newId is taken
   */
  public void changeId(Object oldId, Object newId) {
    p.writes.changeId(p.value(oldId, "changeId"), p.value(newId, "changeId"));
  }

  /**
   * @param obj an item
   * @return a fresh JSON tree of it (never the caller's own object)
   * @throws IllegalArgumentException when it does not map to a JSON object
   */
  protected ObjectNode toTree(T obj) {
    return p.items.toTree(obj);
  }

  /**
   * Checks that an item could be written (id, types, required values, value functions)
   * without writing it, so models that write later reject bad input up front.
   *
   * @param tree the item's tree (not changed)
   * @throws IllegalArgumentException naming the column when a value does not fit
   */
  protected void validate(ObjectNode tree) {
    p.writer.prepare(tree.deepCopy());
  }

  /**
   * @param tree a JSON tree (returned as is by ObjectNode models)
   * @return the item
   * @throws StratoException when the tree does not map to the item class
   */
  protected T fromTree(ObjectNode tree) {
    return p.items.fromTree(tree);
  }

  /**
   * @param v a Java value
   * @return it as a JSON node (the model's mapper), or null for null
   */
  protected JsonNode toNode(Object v) {
    return p.items.toNode(v);
  }

  @Override
  public String toString() {
    return "JsonModel[" + name() + "]";
  }
}
