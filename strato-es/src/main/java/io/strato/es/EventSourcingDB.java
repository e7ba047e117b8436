package io.strato.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBModel;
import io.strato.db.StratoException;
import io.strato.es.internal.CallGate;
import io.strato.es.internal.EventData;
import io.strato.es.internal.LogSetup;
import io.strato.es.internal.ModelPhases;
import io.strato.es.internal.ModelRegistry;
import io.strato.es.internal.OpenReport;
import io.strato.es.internal.processing.ProcessingLoop;
import io.strato.es.internal.processing.ProcessingParts;
import io.strato.es.internal.processing.ProcessingSettings;
import io.strato.es.internal.processing.Stage;
import io.strato.es.internal.processing.Upcasters;
import io.strato.es.internal.ops.HistoryOperations;
import io.strato.es.internal.ops.OpsContext;
import io.strato.es.spi.Upcaster;
import io.strato.es.log.EventLog;
import io.strato.es.log.ProcessedRecords;
import io.strato.es.internal.UpstreamMigrations;
import io.strato.es.spi.Deriver;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.Preprocessor;
import io.strato.es.spi.Reducer;
import io.strato.es.spi.Transactor;
import io.strato.jsonmodel.ModelConfig;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event-sourcing database ("server-side Redux") on SQLite: every change is an event in the
 * queue; events are processed strictly in order, each atomically, by the models' phases
 * (preprocess → reduce → apply → derive → sub-events → transact). The state DB's
 * {@code user_version} is the version of the last applied event.
 *
 * <pre>{@code
 * // META-INF/services/io.strato.es.spi.EventModel lists com.example.Accounts
 * try (EventSourcingDB es = EventSourcingDB.builder().file(Path.of("bank.db")).discoverModels().build()) {
 *   Event e = es.dispatch("account/opened", Map.of("id", "a1", "owner", "Ada"));   // processed when it returns
 *   ESModel<ObjectNode> accounts = es.model("accounts", ESModel.class);
 *   long open = accounts.count(Map.of("owner", "Ada"));
 * }
 * }</pre>
 *
 * <h2>Processing</h2>
 * Several queued events are processed per SQLite transaction, each in its own savepoint.
 *
 * <p><b>Rejected is not failed.</b> A model that refuses an event for a business reason returns
 * {@code ReduceResult.reject(reason)} (or a preprocessor throws {@code EventRejection}): the
 * event is processed, nothing is applied, the reason is stored on it, result listeners see it,
 * and {@link #dispatch} throws {@link EventRejectedException}. The log goes on.
 *
 * <p><b>A failure halts the log.</b> An exception thrown by a phase, or
 * {@code ReduceResult.error}, means the code cannot handle the event: its changes roll back, it
 * is stored with its {@code error}, and processing halts at it. It is retried with growing
 * back-off ({@link Builder#retryBackoff}) up to {@link Builder#maxRetries} attempts, then waits
 * until the next {@code dispatch}, {@code handledVersion} or {@code startPolling} restarts it.
 * While halted, {@code dispatch} fails fast with {@link ProcessingHaltedException} and does not
 * add its event; {@code handledVersion} retries once at once and then fails the same way. Fix
 * the code and restart, or replace the event with {@code queue().set(...)}, to continue.
 * Callers are woken after the commit.
 *
 * <h2>Threads</h2>
 * Safe to share. {@link #dispatch} blocks the caller, who helps process (no thread hand-off
 * when nobody else is processing). Phases run on the processing thread inside the
 * transaction; models read from other threads see committed state only. Calling
 * {@code dispatch} from a preprocessor, reducer or deriver is an error (use
 * {@code ctx.addEvent}); inside {@code transact}, {@code ctx.dispatch} runs a sub-event.
 *
 * <h2>Files</h2>
 * The queue lives in the state file by default (one transaction covers state, version and the
 * stored result), in its own file with {@link Builder#queueFile}, or is passed in with
 * {@link Builder#queue}. Several processes may open the same files: each event is processed
 * once, by whoever gets the write lock first.
 */
public final class EventSourcingDB implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventSourcingDB.class);

  private final String name;
  private final boolean readOnly;
  private final DB db;
  private final DB queueDb;
  private final EventQueue queue;
  private final EventLog log;
  private final ProcessingLoop processor;
  private final ObjectMapper mapper;
  private final CallGate gate = new CallGate();
  /** The log's own SQLite DB when it is not the state DB (checked on every dispatch), else null. */
  private final DB separateLogDb;
  private final List<Consumer<Event>> resultListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Event>> errorListeners = new CopyOnWriteArrayList<>();
  private final Set<String> initPending = new HashSet<>();
  private final String modelsDescription;
  private final List<Stage> stages;
  private final Builder replicaTemplate;
  private final ProcessedRecords records;
  private volatile Operations operations;

  private EventSourcingDB(Builder b) {
    OpenReport.checkDistinctFiles(b.file, b.queueFile);
    List<ModelPhases> phases = b.registry.resolve();
    this.modelsDescription = b.registry.describe();
    this.readOnly = b.readOnly;
    this.name = b.name != null ? b.name : b.file == null ? ":memory:" : String.valueOf(b.file.getFileName());
    List<String> initModels = new ArrayList<>();
    if (!b.replica) {
      // a replica (replayInto, rebuild, verify) gets its init events from the history it replays
      phases.stream().filter(ModelPhases::init).forEach(p -> initModels.add(p.name()));
    }
    DB.Builder dbb = b.tunedDbBuilder().readOnly(b.readOnly).name(name);
    if (b.file != null) {
      dbb.file(b.file);
    }
    dbb.onWillOpen(b.onWillOpen);
    dbb.onBeforeMigrations(d -> {
      for (String m : initModels) {
        if (d.get("SELECT 1 AS e FROM sqlite_master WHERE type = 'table' AND name = ?", m).isEmpty()) {
          synchronized (initPending) {
            initPending.add(m);
          }
        }
      }
      if (b.onBeforeMigrations != null) {
        b.onBeforeMigrations.accept(d);
      }
    });
    dbb.onDidOpen(d -> {
      if (b.onDidOpen != null) {
        b.onDidOpen.accept(d);
      }
      if (!readOnly) {
        afterOpen(d);
      } else {
        reportReadOnlyOpen(d);
      }
    });
    this.db = dbb.build();
    if (!b.readOnly) {
      db.registerMigrations("ESDB", UpstreamMigrations.esdb());
    }
    LogSetup logs = LogSetup.choose(new LogSetup.Request(b.eventLog, b.processedRecords, b.queue, b.queueFile,
        b.file == null, b.withViews, b.readOnly), db, b::tunedDbBuilder);
    this.queueDb = logs.queueDb();
    this.queue = logs.queue();
    this.log = logs.log();
    this.separateLogDb = log.stateDb().filter(d -> d != db).orElse(null);
    logs.records().attach(db); // e.g. records kept in a table of the state file (strato-es-postgres)
    List<Stage> stages = new ArrayList<>();
    for (ModelPhases p : phases) {
      stages.add(new Stage(p, addModel(p)));
    }
    this.stages = List.copyOf(stages);
    this.records = logs.records();
    this.replicaTemplate = b.replicaCopy();
    Upcasters upcasters = new Upcasters(b.registry.upcasters());
    this.mapper = queue != null ? queue.objectMapper() : new ObjectMapper();
    this.processor = b.readOnly ? null : new ProcessingLoop(
        new ProcessingParts(name, db, log, logs.records(), stages, db.store(), mapper,
            e -> resultListeners.forEach(l -> l.accept(e)), e -> errorListeners.forEach(l -> l.accept(e)),
            upcasters),
        new ProcessingSettings(b.batchSize, b.backoffInitial, b.backoffMax, b.maxRetries, b.maxDepth,
            List.copyOf(b.listeners)));
  }

  private ESModel<?> addModel(ModelPhases p) {
    ModelConfig<?> cfg = p.config() != null ? p.config() : ModelConfig.builder(p.name()).build();
    if (!cfg.name().equals(p.name())) {
      throw new IllegalArgumentException("EventSourcingDB: model '" + p.name() + "' (" + p.sources()
          + ") has a config named '" + cfg.name() + "'");
    }
    return createModel(cfg);
  }

  private <T> ESModel<T> createModel(ModelConfig<T> cfg) {
    return db.addModel(d -> new ESModel<>(d, cfg, dispatcher()));
  }

  /**
   * What this DB's models dispatch through.
   *
   * @return the dispatcher
   */
  EventDispatcher dispatcher() {
    return new EventDispatcher() {
      @Override
      public Event dispatch(String type, Object data) {
        return EventSourcingDB.this.dispatch(type, data);
      }

      @Override
      public long attemptToken() {
        return processor == null ? -1 : processor.thread().token();
      }

      @Override
      public EventQueue queue() {
        return queue;
      }
    };
  }

  /** Runs inside the state DB's open: aligns the queue's versions, queues init events, logs where it stands. */
  private void afterOpen(DB d) {
    long v = d.userVersion();
    OpenReport.log(name, d, v, log::head, modelsDescription);
    if (v > 0 && log.head() < v) {
      LOG.info("EventSourcingDB '{}': the state is at version {}, ahead of the log; new events continue from there",
          name, v);
      log.continueAfter(v);
    }
    List<String> init;
    synchronized (initPending) {
      init = new ArrayList<>(initPending);
      initPending.clear();
    }
    if (!init.isEmpty()) {
      // After the version bump continueAfter queued for the end of the open (runOnceOnOpen runs
      // in order): appended now, an INIT event would get a version the state already has.
      d.runOnceOnOpen(x -> init.forEach(m -> log.append("es/INIT:" + m, null, 0)));
    }
  }

  private void reportReadOnlyOpen(DB d) {
    OpenReport.log(name, d, d.userVersion(), log::head, modelsDescription);
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The history operations: status, history, retry, replace, skip, rebuild, replay, verify,
   * snapshot, prune, export and import (see {@link Operations}).
   *
   * <pre>{@code
   * Status s = es.operations().status();
   * es.operations().rebuild("accounts");
   * }</pre>
   *
   * @return the operations of this DB
   */
  public Operations operations() {
    Operations ops = operations;
    if (ops == null) {
      synchronized (this) {
        if (operations == null) {
          operations = new HistoryOperations(new OpsContext(name, db, queueDb, log, records, queue,
              processor == null ? null : processor.operator(), stages,
              (file, source) -> replicaTemplate.replicaCopy().file(file).eventLog(source).name("replay of " + name).build()));
        }
        ops = operations;
      }
    }
    return ops;
  }

  /** Opens the state DB (and the queue's) now instead of on first use. */
  public void open() {
    db.open();
    log.stateDb().ifPresent(DB::open);
  }

  /**
   * The state database.
   *
   * @return the DB
   */
  public DB db() {
    return db;
  }

  /**
   * The event queue.
   *
   * @return the queue
   */
  public EventQueue queue() {
    return queue;
  }

  /**
   * Every model by name (the queue included when it shares the state file).
   *
   * @return the store
   */
  public Map<String, DBModel> store() {
    return db.store();
  }

  /**
   * A model by name.
   *
   * @param name the model name
   * @param type the expected class (e.g. {@code ESModel.class})
   * @param <M> the model type
   * @return the model
   * @throws IllegalArgumentException when missing or of another type
   */
  public <M> M model(String name, Class<M> type) {
    return db.model(name, type);
  }

  /**
   * A model typed by its item class, without raw types or casts:
   *
   * <pre>{@code
   * ESModel<Account> accounts = es.esModel("accounts", Account.class);   // config built with Account.class
   * ESModel<ObjectNode> stats = es.esModel("stats", ObjectNode.class);    // a schemaless model
   * }</pre>
   *
   * @param name the model name
   * @param itemClass the item class its {@code ModelConfig} was built with
   * @param <T> the item type
   * @return the model
   * @throws IllegalArgumentException when there is no such model, or its items are of another class
   */
  @SuppressWarnings("unchecked")
  public <T> ESModel<T> esModel(String name, Class<T> itemClass) {
    if (itemClass == null) {
      throw new IllegalArgumentException("EventSourcingDB.esModel: itemClass must not be null");
    }
    ESModel<?> m = db.model(name, ESModel.class);
    Class<?> actual = m.config().itemClass();
    if (!itemClass.equals(actual)) {
      throw new IllegalArgumentException("EventSourcingDB '" + this.name + "': model '" + name + "' holds "
          + actual.getName() + ", not " + itemClass.getName());
    }
    return (ESModel<T>) m;
  }

  /**
   * A schemaless model (items as {@code ObjectNode}), typed: {@code esModel(name, ObjectNode.class)}.
   *
   * @param name the model name
   * @return the model
   * @throws IllegalArgumentException when there is no such model, or it has an item class
   */
  public ESModel<ObjectNode> esModel(String name) {
    return esModel(name, ObjectNode.class);
  }

  /**
   * Adds an event and waits until it is processed.
   *
   * @param type the event type, non-empty
   * @param data the payload (anything Jackson can serialise), may be null
   * @return the processed event, with its result
   * @throws EventRejectedException when a model rejected the event: it was processed, nothing
   *     was applied, the log goes on
   * @throws EventFailedException when the event fails (carries the failed event; it stays
   *     queued and processing halts at it, see the exception)
   * @throws ProcessingHaltedException at once, without adding the event, while processing is
   *     halted at an earlier failed event; or when the event was added behind one (then it
   *     stays queued: {@link ProcessingHaltedException#queuedVersion()})
   * @throws IllegalArgumentException for an empty type
   * @throws StratoException when read-only, closed, or called while processing an event
   */
  public Event dispatch(String type, Object data) {
    return dispatch(type, data, 0);
  }

  /**
   * Adds an event with a timestamp and waits until it is processed.
   *
   * @param type the event type, non-empty
   * @param data the payload, may be null
   * @param ts ms since the epoch; 0 for now
   * @return the processed event
   * @throws EventFailedException when the event fails
   */
  public Event dispatch(String type, Object data, long ts) {
    if (processor != null && processor.thread().inTransact()) {
      // inside transact (e.g. an ESModel write there): run it as a sub-event now
      if (type == null || type.isEmpty()) {
        throw new IllegalArgumentException("EventSourcingDB '" + name + "': event type must be a non-empty string");
      }
      return throwIfRejected(processor.thread().dispatchInTransact(type, data));
    }
    return gate.call(this::closedError, () -> {
      JsonNode node = checkAdd(type, data);
      processor.failFastIfHalted();
      return throwIfRejected(processor.appendAndHandle(() -> log.append(type, node, ts)));
    });
  }

  private StratoException closedError() {
    return new StratoException("EventSourcingDB '" + name + "' is closed");
  }

  private static Event throwIfRejected(Event e) {
    if (EventRejectedException.reasonOf(e).isPresent()) {
      throw new EventRejectedException(e);
    }
    return e;
  }

  /**
   * Adds an event now and returns a future of the processed event; processing happens on
   * the DB's worker thread.
   *
   * @param type the event type
   * @param data the payload, may be null
   * @return completes with the processed event, or exceptionally with
   *     {@link EventRejectedException}, {@link EventFailedException} or (at once, nothing added,
   *     while processing is halted) {@link ProcessingHaltedException}
   */
  public CompletableFuture<Event> dispatchAsync(String type, Object data) {
    return gate.call(this::closedError, () -> {
      JsonNode node = checkAdd(type, data);
      try {
        processor.failFastIfHalted();
      } catch (ProcessingHaltedException e) {
        return CompletableFuture.<Event>failedFuture(e);
      }
      Event e = log.append(type, node, 0);
      return processor.track(e.v()).thenApply(EventSourcingDB::throwIfRejected);
    });
  }

  /** Validates a dispatch and turns its data into JSON; opens the DB. */
  private JsonNode checkAdd(String type, Object data) {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("EventSourcingDB '" + name + "': event type must be a non-empty string");
    }
    checkCall("dispatch", "use ctx.addEvent, or ctx.dispatch in transact");
    JsonNode node;
    try {
      // The queue's own conversion bounds the nesting depth and names the queue in errors.
      node = queue != null ? EventData.canonicalTree(mapper, queue.toData(data)) : EventData.canonical(mapper, data);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("EventSourcingDB '" + name + "': " + ex.getMessage(), ex);
    }
    db.open();
    return node;
  }

  /**
   * Refuses calls that would wait for processing from where it cannot happen: a closed or
   * read-only DB, the processing thread itself (a phase), or inside a transaction of the state
   * DB or of the log's DB (the wait would be for itself, or the event would vanish with a
   * rollback while the state keeps it).
   */
  private void checkCall(String what, String hint) {
    checkWritable(what);
    processor.checkOpen();
    if (processor.thread().isProcessing()) {
      throw new StratoException("EventSourcingDB '" + name + "': " + what + " cannot be called while an event is being"
          + " processed (from a preprocessor, reducer or deriver)" + (hint == null ? "" : "; " + hint));
    }
    if (db.inTransaction()) {
      throw new StratoException("EventSourcingDB '" + name + "': " + what + " cannot be called inside a transaction of"
          + " the state DB; it would wait for itself");
    }
    if (separateLogDb != null && separateLogDb.inTransaction()) {
      throw new StratoException("EventSourcingDB '" + name + "': " + what + " cannot be called inside a transaction of"
          + " the queue's DB; a rollback would take the event away after the state applied it");
    }
  }

  /**
   * Waits until event v is processed (helping to process it); retries a failed event at once.
   *
   * @param v the version
   * @return the processed event (also a rejected one: see
   *     {@link EventRejectedException#reasonOf}), or null when no event has that version
   * @throws EventFailedException when event v failed in this attempt
   * @throws ProcessingHaltedException when an earlier event failed and processing is halted
   *     at it (after one attempt at it, not after all its retries)
   */
  public Event handledVersion(long v) {
    return gate.call(this::closedError, () -> {
      checkCall("handledVersion", null);
      db.open();
      return processor.handledVersion(v);
    });
  }

  /**
   * Like {@link #handledVersion(long)}, but gives up after {@code timeout}: for a caller with a
   * deadline, e.g. a request on a follower of a shared log waiting to read its own write. The DB's
   * worker thread processes (or applies) meanwhile; after a timeout it goes on.
   *
   * <pre>{@code
   * Event e = es.handledVersion(v, Duration.ofSeconds(2)); // VersionTimeoutException after 2 s
   * }</pre>
   *
   * @param v the version
   * @param timeout the longest wait; zero only looks
   * @return the processed event, or null when no event has that version
   * @throws VersionTimeoutException when event v was not handled within the timeout (it stays
   *     in the log; call again to keep waiting)
   * @throws EventFailedException when event v failed ({@link ProcessingHaltedException} when
   *     an earlier event holds processing back)
   * @throws IllegalArgumentException for a null or negative timeout
   */
  public Event handledVersion(long v, Duration timeout) {
    return gate.call(this::closedError, () -> {
      checkCall("handledVersion", null);
      db.open();
      return processor.handledVersion(v, timeout);
    });
  }

  /**
   * The version of the last applied event (committed).
   *
   * @return the version
   */
  public long getVersion() {
    return db.userVersion();
  }

  /**
   * Processes every event queued now and waits for it.
   *
   * @throws EventFailedException when an event fails ({@link ProcessingHaltedException} when
   *     processing is halted at a failed event)
   */
  public void waitForQueue() {
    gate.call(this::closedError, () -> {
      checkCall("waitForQueue", null);
      db.open();
      long max = log.head();
      if (max > processor.version()) {
        processor.handledVersion(max);
      }
      return null;
    });
  }

  /** Keeps processing, including events added by other processes, until {@link #stopPolling()}. */
  public void startPolling() {
    gate.call(this::closedError, () -> {
      checkWritable("startPolling");
      processor.checkOpen();
      db.open();
      processor.startPolling();
      return null;
    });
  }

  /** Stops polling. */
  public void stopPolling() {
    if (processor != null) {
      processor.stopPolling();
    }
  }

  /** Processes whatever is queued now (added here or by other processes), without waiting for a failed event's back-off. */
  public void checkForEvents() {
    gate.call(this::closedError, () -> {
      checkCall("checkForEvents", null);
      db.open();
      boolean first = true;
      while (processor.processAvailable(first)) {
        first = false;
      }
      return null;
    });
  }

  /**
   * Calls the listener with every successfully processed event, after its commit, on the
   * processing thread (keep it short; exceptions are logged).
   *
   * @param listener the listener
   * @return closing it removes the listener
   */
  public AutoCloseable onResult(Consumer<Event> listener) {
    return listen(resultListeners, listener);
  }

  /**
   * Calls the listener with every failed attempt at an event.
   *
   * @param listener the listener
   * @return closing it removes the listener
   */
  public AutoCloseable onError(Consumer<Event> listener) {
    return listen(errorListeners, listener);
  }

  private static AutoCloseable listen(List<Consumer<Event>> list, Consumer<Event> l) {
    if (l == null) {
      throw new IllegalArgumentException("EventSourcingDB: listener must not be null");
    }
    list.add(l);
    return () -> list.remove(l);
  }

  /**
   * A number unique to the current processing attempt of a main event on the calling thread
   * (used by {@link ESModel#getNextId()}: its counter restarts with every attempt).
   *
   * @return the token, or -1 outside processing
   */
  long currentEventToken() {
    return processor == null ? -1 : processor.thread().token();
  }

  private void checkWritable(String what) {
    if (readOnly) {
      throw new StratoException("EventSourcingDB '" + name + "' is read-only: " + what + " is not possible");
    }
  }

  /** Stops polling and processing and closes every connection; waiting callers get an error. */
  @Override
  public void close() {
    gate.close(); // new calls are refused from here on
    if (processor != null) {
      processor.close(); // fails waiting callers, so calls in flight leave quickly
    }
    if (!gate.awaitDrained(Duration.ofSeconds(30))) {
      LOG.warn("EventSourcingDB '{}': calls still running 30 s after close(); closing the databases anyway", name);
    }
    db.close();
    if (queueDb != null) {
      queueDb.close();
    }
  }

  @Override
  public String toString() {
    return "EventSourcingDB[" + name + "]";
  }

  /** Builds an {@link EventSourcingDB}. Not thread-safe. */
  public static final class Builder {
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

    private Builder() {}

    /**
     * Uses this event log instead of an SQLite queue (see {@link EventLog} for the contract;
     * {@link #queueFile} and {@link #queue} are shorthands for {@link io.strato.es.log.SqliteEventLog}).
     * When the log does not keep processed records itself, give {@link #processedRecords} too.
     *
     * @param log the log
     * @return this
     * @throws IllegalArgumentException for null
     */
    public Builder eventLog(EventLog log) {
      if (log == null) {
        throw new IllegalArgumentException("EventSourcingDB.eventLog: must not be null");
      }
      this.eventLog = log;
      return this;
    }

    /**
     * Where processed records go, for an {@link #eventLog} that does not keep them.
     *
     * @param records the records
     * @return this
     * @throws IllegalArgumentException for null
     */
    public Builder processedRecords(ProcessedRecords records) {
      if (records == null) {
        throw new IllegalArgumentException("EventSourcingDB.processedRecords: must not be null");
      }
      this.processedRecords = records;
      return this;
    }

    /**
     * Adds a processing listener (metrics, tracing): told after each commit about the batch,
     * each processed event, failures and the lag. See {@link ProcessingListener} for threads.
     *
     * @param listener the listener
     * @return this
     * @throws IllegalArgumentException for null
     */
    public Builder listener(ProcessingListener listener) {
      if (listener == null) {
        throw new IllegalArgumentException("EventSourcingDB.listener: must not be null");
      }
      listeners.add(listener);
      return this;
    }

    /**
     * The state file (default: in memory).
     *
     * @param file the file
     * @return this
     */
    public Builder file(Path file) {
      this.file = file;
      return this;
    }

    /**
     * Keeps the queue in its own file.
     *
     * @param queueFile the queue file
     * @return this
     */
    public Builder queueFile(Path queueFile) {
      this.queueFile = queueFile;
      return this;
    }

    /**
     * Uses this queue (in any DB).
     *
     * @param queue the queue
     * @return this
     */
    public Builder queue(EventQueue queue) {
      this.queue = queue;
      return this;
    }

    /**
     * Opens read-only: models can be read, nothing is processed or dispatched.
     *
     * @param readOnly read-only
     * @return this
     */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /**
     * Adds the queue's size triggers and helper views.
     *
     * @param withViews whether to add them
     * @return this
     */
    public Builder withViews(boolean withViews) {
      this.withViews = withViews;
      return this;
    }

    /**
     * The name used in logs and errors (default: the file name).
     *
     * @param name the name
     * @return this
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Registers a model.
     *
     * @param model the model
     * @return this
     */
    public Builder model(EventModel model) {
      registry.add(model);
      return this;
    }

    /**
     * Registers a standalone preprocessor.
     *
     * @param p the preprocessor
     * @return this
     */
    public Builder preprocessor(Preprocessor p) {
      registry.add(p);
      return this;
    }

    /**
     * Registers a standalone reducer.
     *
     * @param r the reducer
     * @return this
     */
    public Builder reducer(Reducer r) {
      registry.add(r);
      return this;
    }

    /**
     * Registers a standalone deriver.
     *
     * @param d the deriver
     * @return this
     */
    public Builder deriver(Deriver d) {
      registry.add(d);
      return this;
    }

    /**
     * Registers a standalone transactor.
     *
     * @param t the transactor
     * @return this
     */
    public Builder transactor(Transactor t) {
      registry.add(t);
      return this;
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
    public Builder upcaster(Upcaster u) {
      registry.addUpcaster(u);
      return this;
    }

    /** The settings a replay of this DB's history uses: same code and DB settings, no hooks, listeners or init events. */
    private Builder replicaCopy() {
      Builder c = new Builder();
      c.registry = registry.copy();
      c.replica = true;
      c.batchSize = Math.max(batchSize, 500);
      c.maxDepth = maxDepth;
      c.maxRetries = 1;
      c.dbSettings = dbSettings;
      return c;
    }

    /**
     * Adds every {@link EventModel}, {@link Preprocessor}, {@link Reducer}, {@link Deriver},
     * {@link Transactor} and {@link Upcaster} that {@link java.util.ServiceLoader} finds
     * ({@code META-INF/services} on the class path, {@code provides} on the module path).
     *
     * @return this
     * @throws java.util.ServiceConfigurationError when a provider cannot be loaded
     */
    public Builder discoverModels() {
      registry.discover(null);
      return this;
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
    public Builder retryBackoff(Duration initial, Duration max) {
      if (initial == null || max == null || initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("EventSourcingDB.retryBackoff: need 0 < initial <= max");
      }
      this.backoffInitial = initial;
      this.backoffMax = max;
      return this;
    }

    /**
     * Attempts at a failing event before processing stops until restarted (default 10).
     *
     * @param maxRetries at least 1
     * @return this
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 1) {
        throw new IllegalArgumentException("EventSourcingDB.maxRetries: must be >= 1");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * The most queued events processed in one SQLite transaction (default 100; each has its
     * own savepoint). 1 gives one transaction per event.
     *
     * @param batchSize at least 1
     * @return this
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("EventSourcingDB.batchSize: must be >= 1");
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * The deepest sub-event nesting (default 100).
     *
     * @param maxDepth at least 1
     * @return this
     */
    public Builder maxDepth(int maxDepth) {
      if (maxDepth < 1) {
        throw new IllegalArgumentException("EventSourcingDB.maxDepth: must be >= 1");
      }
      this.maxDepth = maxDepth;
      return this;
    }

    /**
     * Runs before the state DB opens.
     *
     * @param fn the hook
     * @return this
     */
    public Builder onWillOpen(Runnable fn) {
      this.onWillOpen = fn;
      return this;
    }

    /**
     * Runs after the state DB's connection opened, before migrations.
     *
     * @param fn the hook
     * @return this
     */
    public Builder onBeforeMigrations(Consumer<DB> fn) {
      this.onBeforeMigrations = fn;
      return this;
    }

    /**
     * Runs after the state DB's migrations.
     *
     * @param fn the hook
     * @return this
     */
    public Builder onDidOpen(Consumer<DB> fn) {
      this.onDidOpen = fn;
      return this;
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
    public Builder dbSettings(Consumer<DB.Builder> settings) {
      this.dbSettings = settings;
      return this;
    }

    /**
     * Builds the DB and its models (nothing is opened yet).
     *
     * @return the event-sourcing DB
     * @throws IllegalArgumentException for conflicting models or phases, or invalid columns
     */
    public EventSourcingDB build() {
      return new EventSourcingDB(this);
    }

    /** A DB builder with the user's {@link #dbSettings}, and none of their hooks. */
    private DB.Builder tunedDbBuilder() {
      DB.Builder db = DB.builder();
      if (dbSettings != null) {
        dbSettings.accept(db);
      }
      return db.onWillOpen(null).onBeforeMigrations(null).onDidOpen(null);
    }
  }
}
