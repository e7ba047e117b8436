package io.strato.es;

import io.strato.db.DB;
import io.strato.es.internal.EsSettings;
import io.strato.es.internal.LogSetup;
import io.strato.es.internal.ModelRegistry;
import io.strato.es.internal.processing.ProcessingSettings;
import io.strato.es.log.EventLog;
import io.strato.es.log.ProcessedRecords;
import io.strato.es.spi.Deriver;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.Preprocessor;
import io.strato.es.spi.Reducer;
import io.strato.es.spi.Transactor;
import io.strato.es.spi.Upcaster;
import io.strato.queue.EventQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The settings half of {@link EventSourcingDB.Builder}: one setter per setting, each validated
 * where it is set, and {@link #settings()} freezing them into the internal record the DB is
 * built from. Package-private: users only ever see {@code EventSourcingDB.Builder}, whose
 * documentation includes these methods. It lives in its own file only so that
 * {@code EventSourcingDB.java} stays a readable facade; nothing else extends it.
 */
abstract class EsBuilderSettings {
  private Path file;
  private Path queueFile;
  private EventQueue queue;
  private boolean readOnly;
  private boolean withViews;
  private String name;
  private ModelRegistry registry = new ModelRegistry();
  private boolean replica;
  private Duration backoffInitial = Duration.ofSeconds(1);
  private Duration backoffMax = Duration.ofSeconds(30);
  private int maxRetries = 10;
  private int batchSize = 100;
  private int maxDepth = 100;
  private Runnable onWillOpen;
  private Consumer<DB> onBeforeMigrations;
  private Consumer<DB> onDidOpen;
  private Consumer<DB.Builder> dbSettings;
  private final List<ProcessingListener> listeners = new ArrayList<>();
  private EventLog eventLog;
  private ProcessedRecords processedRecords;

  /**
   * Uses this event log instead of an SQLite queue (see {@link EventLog} for the contract;
   * {@link #queueFile} and {@link #queue} are shorthands for {@link io.strato.es.log.SqliteEventLog}).
   * When the log does not keep processed records itself, give {@link #processedRecords} too.
   *
   * @param log the log
   * @return this
   * @throws IllegalArgumentException for null
   */
  public EventSourcingDB.Builder eventLog(EventLog log) {
    if (log == null) {
      throw new IllegalArgumentException("EventSourcingDB.eventLog: must not be null");
    }
    this.eventLog = log;
    return self();
  }

  /**
   * Where processed records go, for an {@link #eventLog} that does not keep them.
   *
   * @param records the records
   * @return this
   * @throws IllegalArgumentException for null
   */
  public EventSourcingDB.Builder processedRecords(ProcessedRecords records) {
    if (records == null) {
      throw new IllegalArgumentException("EventSourcingDB.processedRecords: must not be null");
    }
    this.processedRecords = records;
    return self();
  }

  /**
   * Adds a processing listener (metrics, tracing): told after each commit about the batch,
   * each processed event, failures and the lag. See {@link ProcessingListener} for threads.
   *
   * @param listener the listener
   * @return this
   * @throws IllegalArgumentException for null
   */
  public EventSourcingDB.Builder listener(ProcessingListener listener) {
    if (listener == null) {
      throw new IllegalArgumentException("EventSourcingDB.listener: must not be null");
    }
    listeners.add(listener);
    return self();
  }

  /**
   * The state file (default: in memory).
   *
   * @param file the file
   * @return this
   */
  public EventSourcingDB.Builder file(Path file) {
    this.file = file;
    return self();
  }

  /**
   * Keeps the queue in its own file.
   *
   * @param queueFile the queue file
   * @return this
   */
  public EventSourcingDB.Builder queueFile(Path queueFile) {
    this.queueFile = queueFile;
    return self();
  }

  /**
   * Uses this queue (in any DB).
   *
   * @param queue the queue
   * @return this
   */
  public EventSourcingDB.Builder queue(EventQueue queue) {
    this.queue = queue;
    return self();
  }

  /**
   * Opens read-only: models can be read, nothing is processed or dispatched.
   *
   * @param readOnly read-only
   * @return this
   */
  public EventSourcingDB.Builder readOnly(boolean readOnly) {
    this.readOnly = readOnly;
    return self();
  }

  /**
   * Adds the queue's size triggers and helper views.
   *
   * @param withViews whether to add them
   * @return this
   */
  public EventSourcingDB.Builder withViews(boolean withViews) {
    this.withViews = withViews;
    return self();
  }

  /**
   * The name used in logs and errors (default: the file name).
   *
   * @param name the name
   * @return this
   */
  public EventSourcingDB.Builder name(String name) {
    this.name = name;
    return self();
  }

  /**
   * Registers a model.
   *
   * @param model the model
   * @return this
   */
  public EventSourcingDB.Builder model(EventModel model) {
    registry.add(model);
    return self();
  }

  /**
   * Registers a standalone preprocessor.
   *
   * @param p the preprocessor
   * @return this
   */
  public EventSourcingDB.Builder preprocessor(Preprocessor p) {
    registry.add(p);
    return self();
  }

  /**
   * Registers a standalone reducer.
   *
   * @param r the reducer
   * @return this
   */
  public EventSourcingDB.Builder reducer(Reducer r) {
    registry.add(r);
    return self();
  }

  /**
   * Registers a standalone deriver.
   *
   * @param d the deriver
   * @return this
   */
  public EventSourcingDB.Builder deriver(Deriver d) {
    registry.add(d);
    return self();
  }

  /**
   * Registers a standalone transactor.
   *
   * @param t the transactor
   * @return this
   */
  public EventSourcingDB.Builder transactor(Transactor t) {
    registry.add(t);
    return self();
  }

  /**
   * Registers an upcaster: it rewrites stored events of its type before preprocess, in
   * processing, rebuilds and replays; the stored event stays as it is.
   *
   * <pre>{@code
   * EventSourcingDB.builder().file(path).upcaster(new AccountOpenedV1()).discoverModels().build();
   * }</pre>
   *
   * @param u the upcaster
   * @return this
   * @throws IllegalArgumentException for null
   */
  public EventSourcingDB.Builder upcaster(Upcaster u) {
    registry.addUpcaster(u);
    return self();
  }

  /** The settings a replay of this DB's history uses: same code and DB settings, no hooks, listeners or init events. */
  EventSourcingDB.Builder replicaCopy() {
    EsBuilderSettings c = EventSourcingDB.builder();
    c.registry = registry.copy();
    c.replica = true;
    c.batchSize = Math.max(batchSize, 500);
    c.maxDepth = maxDepth;
    c.maxRetries = 1;
    c.dbSettings = dbSettings;
    return c.self();
  }

  /**
   * Adds every {@link EventModel}, {@link Preprocessor}, {@link Reducer}, {@link Deriver},
   * {@link Transactor} and {@link Upcaster} that {@link java.util.ServiceLoader} finds
   * ({@code META-INF/services} on the class path, {@code provides} on the module path).
   *
   * @return this
   * @throws java.util.ServiceConfigurationError when a provider cannot be loaded
   */
  public EventSourcingDB.Builder discoverModels() {
    registry.discover(null);
    return self();
  }

  /**
   * The retry back-off after a failed event: starts at {@code initial}, doubles, capped at
   * {@code max} (default 1 s and 30 s).
   *
   * @param initial the first delay
   * @param max the longest delay
   * @return this
   * @throws IllegalArgumentException for null, negative or inverted durations
   */
  public EventSourcingDB.Builder retryBackoff(Duration initial, Duration max) {
    if (initial == null || max == null || initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("EventSourcingDB.retryBackoff: need 0 < initial <= max");
    }
    this.backoffInitial = initial;
    this.backoffMax = max;
    return self();
  }

  /**
   * Attempts at a failing event before processing stops until restarted (default 10).
   *
   * @param maxRetries at least 1
   * @return this
   */
  public EventSourcingDB.Builder maxRetries(int maxRetries) {
    if (maxRetries < 1) {
      throw new IllegalArgumentException("EventSourcingDB.maxRetries: must be >= 1");
    }
    this.maxRetries = maxRetries;
    return self();
  }

  /**
   * The most queued events processed in one SQLite transaction (default 100; each has its
   * own savepoint). 1 gives one transaction per event.
   *
   * @param batchSize at least 1
   * @return this
   */
  public EventSourcingDB.Builder batchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("EventSourcingDB.batchSize: must be >= 1");
    }
    this.batchSize = batchSize;
    return self();
  }

  /**
   * The deepest sub-event nesting (default 100).
   *
   * @param maxDepth at least 1
   * @return this
   */
  public EventSourcingDB.Builder maxDepth(int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("EventSourcingDB.maxDepth: must be >= 1");
    }
    this.maxDepth = maxDepth;
    return self();
  }

  /**
   * Runs before the state DB opens.
   *
   * @param fn the hook
   * @return this
   */
  public EventSourcingDB.Builder onWillOpen(Runnable fn) {
    this.onWillOpen = fn;
    return self();
  }

  /**
   * Runs after the state DB's connection opened, before migrations.
   *
   * @param fn the hook
   * @return this
   */
  public EventSourcingDB.Builder onBeforeMigrations(Consumer<DB> fn) {
    this.onBeforeMigrations = fn;
    return self();
  }

  /**
   * Runs after the state DB's migrations.
   *
   * @param fn the hook
   * @return this
   */
  public EventSourcingDB.Builder onDidOpen(Consumer<DB> fn) {
    this.onDidOpen = fn;
    return self();
  }

  /**
   * Tunes the SQLite connections: called with the {@code DB.Builder} of the state DB (and of
   * the queue DB when {@link #queueFile} is set) before it is built, for settings such as
   * {@code busyTimeout}, {@code readers}, {@code fullSync}, {@code autoVacuum} or
   * {@code checkpointInterval}. The file, name and read-only flag always come from this
   * builder, and hooks set in here are ignored: the state DB's hooks are
   * {@link #onWillOpen}, {@link #onBeforeMigrations} and {@link #onDidOpen}.
   *
   * <pre>{@code
   * EventSourcingDB.builder().file(path)
   *     .dbSettings(db -> db.fullSync(true).busyTimeout(Duration.ofSeconds(30)))
   *     .build();
   * }</pre>
   *
   * @param settings applied to each DB builder
   * @return this
   */
  public EventSourcingDB.Builder dbSettings(Consumer<DB.Builder> settings) {
    this.dbSettings = settings;
    return self();
  }

  /** A DB builder with the given tuning and none of the user's hooks (those are the state DB's own). */
  private static DB.Builder tunedDbBuilder(Consumer<DB.Builder> tuning) {
    DB.Builder db = DB.builder();
    if (tuning != null) {
      tuning.accept(db);
    }
    return db.onWillOpen(null).onBeforeMigrations(null).onDidOpen(null);
  }

  /** This builder, typed as what users hold. */
  abstract EventSourcingDB.Builder self();

  /** The settings, frozen (the builder may be changed and built again afterwards). */
  EsSettings settings() {
    Consumer<DB.Builder> tuning = dbSettings; // frozen: changing the builder later changes no built DB
    String n = name != null ? name : file == null ? ":memory:" : String.valueOf(file.getFileName());
    return new EsSettings(file, n, readOnly, replica, registry,
        new LogSetup.Request(eventLog, processedRecords, queue, queueFile, file == null, withViews, readOnly),
        new ProcessingSettings(batchSize, backoffInitial, backoffMax, maxRetries, maxDepth, List.copyOf(listeners)),
        new EsSettings.OpenHooks(onWillOpen, onBeforeMigrations, onDidOpen), () -> tunedDbBuilder(tuning));
  }
}
