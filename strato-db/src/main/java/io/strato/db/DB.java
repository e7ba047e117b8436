package io.strato.db;

import io.strato.db.internal.ConnectionManager;
import io.strato.db.internal.DbLifecycle;
import io.strato.db.internal.DbSettings;
import io.strato.db.internal.Listeners;
import io.strato.db.internal.ModelStore;
import io.strato.db.internal.QueryRunner;
import io.strato.db.internal.SqlExecutor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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
public final class DB extends DbQueries implements AutoCloseable {
  private final DbSettings settings;
  private final Listeners listeners = new Listeners();
  private final ConnectionManager connections;
  private final SqlExecutor executor;
  private final DBMigrations migrations;
  private final ModelStore models;
  private final DbLifecycle lifecycle;

  private DB(Builder b) {
    this.settings = b.settings();
    this.migrations = new DBMigrations(this, b.migrationInterceptor());
    this.models = new ModelStore(settings.name());
    this.connections = new ConnectionManager(settings, listeners);
    TxBody<Void> migrate = () -> {
      migrations.runPending();
      return null;
    };
    this.lifecycle = new DbLifecycle(settings, connections, new DbLifecycle.OpenSteps(b.willOpenHook(),
        bound(b.beforeMigrationsHook()), migrate, migrations::markRan, bound(b.didOpenHook())));
    this.executor = new SqlExecutor(connections, new QueryRunner(settings.name(), listeners), lifecycle::ensureOpen);
  }

  private Runnable bound(Consumer<DB> hook) {
    return hook == null ? null : () -> hook.accept(this);
  }

  @Override
  SqlExecutor executor() {
    return executor;
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
    return lifecycle.isOpen();
  }

  /**
   * Opens the DB now instead of on first use. Does nothing when already open.
   *
   * @throws DBException when SQLite cannot open the file or it is not a database
   * @throws StratoException when a hook or migration fails (the DB stays closed)
   */
  public void open() {
    lifecycle.ensureOpen();
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
    lifecycle.close();
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
    requireArg(body, "withTransaction: body must not be null");
    return executor.withOpen(() -> connections.transaction(body));
  }

  /**
   * Runs the body in a transaction, like {@link #withTransaction(TxBody)}, without a result.
   *
   * @param body the work
   * @throws DBException when the DB is read-only or stays locked past the busy timeout
   */
  public void withTransaction(TxRunnable body) {
    requireArg(body, "withTransaction: body must not be null");
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
    requireArg(body, "withSavepoint: body must not be null");
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
    requireArg(factory, "addModel: factory must not be null");
    return models.add(factory.apply(this));
  }

  /**
   * The registered models by name, in registration order.
   *
   * @return an unmodifiable snapshot
   */
  public Map<String, DBModel> store() {
    return models.snapshot();
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
    return models.get(name, type);
  }

  /**
   * Runs the function once, right after the next successful open (after migrations and
   * {@code onDidOpen}); when the DB is already open it runs now, on the calling thread.
   * If it throws, the open fails and it runs again on the next open attempt.
   *
   * @param fn the function
   */
  public void runOnceOnOpen(Consumer<DB> fn) {
    requireArg(fn, "runOnceOnOpen: fn must not be null");
    lifecycle.runOnceOnOpen(() -> fn.accept(this));
  }

  /**
   * Adds a listener for transactions and queries.
   *
   * @param listener the listener
   * @return a handle; {@code close()} removes the listener
   */
  public AutoCloseable addListener(DBListener listener) {
    requireArg(listener, "addListener: listener must not be null");
    return listeners.add(listener);
  }

  /**
   * Whether the housekeeping thread (auto-vacuum / optimize) is running. For tests and
   * diagnostics.
   *
   * @return true while it runs
   */
  public boolean isHousekeepingRunning() {
    return lifecycle.isHousekeepingRunning();
  }

  @Override
  public String toString() {
    return "DB[" + name() + (settings.readOnly() ? ", read-only" : "") + (isOpen() ? ", open" : "") + "]";
  }

  /**
   * Settings for a {@link DB}. Not thread-safe; {@link #build()} produces an independent DB.
   */
  public static final class Builder extends DbBuilderSettings {
    private Builder() {}

    @Override
    Builder self() {
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
