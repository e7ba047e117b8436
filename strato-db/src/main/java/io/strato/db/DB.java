package io.strato.db;

import io.strato.db.internal.ConnectionManager;
import io.strato.db.internal.DbSettings;
import io.strato.db.internal.Housekeeper;
import io.strato.db.internal.Listeners;
import io.strato.db.internal.PreparedHandle;
import io.strato.db.internal.QueryRunner;
import io.strato.db.internal.SqlExecutor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One SQLite database (a file or {@code :memory:}), opened lazily, shared safely between
 * threads.
 *
 * <pre>{@code
 * try (DB db = DB.file(Path.of("app.db"))) {
 *   db.registerMigrations("app", Map.of("0", d -> d.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)")));
 *   db.run("INSERT INTO t(name) VALUES (?)", "hello");
 *   db.withTransaction(() -> db.run("UPDATE t SET name = ? WHERE id = ?", "hi", 1));
 *   String name = db.get("SELECT name FROM t WHERE id = ?", 1).orElseThrow().getString("name");
 * }
 * }</pre>
 *
 * <h2>Opening</h2>
 * Creating a DB touches nothing. The first query, {@link #open()}, or anything needing a
 * connection opens it: {@code onWillOpen}, connect, pragmas ({@code journal_mode=WAL} for
 * writable files, {@code foreign_keys=ON}, {@code recursive_triggers=ON},
 * {@code journal_size_limit} 64 MB, the busy timeout, {@code synchronous=NORMAL} or FULL),
 * {@code onBeforeMigrations}, the migrations (one transaction), {@code onDidOpen}, then the
 * {@link #runOnceOnOpen(Consumer)} functions. If any step fails the open fails with that
 * error, the DB stays closed, and the next call tries again. {@link #close()} closes every
 * connection; the next call opens again.
 *
 * <h2>Threading model</h2>
 * A DB is safe to share between threads. All writes and all transactions go through one
 * writer connection guarded by a lock, so {@link #withTransaction(TxBody)} calls from many
 * threads run one after the other. A call made by the thread that runs a transaction runs
 * inside it (no nested BEGIN). On file databases, reads ({@code SELECT}/{@code WITH}/
 * {@code VALUES}/{@code EXPLAIN}) from other threads use a small pool of read connections:
 * thanks to WAL they see the last committed state and are not blocked by a running
 * transaction. An in-memory DB has a single connection, so other threads wait for a running
 * transaction to end. A thread that writes while one of its reads is still running (an
 * {@link #each} callback that writes) reads from the writer until that outer read ends, so it
 * always sees its own writes. Do not wait inside a transaction for another thread that writes
 * to the same DB: it would wait for you. {@link #close()} waits for a running transaction of
 * another thread; calls racing with it simply reopen the DB.
 *
 * <h2>Other processes</h2>
 * {@code BEGIN IMMEDIATE} is retried with randomised, growing back-off while another
 * process holds the write lock, up to {@link Builder#busyTimeout(Duration)} in total; then a
 * {@link DBException} with code SQLITE_BUSY says so. Other statements wait up to the same
 * timeout using SQLite's busy handler.
 *
 * <h2>Durability</h2>
 * Under WAL, {@code synchronous=NORMAL} (the default) survives a process crash but may lose
 * the last transactions on power loss; {@link Builder#fullSync(boolean)} selects FULL,
 * which also survives power loss at the cost of an fsync per commit.
 *
 * <h2>Errors</h2>
 * Invalid arguments throw {@link IllegalArgumentException}; SQLite failures throw
 * {@link DBException} (with result code, DB name and SQL); other state failures throw
 * {@link StratoException}.
 */
public final class DB implements AutoCloseable {
  private final DbSettings settings;
  private final Runnable onWillOpen;
  private final Consumer<DB> onBeforeMigrations;
  private final Consumer<DB> onDidOpen;
  private final Listeners listeners = new Listeners();
  private final ConnectionManager connections;
  private final SqlExecutor executor;
  private final DBMigrations migrations;
  private final Map<String, DBModel> models = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, PreparedHandle> statements = new ConcurrentHashMap<>();
  private final List<Consumer<DB>> runOnce = new ArrayList<>();
  private final Object openLock = new Object();
  private volatile boolean open;
  private volatile Thread openingThread;
  private Housekeeper housekeeper;

  private DB(Builder b) {
    this.settings = new DbSettings(b.file, b.name != null ? b.name : defaultName(b.file), b.readOnly,
        b.readers, b.busyTimeout, b.fullSync, b.autoVacuum, b.vacuumInterval, b.vacuumPageCount,
        b.optimizeInterval, b.checkpointInterval);
    this.onWillOpen = b.onWillOpen;
    this.onBeforeMigrations = b.onBeforeMigrations;
    this.onDidOpen = b.onDidOpen;
    this.migrations = new DBMigrations(this, b.aroundMigrations);
    this.connections = new ConnectionManager(settings, listeners);
    this.executor = new SqlExecutor(connections, new QueryRunner(settings.name(), listeners), this::ensureOpen);
  }

  private static String defaultName(Path file) {
    if (file == null) {
      return ":memory:";
    }
    Path fn = file.getFileName();
    return fn == null ? file.toString() : fn.toString();
  }

  /**
   * A new in-memory database with default settings.
   *
   * @return the DB (not opened yet)
   */
  public static DB memory() {
    return builder().build();
  }

  /**
   * A database in the given file (created when missing) with default settings.
   *
   * @param file the database file
   * @return the DB (not opened yet)
   * @throws IllegalArgumentException when file is null
   */
  public static DB file(Path file) {
    return builder().file(file).build();
  }

  /**
   * A builder for a DB with non-default settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The DB's name, used in errors and logs (default: the file name, or {@code :memory:}).
   *
   * @return the name
   */
  public String name() {
    return settings.name();
  }

  /**
   * The database file.
   *
   * @return the file, or empty for an in-memory DB
   */
  public Optional<Path> file() {
    return Optional.ofNullable(settings.file());
  }

  /**
   * Whether the DB was opened read-only.
   *
   * @return true when read-only
   */
  public boolean isReadOnly() {
    return settings.readOnly();
  }

  /**
   * Whether the DB is open right now.
   *
   * @return true after a successful open and before close
   */
  public boolean isOpen() {
    return open;
  }

  /**
   * Opens the DB now instead of on first use. Does nothing when already open.
   *
   * @throws DBException when SQLite cannot open the file or it is not a database
   * @throws StratoException when a hook or migration fails (the DB stays closed)
   */
  public void open() {
    ensureOpen();
  }

  private void ensureOpen() {
    // A thread holding the write lock (inside a transaction or a writer call) has a live
    // writer that close() cannot take away; it must not wait for the open lock, which a
    // concurrent close() holds while it waits for that write lock.
    if (open || openingThread == Thread.currentThread() || connections.holdsWriteLock()) {
      return;
    }
    synchronized (openLock) {
      if (open) {
        return;
      }
      openingThread = Thread.currentThread();
      try {
        doOpen();
        open = true;
      } catch (RuntimeException | Error e) {
        connections.closeAll(false);
        throw e;
      } finally {
        openingThread = null;
      }
    }
  }

  private void doOpen() {
    if (onWillOpen != null) {
      onWillOpen.run();
    }
    connections.openWriter();
    if (onBeforeMigrations != null) {
      onBeforeMigrations.accept(this);
    }
    if (!settings.readOnly()) {
      connections.transaction(() -> {
        migrations.runPending();
        return null;
      });
    }
    migrations.markRan();
    if (onDidOpen != null) {
      onDidOpen.accept(this);
    }
    synchronized (runOnce) {
      while (!runOnce.isEmpty()) {
        runOnce.get(0).accept(this);
        runOnce.remove(0);
      }
    }
    housekeeper = Housekeeper.start(settings, connections);
  }

  /**
   * Closes every connection and finalises every statement; waits for a running transaction
   * to finish. The DB can be used again afterwards: the next call reopens it (migrations
   * already recorded do not run again). Stops the housekeeping thread.
   *
   * @throws StratoException when called from inside a transaction or a running query of this
   *     DB on the same thread (it would pull the connection from under it)
   */
  @Override
  public void close() {
    if (connections.holdsWriteLock()) {
      throw new StratoException("DB '" + name() + "': cannot close() from inside a transaction or a running query"
          + " on the same thread; close it after withTransaction returns");
    }
    synchronized (openLock) {
      // Mark closed first: calls racing with close() then wait for it on the open lock and
      // reopen, instead of finding the connections gone.
      boolean wasOpen = open;
      open = false;
      if (housekeeper != null) {
        housekeeper.stop();
        housekeeper = null;
      }
      connections.closeAll(wasOpen);
    }
  }

  private static List<Object> params(Object[] params) {
    return PreparedHandle.params(params);
  }

  private static String requireSql(String sql) {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("SQL must be a non-empty string");
    }
    return sql;
  }

  private static Sql requireSql(Sql sql) {
    if (sql == null) {
      throw new IllegalArgumentException("Sql must not be null");
    }
    return sql;
  }

  /**
   * Runs a query and returns all rows.
   *
   * @param sql the SQL with {@code ?} placeholders
   * @param params values bound by position (Boolean as 0/1, null as NULL)
   * @return the rows, possibly empty
   * @throws IllegalArgumentException for blank SQL or a parameter count/type mismatch
   * @throws DBException when SQLite fails
   */
  public List<Row> all(String sql, Object... params) {
    return executor.all(requireSql(sql), params(params));
  }

  /**
   * Runs a query built with {@link Sql} and returns all rows.
   *
   * @param sql the query
   * @return the rows
   * @throws DBException when SQLite fails
   */
  public List<Row> all(Sql sql) {
    return executor.all(requireSql(requireSql(sql).text()), sql.params());
  }

  /**
   * Runs a query and returns the first row.
   *
   * @param sql the SQL
   * @param params positional parameters
   * @return the first row, or empty
   * @throws DBException when SQLite fails
   */
  public Optional<Row> get(String sql, Object... params) {
    return executor.get(requireSql(sql), params(params));
  }

  /**
   * Runs a query built with {@link Sql} and returns the first row.
   *
   * @param sql the query
   * @return the first row, or empty
   * @throws DBException when SQLite fails
   */
  public Optional<Row> get(Sql sql) {
    return executor.get(requireSql(requireSql(sql).text()), sql.params());
  }

  /**
   * Runs a write statement.
   *
   * @param sql the SQL
   * @param params positional parameters
   * @return the last inserted rowid and the number of changed rows
   * @throws DBException when SQLite fails (e.g. SQLITE_READONLY on a read-only DB)
   */
  public RunResult run(String sql, Object... params) {
    return executor.run(requireSql(sql), params(params));
  }

  /**
   * Runs a write statement built with {@link Sql}.
   *
   * @param sql the statement
   * @return the last inserted rowid and the number of changed rows
   * @throws DBException when SQLite fails
   */
  public RunResult run(Sql sql) {
    return executor.run(requireSql(requireSql(sql).text()), sql.params());
  }

  /**
   * Runs one or more statements separated by semicolons, without parameters.
   *
   * @param script the SQL script
   * @throws DBException when SQLite fails (statements before the failing one have run)
   */
  public void exec(String script) {
    executor.exec(requireSql(script));
  }

  /**
   * Streams the rows of a query one at a time, never holding the whole result in memory.
   * The callback runs on the calling thread while the statement is open; it may run other
   * queries.
   *
   * @param sql the SQL
   * @param params positional parameters (null = none)
   * @param onRow called for each row
   * @throws DBException when SQLite fails
   */
  public void each(String sql, List<?> params, Consumer<Row> onRow) {
    if (onRow == null) {
      throw new IllegalArgumentException("each: onRow callback must not be null");
    }
    executor.each(requireSql(sql), params == null ? List.of() : params, onRow);
  }

  /**
   * Streams the rows of a query built with {@link Sql}.
   *
   * @param sql the query
   * @param onRow called for each row
   * @throws DBException when SQLite fails
   */
  public void each(Sql sql, Consumer<Row> onRow) {
    each(requireSql(sql).text(), sql.params(), onRow);
  }

  /**
   * A statement handle cached per SQL text: preparing the same SQL twice returns the same
   * handle. It survives {@link #close()} and reopen (re-prepared lazily on each connection).
   *
   * @param sql the SQL
   * @return the handle
   * @throws IllegalArgumentException for blank SQL
   */
  public Statement prepare(String sql) {
    requireSql(sql);
    return statements.computeIfAbsent(sql, s -> new PreparedHandle(s, executor, h -> statements.remove(s, h)));
  }

  /**
   * Runs the body in a transaction ({@code BEGIN IMMEDIATE ... COMMIT}) and returns its
   * result; rolls back and rethrows when it throws (checked exceptions are wrapped in a
   * {@link StratoException}). Called while the same thread is already in a transaction, the
   * body simply runs inside that one. Calls from several threads run one at a time.
   *
   * <pre>{@code
   * long n = db.withTransaction(() -> {
   *   long c = db.get("SELECT n FROM counter").orElseThrow().getLong("n");
   *   db.run("UPDATE counter SET n = ?", c + 1);
   *   return c + 1;
   * });
   * }</pre>
   *
   * @param body the work
   * @param <T> the result type
   * @return the body's result
   * @throws DBException when the DB is read-only or stays locked past the busy timeout
   */
  public <T> T withTransaction(TxBody<T> body) {
    if (body == null) {
      throw new IllegalArgumentException("withTransaction: body must not be null");
    }
    return executor.withOpen(() -> connections.transaction(body));
  }

  /**
   * Runs the body in a transaction, like {@link #withTransaction(TxBody)}, without a result.
   *
   * @param body the work
   * @throws DBException when the DB is read-only or stays locked past the busy timeout
   */
  public void withTransaction(TxRunnable body) {
    if (body == null) {
      throw new IllegalArgumentException("withTransaction: body must not be null");
    }
    withTransaction(() -> {
      body.run();
      return null;
    });
  }

  /**
   * Runs the body in a savepoint inside the calling thread's transaction (or in a new
   * transaction when there is none). When the body throws, only its own changes are rolled
   * back and the exception is rethrown; the surrounding transaction goes on.
   *
   * @param body the work
   * @param <T> the result type
   * @return the body's result
   * @throws DBException when SQLite fails
   */
  public <T> T withSavepoint(TxBody<T> body) {
    if (body == null) {
      throw new IllegalArgumentException("withSavepoint: body must not be null");
    }
    return executor.withOpen(() -> connections.savepoint(body));
  }

  /**
   * Whether the calling thread is inside {@link #withTransaction(TxBody)}.
   *
   * @return true inside a transaction on this thread
   */
  public boolean inTransaction() {
    return connections.inTransaction();
  }

  /**
   * {@code PRAGMA user_version}, as committed (or as written by this thread's transaction).
   *
   * @return the user version
   */
  public int userVersion() {
    return executor.withOpen(() -> connections.onReader(c -> executor.pragmaInt(c, "PRAGMA user_version")))
        .intValue();
  }

  /**
   * Sets {@code PRAGMA user_version}.
   *
   * @param v the new version
   * @throws DBException on a read-only DB
   */
  public void userVersion(int v) {
    // exec, not run: every version is a different SQL text, and caching each one as a prepared
    // statement would push the hot statements out of the per-connection cache.
    executor.exec("PRAGMA user_version = " + v);
  }

  /**
   * {@code PRAGMA data_version} on a dedicated connection: it changes whenever any other
   * connection (of this DB or another process) commits, so a cache can tell whether the file
   * changed since it last looked.
   *
   * @return the data version
   */
  public long dataVersion() {
    return executor.withOpen(() -> connections.onProbe(c -> executor.pragmaInt(c, "PRAGMA data_version")));
  }

  /**
   * Registers named migrations under a group (usually a model name). All registered
   * migrations run at open, in one transaction, ordered by run key {@code "<name> <group>"}
   * (string order), each once per database; done keys are recorded in the table
   * {@code "{sdb} migrations"}. A failing migration rolls the whole batch back and fails the
   * open.
   *
   * @param group the group name
   * @param migrations migration name to migration
   * @throws IllegalArgumentException for empty names or a duplicate migration
   * @throws StratoException when the DB was already opened
   */
  public void registerMigrations(String group, Map<String, Migration> migrations) {
    this.migrations.register(group, migrations);
  }

  /**
   * Creates a model bound to this DB and registers it in {@link #store()} under its name.
   *
   * <pre>{@code
   * JsonModel<ObjectNode> docs = db.addModel(d -> new JsonModel<>(d, ModelConfig.builder("docs").build()));
   * }</pre>
   *
   * @param factory creates the model from this DB
   * @param <M> the model type
   * @return the model
   * @throws IllegalArgumentException when the factory returns null, a model without a name,
   *     or a name already taken
   */
  public <M extends DBModel> M addModel(Function<DB, M> factory) {
    if (factory == null) {
      throw new IllegalArgumentException("addModel: factory must not be null");
    }
    M model = factory.apply(this);
    if (model == null || model.name() == null || model.name().isEmpty()) {
      throw new IllegalArgumentException("DB '" + name() + "': addModel factory returned no model or a model without a name");
    }
    synchronized (models) {
      if (models.containsKey(model.name())) {
        throw new IllegalArgumentException("DB '" + name() + "': a model named '" + model.name() + "' already exists");
      }
      models.put(model.name(), model);
    }
    return model;
  }

  /**
   * The registered models by name, in registration order.
   *
   * @return an unmodifiable snapshot
   */
  public Map<String, DBModel> store() {
    synchronized (models) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }
  }

  /**
   * A registered model, typed.
   *
   * @param name the model name
   * @param type the expected class
   * @param <M> the model type
   * @return the model
   * @throws IllegalArgumentException when there is no such model, it has another type, or
   *     type is null
   */
  public <M> M model(String name, Class<M> type) {
    if (type == null) {
      throw new IllegalArgumentException("DB '" + name() + "': model(name, type): type must not be null");
    }
    DBModel m = name == null ? null : models.get(name);
    if (m == null) {
      throw new IllegalArgumentException("DB '" + name() + "' has no model named '" + name + "'; models: " + store().keySet());
    }
    if (!type.isInstance(m)) {
      throw new IllegalArgumentException("Model '" + name + "' is a " + m.getClass().getName() + ", not a " + type.getName());
    }
    return type.cast(m);
  }

  /**
   * Runs the function once, right after the next successful open (after migrations and
   * {@code onDidOpen}); when the DB is already open it runs now, on the calling thread.
   * If it throws, the open fails and it runs again on the next open attempt.
   *
   * @param fn the function
   */
  public void runOnceOnOpen(Consumer<DB> fn) {
    if (fn == null) {
      throw new IllegalArgumentException("runOnceOnOpen: fn must not be null");
    }
    synchronized (openLock) {
      if (!open) {
        synchronized (runOnce) {
          runOnce.add(fn);
        }
        return;
      }
    }
    fn.accept(this);
  }

  /**
   * Adds a listener for transactions and queries.
   *
   * @param listener the listener
   * @return a handle; {@code close()} removes the listener
   */
  public AutoCloseable addListener(DBListener listener) {
    if (listener == null) {
      throw new IllegalArgumentException("addListener: listener must not be null");
    }
    return listeners.add(listener);
  }

  /**
   * Whether the housekeeping thread (auto-vacuum / optimize) is running. For tests and
   * diagnostics.
   *
   * @return true while it runs
   */
  public boolean isHousekeepingRunning() {
    synchronized (openLock) {
      return housekeeper != null && housekeeper.isRunning();
    }
  }

  @Override
  public String toString() {
    return "DB[" + name() + (settings.readOnly() ? ", read-only" : "") + (open ? ", open" : "") + "]";
  }

  /**
   * Settings for a {@link DB}. Not thread-safe; {@link #build()} produces an independent DB.
   */
  public static final class Builder {
    private Path file;
    private String name;
    private boolean readOnly;
    private int readers = 3;
    private Duration busyTimeout = Duration.ofSeconds(10);
    private boolean fullSync;
    private boolean autoVacuum;
    private Duration vacuumInterval = Duration.ofSeconds(30);
    private int vacuumPageCount = 1024;
    private Duration optimizeInterval = Duration.ofHours(2);
    private Duration checkpointInterval = Duration.ofMillis(50);
    private Runnable onWillOpen;
    private Consumer<DB> onBeforeMigrations;
    private Consumer<DB> onDidOpen;
    private MigrationInterceptor aroundMigrations;

    private Builder() {}

    /**
     * The database file (created when missing). Without it the DB lives in memory.
     *
     * @param file the file
     * @return this builder
     */
    public Builder file(Path file) {
      if (file == null) {
        throw new IllegalArgumentException("DB.Builder.file: file must not be null (omit it for an in-memory DB)");
      }
      this.file = file;
      return this;
    }

    /**
     * Opens the database read-only: no migrations; writes and transactions fail.
     *
     * @param readOnly true for read-only
     * @return this builder
     */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /**
     * The name used in errors and logs.
     *
     * @param name a non-empty name
     * @return this builder
     */
    public Builder name(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("DB.Builder.name: name must be non-empty");
      }
      this.name = name;
      return this;
    }

    /**
     * Maximum number of read connections for file DBs (default 3).
     *
     * @param readers at least 1
     * @return this builder
     */
    public Builder readers(int readers) {
      if (readers < 1) {
        throw new IllegalArgumentException("DB.Builder.readers: must be at least 1, got " + readers);
      }
      this.readers = readers;
      return this;
    }

    /**
     * How long to keep trying while another process holds a lock (default 10 s).
     *
     * @param busyTimeout zero or positive
     * @return this builder
     */
    public Builder busyTimeout(Duration busyTimeout) {
      if (busyTimeout == null || busyTimeout.isNegative()) {
        throw new IllegalArgumentException("DB.Builder.busyTimeout: must be zero or positive, got " + busyTimeout);
      }
      this.busyTimeout = busyTimeout;
      return this;
    }

    /**
     * Use {@code synchronous=FULL} (survives power loss, slower commits) instead of NORMAL
     * (survives a process crash).
     *
     * @param fullSync true for FULL
     * @return this builder
     */
    public Builder fullSync(boolean fullSync) {
      this.fullSync = fullSync;
      return this;
    }

    /**
     * Enables incremental auto-vacuum: on open the file is switched to
     * {@code auto_vacuum=INCREMENTAL} (with a one-time VACUUM if needed) and a daemon thread
     * frees {@link #vacuumPageCount(int)} pages every {@link #vacuumInterval(Duration)}.
     *
     * @param autoVacuum true to enable
     * @return this builder
     */
    public Builder autoVacuum(boolean autoVacuum) {
      this.autoVacuum = autoVacuum;
      return this;
    }

    /**
     * Time between incremental vacuum steps (default 30 s).
     *
     * @param interval positive
     * @return this builder
     */
    public Builder vacuumInterval(Duration interval) {
      if (interval == null || interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("DB.Builder.vacuumInterval: must be positive, got " + interval);
      }
      this.vacuumInterval = interval;
      return this;
    }

    /**
     * Pages freed per incremental vacuum step (default 1024).
     *
     * @param pages positive
     * @return this builder
     */
    public Builder vacuumPageCount(int pages) {
      if (pages < 1) {
        throw new IllegalArgumentException("DB.Builder.vacuumPageCount: must be positive, got " + pages);
      }
      this.vacuumPageCount = pages;
      return this;
    }

    /**
     * Time between {@code PRAGMA optimize} runs (default 2 h; {@code Duration.ZERO}
     * disables). It also runs once on close.
     *
     * @param interval zero or positive
     * @return this builder
     */
    public Builder optimizeInterval(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw new IllegalArgumentException("DB.Builder.optimizeInterval: must be zero or positive, got " + interval);
      }
      this.optimizeInterval = interval;
      return this;
    }

    /**
     * How long commits gather before a background thread copies them from the WAL into the
     * database file (default 50 ms; {@code Duration.ZERO} turns the thread off and leaves
     * checkpoints to SQLite, which runs one inside the commit that pushes the WAL past 1,000
     * pages).
     *
     * <p>Why it is on by default: a checkpoint inside a commit (two fsyncs) made up about 40 %
     * of a small write transaction's time in our benchmarks. The background thread uses its own
     * connection and a passive checkpoint, so it never blocks readers or writers. Applies to
     * writable file DBs in WAL mode only; under a continuous stream of writes the WAL file may
     * grow to about 40 MB before the writer resets it; the file is truncated back to 64 MB after a
     * bigger spike, and removed on close.
     *
     * <pre>{@code
     * DB db = DB.builder().file(path).checkpointInterval(Duration.ofMillis(200)).build();
     * }</pre>
     *
     * @param interval zero or positive
     * @return this builder
     * @throws IllegalArgumentException when null or negative
     */
    public Builder checkpointInterval(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw new IllegalArgumentException("DB.Builder.checkpointInterval: must be zero or positive, got " + interval);
      }
      this.checkpointInterval = interval;
      return this;
    }

    /**
     * Called before connecting, on every open attempt (e.g. to create the directory).
     *
     * @param fn the hook
     * @return this builder
     */
    public Builder onWillOpen(Runnable fn) {
      this.onWillOpen = fn;
      return this;
    }

    /**
     * Called after connecting and setting pragmas, before migrations. The DB is usable inside.
     *
     * @param fn the hook
     * @return this builder
     */
    public Builder onBeforeMigrations(Consumer<DB> fn) {
      this.onBeforeMigrations = fn;
      return this;
    }

    /**
     * Called after migrations, before the {@code runOnceOnOpen} functions.
     *
     * @param fn the hook
     * @return this builder
     */
    public Builder onDidOpen(Consumer<DB> fn) {
      this.onDidOpen = fn;
      return this;
    }

    /**
     * Runs the migration batch of each open inside this interceptor (see
     * {@link MigrationInterceptor}).
     *
     * @param interceptor the interceptor
     * @return this builder
     * @throws IllegalArgumentException when null
     */
    public Builder aroundMigrations(MigrationInterceptor interceptor) {
      if (interceptor == null) {
        throw new IllegalArgumentException("DB.Builder: aroundMigrations needs an interceptor");
      }
      this.aroundMigrations = interceptor;
      return this;
    }

    /**
     * Builds the DB; nothing is opened yet.
     *
     * @return the DB
     */
    public DB build() {
      return new DB(this);
    }
  }
}
