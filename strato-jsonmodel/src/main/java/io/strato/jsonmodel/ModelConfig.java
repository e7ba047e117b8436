package io.strato.jsonmodel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.jsonmodel.internal.ResolvedColumn;
import io.strato.jsonmodel.internal.TableSql;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The immutable definition of a {@link JsonModel}: table name, item class, id column, columns,
 * migrations and mapping options. Built with {@link #builder(String, Class)}; {@code build()}
 * validates every column and fails with an {@link IllegalArgumentException} naming the column
 * and option at fault.
 *
 * <pre>{@code
 * ModelConfig<User> cfg = ModelConfig.builder("users", User.class)
 *     .column("email", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
 *     .migration("1_backfill", ctx -> ctx.db().exec("UPDATE users SET ..."))
 *     .build();
 * JsonModel<User> users = db.addModel(d -> new JsonModel<>(d, cfg));
 * }</pre>
 *
 * <p>The default {@link ObjectMapper} leaves null fields out of the stored JSON and ignores
 * unknown properties when reading (so documents written by a newer version of a class still
 * load); pass your own with {@link Builder#objectMapper(ObjectMapper)}.
 *
 * @param <T> the item type
 */
public final class ModelConfig<T> {
  private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final String name;
  private final Class<T> itemClass;
  private final String idCol;
  private final Map<String, Column> columns;
  private final Map<String, ModelMigration<T>> migrations;
  private final Map<String, Object> migrationOptions;
  private final boolean keepRowId;
  private final ObjectMapper objectMapper;
  private final Duration batchWindow;

  private ModelConfig(Builder<T> b, Map<String, ResolvedColumn> resolved) {
    this.name = b.name;
    this.itemClass = b.itemClass;
    this.idCol = b.idCol;
    Map<String, Column> views = new LinkedHashMap<>();
    resolved.forEach((k, c) -> views.put(k, new Column(c)));
    this.columns = Collections.unmodifiableMap(views);
    this.migrations = Collections.unmodifiableMap(new LinkedHashMap<>(b.migrations));
    this.migrationOptions = Collections.unmodifiableMap(new LinkedHashMap<>(b.migrationOptions));
    this.keepRowId = b.keepRowId;
    this.objectMapper = b.objectMapper;
    this.batchWindow = b.batchWindow;
  }

  /** A copy with other migration options. */
  private ModelConfig(ModelConfig<T> base, Map<String, Object> migrationOptions) {
    this.name = base.name;
    this.itemClass = base.itemClass;
    this.idCol = base.idCol;
    this.columns = base.columns;
    this.migrations = base.migrations;
    this.migrationOptions = Collections.unmodifiableMap(migrationOptions);
    this.keepRowId = base.keepRowId;
    this.objectMapper = base.objectMapper;
    this.batchWindow = base.batchWindow;
  }

  /**
   * A builder for a model of items of the given class (a record or POJO Jackson can map).
   *
   * @param name the model and table name
   * @param itemClass the item class
   * @param <T> the item type
   * @return the builder
   * @throws IllegalArgumentException for an empty name or a null class
   */
  public static <T> Builder<T> builder(String name, Class<T> itemClass) {
    return new Builder<>(name, itemClass);
  }

  /**
   * A builder for a schemaless model of {@link ObjectNode}s.
   *
   * @param name the model and table name
   * @return the builder
   * @throws IllegalArgumentException for an empty name
   */
  public static Builder<ObjectNode> builder(String name) {
    return new Builder<>(name, ObjectNode.class);
  }

  /**
   * The model (and table) name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The item class.
   *
   * @return the class
   */
  public Class<T> itemClass() {
    return itemClass;
  }

  /**
   * The id column name.
   *
   * @return the name
   */
  public String idCol() {
    return idCol;
  }

  /**
   * The resolved columns: the id first, then the defined columns, then {@code json}.
   *
   * @return an unmodifiable map
   */
  public Map<String, Column> columns() {
    return columns;
  }

  /**
   * The columns as the model's SQL builders, mappers and writers use them (same order); a new
   * map per call (a model asks once, when it is created).
   */
  Map<String, ResolvedColumn> resolvedColumns() {
    Map<String, ResolvedColumn> out = new LinkedHashMap<>();
    columns.forEach((k, c) -> out.put(k, c.resolved()));
    return Collections.unmodifiableMap(out);
  }

  /**
   * The model's own migrations by key.
   *
   * @return an unmodifiable map
   */
  public Map<String, ModelMigration<T>> migrations() {
    return migrations;
  }

  /**
   * Options passed to the model's migrations.
   *
   * @return an unmodifiable map
   */
  public Map<String, Object> migrationOptions() {
    return migrationOptions;
  }

  /**
   * This config with more migration options: a layer above adds what its models' migrations
   * need (strato-es adds the event queue as {@code "queue"}) without the model knowing of it.
   *
   * @param extra the options to add; they replace configured options with the same key
   * @return a new config, equal to this one apart from the options
   * @throws IllegalArgumentException when extra is null or has a null key
   */
  public ModelConfig<T> withMigrationOptions(Map<String, ?> extra) {
    // no containsKey(null): immutable maps (Map.of) throw on it
    if (extra == null || extra.keySet().stream().anyMatch(java.util.Objects::isNull)) {
      throw new IllegalArgumentException("ModelConfig '" + name + "': withMigrationOptions needs a map without null keys");
    }
    Map<String, Object> merged = new LinkedHashMap<>(migrationOptions);
    merged.putAll(extra);
    return new ModelConfig<>(this, merged);
  }

  /**
   * Whether a TEXT id gets an integer {@code rowId} key.
   *
   * @return the setting (default true)
   */
  public boolean keepRowId() {
    return keepRowId;
  }

  /**
   * The object mapper for items.
   *
   * @return the mapper
   */
  public ObjectMapper objectMapper() {
    return objectMapper;
  }

  /**
   * How long a {@link JsonModel#getCached} batch stays open for more lookups.
   *
   * @return the window (default 200 µs)
   */
  public Duration batchWindow() {
    return batchWindow;
  }

  /**
   * Builds a {@link ModelConfig}. Not thread-safe.
   *
   * @param <T> the item type
   */
  public static final class Builder<T> {
    private final String name;
    private final Class<T> itemClass;
    private String idCol = "id";
    private final Map<String, ColumnDef> columns = new LinkedHashMap<>();
    private final Map<String, ModelMigration<T>> migrations = new LinkedHashMap<>();
    private final Map<String, Object> migrationOptions = new LinkedHashMap<>();
    private boolean keepRowId = true;
    private ObjectMapper objectMapper = DEFAULT_MAPPER;
    private Duration batchWindow = Duration.ofNanos(200_000);

    private Builder(String name, Class<T> itemClass) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("ModelConfig: the model name must be a non-empty string");
      }
      if (name.indexOf('\0') >= 0 || name.toLowerCase(java.util.Locale.ROOT).startsWith("sqlite_")) {
        throw new IllegalArgumentException("ModelConfig: invalid model name '" + name + "'");
      }
      if (itemClass == null) {
        throw new IllegalArgumentException("ModelConfig '" + name + "': the item class must not be null");
      }
      this.name = name;
      this.itemClass = itemClass;
    }

    /**
     * The id column name (default {@code id}). Define its type with
     * {@code column(idCol, column().type(ColumnType.INTEGER))}.
     *
     * @param idCol the name
     * @return this
     * @throws IllegalArgumentException when empty
     */
    public Builder<T> idCol(String idCol) {
      if (idCol == null || idCol.isEmpty() || idCol.contains(".")) {
        throw new IllegalArgumentException("ModelConfig '" + name + "': idCol must be a non-empty name without dots");
      }
      this.idCol = idCol;
      return this;
    }

    /**
     * Defines (or redefines) a column.
     *
     * @param name the column name
     * @param def the definition
     * @return this
     * @throws IllegalArgumentException for an empty name or a null definition
     */
    public Builder<T> column(String name, ColumnDef def) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("ModelConfig '" + this.name + "': column names must be non-empty");
      }
      if (def == null) {
        throw new IllegalArgumentException("ModelConfig '" + this.name + "', column '" + name + "': definition is null");
      }
      columns.put(name, def);
      return this;
    }

    /**
     * Adds a migration run once per database, with the DB's migrations, in key order (keys
     * sort as strings; keys starting with {@code 0} are reserved for the table itself, so
     * start yours at {@code 1} or use dates).
     *
     * @param key the migration key
     * @param migration the migration
     * @return this
     * @throws IllegalArgumentException for an empty/reserved/duplicate key or a null migration
     */
    public Builder<T> migration(String key, ModelMigration<T> migration) {
      if (key == null || key.isEmpty() || key.startsWith(TableSql.KEY_PREFIX)) {
        throw new IllegalArgumentException("ModelConfig '" + name + "': migration key '" + key
            + "' is empty or reserved (keys starting with 0 belong to the table)");
      }
      if (migration == null) {
        throw new IllegalArgumentException("ModelConfig '" + name + "': migration '" + key + "' is null");
      }
      if (migrations.putIfAbsent(key, migration) != null) {
        throw new IllegalArgumentException("ModelConfig '" + name + "': migration '" + key + "' is defined twice");
      }
      return this;
    }

    /**
     * Options given to the model's migrations ({@link MigrationContext#options()}).
     *
     * @param options the options
     * @return this
     */
    public Builder<T> migrationOptions(Map<String, ?> options) {
      migrationOptions.clear();
      if (options != null) {
        migrationOptions.putAll(options);
      }
      return this;
    }

    /**
     * Whether a TEXT id gets an integer {@code rowId} primary key so rowids survive VACUUM
     * (default true). Without it, the table is keyed by the id ({@code WITHOUT ROWID}).
     *
     * @param keepRowId the setting
     * @return this
     */
    public Builder<T> keepRowId(boolean keepRowId) {
      this.keepRowId = keepRowId;
      return this;
    }

    /**
     * The Jackson mapper for items (default: see {@link ModelConfig}).
     *
     * @param objectMapper the mapper
     * @return this
     * @throws IllegalArgumentException when null
     */
    public Builder<T> objectMapper(ObjectMapper objectMapper) {
      if (objectMapper == null) {
        throw new IllegalArgumentException("ModelConfig '" + name + "': objectMapper must not be null");
      }
      this.objectMapper = objectMapper;
      return this;
    }

    /**
     * How long a {@link JsonModel#getCached} batch stays open for more lookups (default
     * 200 µs; at most 1 s).
     *
     * @param window the window
     * @return this
     * @throws IllegalArgumentException when null, negative or over 1 s
     */
    public Builder<T> batchWindow(Duration window) {
      if (window == null || window.isNegative() || window.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new IllegalArgumentException("ModelConfig '" + name + "': batchWindow must be between 0 and 1 s");
      }
      this.batchWindow = window;
      return this;
    }

    /**
     * Validates the columns and builds the config.
     *
     * @return the config
     * @throws IllegalArgumentException for an invalid column definition
     */
    public ModelConfig<T> build() {
      Map<String, ResolvedColumn> resolved = new ColumnResolver(name, objectMapper).resolve(idCol, columns);
      ResolvedColumn id = resolved.get(idCol);
      for (ResolvedColumn c : resolved.values()) {
        // FTS5 external content is keyed by integer rowids: a WITHOUT ROWID table has none.
        if (c.isFullText() && !keepRowId && id.type() != ColumnType.INTEGER) {
          throw new IllegalArgumentException("JsonModel '" + name + "', column '" + c.name()
              + "': fullText needs integer rowids (keepRowId, the default, or an INTEGER id)");
        }
      }
      return new ModelConfig<>(this, resolved);
    }
  }
}
