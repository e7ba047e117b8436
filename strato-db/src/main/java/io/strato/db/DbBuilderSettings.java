package io.strato.db;

import io.strato.db.internal.DbSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The settings half of {@link DB.Builder}: one setter per setting, each validated where it is
 * set, and {@link #settings()} freezing them into the internal record the DB is built from.
 * Package-private: users only ever see {@code DB.Builder}, whose documentation includes these
 * methods. It lives in its own file only so that {@code DB.java} stays a readable facade;
 * nothing else extends it.
 */
abstract class DbBuilderSettings {
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

  /**
   * The database file (created when missing). Without it the DB lives in memory.
   *
   * @param file the file
   * @return this builder
   */
  public DB.Builder file(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("DB.Builder.file: file must not be null (omit it for an in-memory DB)");
    }
    this.file = file;
    return self();
  }

  /**
   * Opens the database read-only: no migrations; writes and transactions fail.
   *
   * @param readOnly true for read-only
   * @return this builder
   */
  public DB.Builder readOnly(boolean readOnly) {
    this.readOnly = readOnly;
    return self();
  }

  /**
   * The name used in errors and logs.
   *
   * @param name a non-empty name
   * @return this builder
   */
  public DB.Builder name(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("DB.Builder.name: name must be non-empty");
    }
    this.name = name;
    return self();
  }

  /**
   * Maximum number of read connections for file DBs (default 3).
   *
   * @param readers at least 1
   * @return this builder
   */
  public DB.Builder readers(int readers) {
    if (readers < 1) {
      throw new IllegalArgumentException("DB.Builder.readers: must be at least 1, got " + readers);
    }
    this.readers = readers;
    return self();
  }

  /**
   * How long to keep trying while another process holds a lock (default 10 s).
   *
   * @param busyTimeout zero or positive
   * @return this builder
   */
  public DB.Builder busyTimeout(Duration busyTimeout) {
    if (busyTimeout == null || busyTimeout.isNegative()) {
      throw new IllegalArgumentException("DB.Builder.busyTimeout: must be zero or positive, got " + busyTimeout);
    }
    this.busyTimeout = busyTimeout;
    return self();
  }

  /**
   * Use {@code synchronous=FULL} (survives power loss, slower commits) instead of NORMAL
   * (survives a process crash).
   *
   * @param fullSync true for FULL
   * @return this builder
   */
  public DB.Builder fullSync(boolean fullSync) {
    this.fullSync = fullSync;
    return self();
  }

  /**
   * Enables incremental auto-vacuum: on open the file is switched to
   * {@code auto_vacuum=INCREMENTAL} (with a one-time VACUUM if needed) and a daemon thread
   * frees {@link #vacuumPageCount(int)} pages every {@link #vacuumInterval(Duration)}.
   *
   * @param autoVacuum true to enable
   * @return this builder
   */
  public DB.Builder autoVacuum(boolean autoVacuum) {
    this.autoVacuum = autoVacuum;
    return self();
  }

  /**
   * Time between incremental vacuum steps (default 30 s).
   *
   * @param interval positive
   * @return this builder
   */
  public DB.Builder vacuumInterval(Duration interval) {
    if (interval == null || interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("DB.Builder.vacuumInterval: must be positive, got " + interval);
    }
    this.vacuumInterval = interval;
    return self();
  }

  /**
   * Pages freed per incremental vacuum step (default 1024).
   *
   * @param pages positive
   * @return this builder
   */
  public DB.Builder vacuumPageCount(int pages) {
    if (pages < 1) {
      throw new IllegalArgumentException("DB.Builder.vacuumPageCount: must be positive, got " + pages);
    }
    this.vacuumPageCount = pages;
    return self();
  }

  /**
   * Time between {@code PRAGMA optimize} runs (default 2 h; {@code Duration.ZERO}
   * disables). It also runs once on close.
   *
   * @param interval zero or positive
   * @return this builder
   */
  public DB.Builder optimizeInterval(Duration interval) {
    if (interval == null || interval.isNegative()) {
      throw new IllegalArgumentException("DB.Builder.optimizeInterval: must be zero or positive, got " + interval);
    }
    this.optimizeInterval = interval;
    return self();
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
  public DB.Builder checkpointInterval(Duration interval) {
    if (interval == null || interval.isNegative()) {
      throw new IllegalArgumentException("DB.Builder.checkpointInterval: must be zero or positive, got " + interval);
    }
    this.checkpointInterval = interval;
    return self();
  }

  /**
   * Called before connecting, on every open attempt (e.g. to create the directory).
   *
   * @param fn the hook
   * @return this builder
   */
  public DB.Builder onWillOpen(Runnable fn) {
    this.onWillOpen = fn;
    return self();
  }

  /**
   * Called after connecting and setting pragmas, before migrations. The DB is usable inside.
   *
   * @param fn the hook
   * @return this builder
   */
  public DB.Builder onBeforeMigrations(Consumer<DB> fn) {
    this.onBeforeMigrations = fn;
    return self();
  }

  /**
   * Called after migrations, before the {@code runOnceOnOpen} functions.
   *
   * @param fn the hook
   * @return this builder
   */
  public DB.Builder onDidOpen(Consumer<DB> fn) {
    this.onDidOpen = fn;
    return self();
  }

  /**
   * Runs the migration batch of each open inside this interceptor (see
   * {@link MigrationInterceptor}).
   *
   * @param interceptor the interceptor
   * @return this builder
   * @throws IllegalArgumentException when null
   */
  public DB.Builder aroundMigrations(MigrationInterceptor interceptor) {
    if (interceptor == null) {
      throw new IllegalArgumentException("DB.Builder: aroundMigrations needs an interceptor");
    }
    this.aroundMigrations = interceptor;
    return self();
  }

  /** The concrete builder, returned by every setter so that calls chain. */
  abstract DB.Builder self();

  /** The settings as they are now, frozen: changing the builder later changes no built DB. */
  DbSettings settings() {
    return new DbSettings(file, name != null ? name : defaultName(file), readOnly, readers, busyTimeout,
        fullSync, autoVacuum, vacuumInterval, vacuumPageCount, optimizeInterval, checkpointInterval);
  }

  private static String defaultName(Path file) {
    if (file == null) {
      return ":memory:";
    }
    Path fn = file.getFileName();
    return fn == null ? file.toString() : fn.toString();
  }

  Runnable willOpenHook() {
    return onWillOpen;
  }

  Consumer<DB> beforeMigrationsHook() {
    return onBeforeMigrations;
  }

  Consumer<DB> didOpenHook() {
    return onDidOpen;
  }

  MigrationInterceptor migrationInterceptor() {
    return aroundMigrations;
  }
}
