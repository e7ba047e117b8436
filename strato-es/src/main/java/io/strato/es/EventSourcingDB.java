package io.strato.es;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBModel;
import io.strato.db.StratoException;
import io.strato.es.internal.EsCalls;
import io.strato.es.internal.EsWiring;
import io.strato.es.internal.ops.HistoryOperations;
import io.strato.es.internal.ops.OpsContext;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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
 * the code and restart, or replace the event with {@code operations().replace(v, type, data)}, to continue.
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
  private final EsWiring parts;
  private final EsCalls calls;
  private final Builder replicaTemplate;
  private volatile Operations operations;

  private EventSourcingDB(Builder b) {
    this.parts = new EsWiring(b.settings(), dispatcher());
    this.calls = new EsCalls(parts);
    this.replicaTemplate = b.replicaCopy();
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
        return parts.loop() == null ? -1 : parts.loop().thread().token();
      }

      @Override
      public EventQueue queue() {
        return parts.queue();
      }
    };
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
          EsWiring p = parts;
          operations = new HistoryOperations(new OpsContext(p.name(), p.db(), p.queueDb(), p.log(), p.records(),
              p.queue(), p.loop() == null ? null : p.loop().operator(), p.stages(),
              (file, source) -> replicaTemplate.replicaCopy().file(file).eventLog(source)
                  .name("replay of " + p.name()).build()));
        }
        ops = operations;
      }
    }
    return ops;
  }

  /** Opens the state DB (and the queue's) now instead of on first use. */
  public void open() {
    parts.db().open();
    parts.log().stateDb().ifPresent(DB::open);
  }

  /**
   * The state database.
   *
   * @return the DB
   */
  public DB db() {
    return parts.db();
  }

  /**
   * The event queue.
   *
   * @return the queue
   */
  public EventQueue queue() {
    return parts.queue();
  }

  /**
   * Every model by name (the queue included when it shares the state file).
   *
   * @return the store
   */
  public Map<String, DBModel> store() {
    return parts.db().store();
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
    return parts.db().model(name, type);
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
    ESModel<?> m = parts.db().model(name, ESModel.class);
    Class<?> actual = m.config().itemClass();
    if (!itemClass.equals(actual)) {
      throw new IllegalArgumentException("EventSourcingDB '" + parts.name() + "': model '" + name + "' holds "
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
    return calls.dispatch(type, data, ts);
  }

  /**
   * Returns a future at once: the event is appended on the DB's append thread (after this
   * thread's earlier dispatches; a running batch does not hold the caller) and processed on its
   * worker thread.
   *
   * @param type the event type
   * @param data the payload, may be null
   * @return completes with the processed event, or exceptionally with {@link EventRejectedException},
   *     {@link EventFailedException} or, nothing added, {@link ProcessingHaltedException} (halted)
   */
  public CompletableFuture<Event> dispatchAsync(String type, Object data) {
    return calls.dispatchAsync(type, data);
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
    return calls.handledVersion(v);
  }

  /**
   * Like {@link #handledVersion(long)}, but gives up after {@code timeout} (a caller with a
   * deadline, e.g. a follower of a shared log waiting to read its own write). The worker thread
   * processes meanwhile and goes on after a timeout.
   *
   * @param v the version
   * @param timeout the longest wait; zero only looks
   * @return the processed event, or null when no event has that version
   * @throws VersionTimeoutException when event v was not handled in time (it stays in the log)
   * @throws EventFailedException when event v failed, {@link ProcessingHaltedException} when an
   *     earlier event holds processing back
   * @throws IllegalArgumentException for a null or negative timeout
   */
  public Event handledVersion(long v, Duration timeout) {
    return calls.handledVersion(v, timeout);
  }

  /**
   * The version of the last applied event (committed).
   *
   * @return the version
   */
  public long getVersion() {
    return parts.db().userVersion();
  }

  /**
   * Processes every event queued now and waits for it.
   *
   * @throws EventFailedException when an event fails ({@link ProcessingHaltedException} when
   *     processing is halted at a failed event)
   */
  public void waitForQueue() {
    calls.waitForQueue();
  }

  /** Keeps processing, including events added by other processes, until {@link #stopPolling()}. */
  public void startPolling() {
    calls.startPolling();
  }

  /** Stops polling (waits for the event being processed; it is not interrupted). */
  public void stopPolling() {
    if (parts.loop() != null) {
      parts.loop().stopPolling();
    }
  }

  /** Processes whatever is queued now (added here or by other processes), without waiting for a failed event's back-off. */
  public void checkForEvents() {
    calls.checkForEvents();
  }

  /**
   * Calls the listener with every successfully processed event, after its commit, on the
   * processing thread (keep it short; exceptions are logged).
   *
   * @param listener the listener
   * @return closing it removes the listener
   */
  public AutoCloseable onResult(Consumer<Event> listener) {
    return listen(parts.resultListeners(), listener);
  }

  /**
   * Calls the listener with every failed attempt at an event.
   *
   * @param listener the listener
   * @return closing it removes the listener
   */
  public AutoCloseable onError(Consumer<Event> listener) {
    return listen(parts.errorListeners(), listener);
  }

  private static AutoCloseable listen(List<Consumer<Event>> list, Consumer<Event> l) {
    if (l == null) {
      throw new IllegalArgumentException("EventSourcingDB: listener must not be null");
    }
    list.add(l);
    return () -> list.remove(l);
  }

  /** Stops polling and processing and closes every connection; waiting callers get an error. */
  @Override
  public void close() {
    calls.close();
  }

  @Override
  public String toString() {
    return "EventSourcingDB[" + parts.name() + "]";
  }

  /**
   * Builds an {@link EventSourcingDB}: one setter per setting (each checked where it is set),
   * then {@link #build()}. Not thread-safe.
   */
  public static final class Builder extends EsBuilderSettings {
    private Builder() {}

    @Override
    Builder self() {
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
  }
}
