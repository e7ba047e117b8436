package io.strato.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.StratoException;
import io.strato.es.internal.EsIdCounter;
import io.strato.es.internal.EsModelAccess;
import io.strato.es.internal.EsModelEvents;
import io.strato.es.internal.EsModelView;
import io.strato.es.internal.EsResultApplier;
import io.strato.es.internal.EsWriteEvents;
import io.strato.es.spi.NewEvent;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.ModelConfig;
import io.strato.jsonmodel.WriteOptions;
import io.strato.jsonmodel.internal.ResolvedColumns;
import io.strato.queue.Event;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link JsonModel} whose writes go through the event log: {@link #set}, {@link #update}
 * and {@link #remove} dispatch an {@code es/<name>} event with data
 * {@code [action, id, object, meta]} (the action's {@link WriteAction#code()}), wait until it
 * is processed, and return the stored object. Reads are plain JsonModel reads (committed
 * state outside processing).
 *
 * <pre>{@code
 * ESModel<ObjectNode> notes = esdb.model("notes", ESModel.class);
 * ObjectNode n = notes.set(json("{\"text\":\"hi\"}"));             // es/notes [1, null, {...}]
 * notes.update(Map.of("id", n.get("id").asText(), "done", true));    // es/notes [3, id, {...}]
 * notes.set(json("{\"id\":\"a\"}"), WriteOptions.insertOnly(), meta); // es/notes [2, "a", {...}, meta]
 * }</pre>
 *
 * <h2>Processing</h2>
 * The model's {@link #preprocess} fills in missing ids (the id column's {@code value}
 * function, else {@link #getNextId()} for INTEGER ids, else a random UUID) and writes them into
 * the event, so replaying the history gives the same ids. Its {@link #reduce} turns the event
 * into {@code ins}/{@code upd}/{@code rm}; inserting an existing id or updating a missing one
 * rejects the event ("EEXIST"/"ENOENT", stored as {@code esFail}): it is processed, nothing
 * changes, and {@code set}/{@code update} throw {@link EventRejectedException}. {@code set} of an existing object nulls the keys the new
 * object lacks; a change that changes nothing gives no result.
 *
 * <h2>Writable mode</h2>
 * During apply, derive and migrations the thread doing them holds the right to write directly
 * (handed over by the event-sourcing DB, see {@link EventDispatcher#writesDirectly()}): then
 * this model behaves as a plain JsonModel. Other threads at the same moment still go through
 * events; they never write around the log. {@link #changeId} and {@link #updateNoTrans} work
 * in writable mode only.
 *
 * @param <T> the item type
 */
public class ESModel<T> extends JsonModel<T> {
  /** @deprecated use {@link WriteAction#REMOVE}; its {@code code()} is this int (the stored form) */
  @Deprecated(since = "0.2") public static final int REMOVE = 0;
  /** @deprecated use {@link WriteAction#SET}; its {@code code()} is this int (the stored form) */
  @Deprecated(since = "0.2") public static final int SET = 1;
  /** @deprecated use {@link WriteAction#INSERT}; its {@code code()} is this int (the stored form) */
  @Deprecated(since = "0.2") public static final int INSERT = 2;
  /** @deprecated use {@link WriteAction#UPDATE}; its {@code code()} is this int (the stored form) */
  @Deprecated(since = "0.2") public static final int UPDATE = 3;
  /** @deprecated use {@link WriteAction#SAVE}; its {@code code()} is this int (the stored form) */
  @Deprecated(since = "0.2") public static final int SAVE = 4;

  private final EventDispatcher es;
  private volatile Thread writableThread;
  private final EsIdCounter ids = new EsIdCounter();

  /**
   * Creates the model in an event-sourcing DB.
   *
   * @deprecated use {@link #ESModel(io.strato.db.DB, ModelConfig, EventDispatcher)}: a model needs
   *     only a dispatcher, not the whole DB
   *
   * @param es the event-sourcing DB
   * @param config the table definition
   * @throws IllegalArgumentException when es or config is null
   */
  @Deprecated(since = "0.2")
  public ESModel(EventSourcingDB es, ModelConfig<T> config) {
    this(Objects.requireNonNull(es, "es").db(), config, es.dispatcher());
  }

  /**
   * Creates the model in a state DB, writing through a dispatcher (the event-sourcing DB does
   * this for every model it knows; the model needs only its small {@link EventDispatcher}).
   *
   * @param db the state DB
   * @param config the table definition
   * @param dispatcher where its events go
   * @throws IllegalArgumentException when an argument is null
   */
  public ESModel(io.strato.db.DB db, ModelConfig<T> config, EventDispatcher dispatcher) {
    super(db, withQueueOption(config, dispatcher));
    if (dispatcher == null) {
      throw new IllegalArgumentException("ESModel '" + config.name() + "': dispatcher must not be null");
    }
    this.es = dispatcher;
  }

  /** Model migrations get the SQLite queue (or null) as the option {@code "queue"} (SPEC §4). */
  private static <T> ModelConfig<T> withQueueOption(ModelConfig<T> config, EventDispatcher dispatcher) {
    return config == null || dispatcher == null ? config
        : config.withMigrationOptions(Collections.singletonMap("queue", dispatcher.queue()));
  }

  /**
   * The type of this model's write events.
   *
   * @return {@code es/<name>}
   */
  public String eventType() {
    return "es/" + name();
  }

  /**
   * The type of the event queued when the table is created (with {@code init}).
   *
   * @return {@code es/INIT:<name>}
   */
  public String initEventType() {
    return "es/INIT:" + name();
  }

  /**
   * Makes this model writable for the calling thread only.
   *
   * @param writable whether the calling thread may write directly
   * @deprecated the event-sourcing DB hands its processing thread (during apply and derive) and
   *     its migrations the right to write directly; models no longer need to be switched
   */
  @Override
  @Deprecated(since = "0.2")
  public void setWritable(boolean writable) {
    Thread me = Thread.currentThread();
    if (writable) {
      writableThread = me;
    } else if (writableThread == me) {
      writableThread = null;
    }
  }

  /**
   * Whether the calling thread may write directly: it is applying or deriving an event, or
   * running the state DB's migrations (or called the deprecated {@link #setWritable}).
   *
   * @return true when a write from this thread goes to the table instead of the log
   */
  public boolean isWritable() {
    return es.writesDirectly() || writableThread == Thread.currentThread();
  }

  /**
   * @deprecated use {@link #set(Object, WriteOptions)}; kept as the override point JsonModel's
   *     new forms call, delegating to {@link #set(Object, WriteOptions, Object)}
   */
  @Override
  @Deprecated(since = "0.2")
  public T set(T obj, boolean insertOnly, boolean noReturn) {
    return set(obj, insertOnly, noReturn, null);
  }

  /** @deprecated use {@link #set(Object, WriteOptions, Object)} */
  @Deprecated(since = "0.2")
  public T set(T obj, boolean insertOnly, boolean noReturn, Object meta) {
    return set(obj, EsWriteEvents.options(insertOnly, false, noReturn), meta);
  }

  /**
   * Inserts or replaces an object through an event ({@link WriteAction#SET}, or
   * {@link WriteAction#INSERT} with {@link WriteOptions#insertOnly()}); in writable mode
   * straight into the table.
   *
   * @param obj the object
   * @param options insertOnly and/or noReturn
   * @param meta stored on the event only (may be null)
   * @return the stored object, or null with noReturn
   * @throws IllegalArgumentException for null or upsert options, or an object the table refuses
   * @throws EventRejectedException with reason "EEXIST" when insertOnly and the id exists
   * @throws EventFailedException when the event fails
   */
  public T set(T obj, WriteOptions options, Object meta) {
    if (!isWritable()) {
      return dispatchAndRead(setEvent(obj, options, meta), options.isNoReturn());
    }
    ObjectNode stored = setTree(checkedTree(obj, options), options.isInsertOnly());
    return options.isNoReturn() ? null : fromTree(stored);
  }

  /** The tree of a set's object, after the checks every set makes first. */
  private ObjectNode checkedTree(T obj, WriteOptions options) {
    EsWriteEvents.checkSet(name(), options);
    if (obj == null) {
      throw new IllegalArgumentException("ESModel '" + name() + "': set needs an object");
    }
    return toTree(obj);
  }

  /**
   * @deprecated use {@link #update(Map, WriteOptions)}; kept as the override point JsonModel's
   *     new forms call, delegating to {@link #update(Map, WriteOptions, Object)}
   */
  @Override
  @Deprecated(since = "0.2")
  public T update(Map<String, ?> changes, boolean upsert, boolean noReturn) {
    return update(changes, upsert, noReturn, null);
  }

  /** @deprecated use {@link #update(Map, WriteOptions, Object)} */
  @Deprecated(since = "0.2")
  public T update(Map<String, ?> changes, boolean upsert, boolean noReturn, Object meta) {
    return update(changes, EsWriteEvents.options(false, upsert, noReturn), meta);
  }

  /**
   * Shallow-updates an object through an event (null values delete keys;
   * {@link WriteAction#UPDATE}, or {@link WriteAction#SAVE} with {@link WriteOptions#upsert()});
   * in writable mode straight into the table.
   *
   * @param changes the changes, including the id (an upsert may leave it out)
   * @param options upsert and/or noReturn
   * @param meta stored on the event only (may be null)
   * @return the stored object, or null with noReturn
   * @throws IllegalArgumentException for null or insertOnly options, or changes the table refuses
   * @throws EventRejectedException with reason "ENOENT" when missing and not upsert
   * @throws EventFailedException when the event fails
   */
  public T update(Map<String, ?> changes, WriteOptions options, Object meta) {
    if (!isWritable()) {
      return dispatchAndRead(updateEvent(changes, options, meta), options.isNoReturn());
    }
    EsWriteEvents.checkUpdate(name(), options);
    return db().withTransaction(() -> {
      ObjectNode stored = updateTree(changes, options.isUpsert());
      return options.isNoReturn() ? null : fromTree(stored);
    });
  }

  /** @deprecated use {@link #updateNoTrans(Map, WriteOptions)} (writable mode only) */
  @Override
  @Deprecated(since = "0.2")
  public T updateNoTrans(Map<String, ?> changes, boolean upsert, boolean noReturn) {
    requireWritable("updateNoTrans");
    ObjectNode stored = updateTree(changes, upsert);
    return noReturn ? null : fromTree(stored);
  }

  @Override
  public void remove(Object idOrObj) {
    remove(idOrObj, null);
  }

  /**
   * Deletes an object through an event ({@link WriteAction#REMOVE}; no error when missing).
   *
   * @param idOrObj the id or the object
   * @param meta stored on the event only
   * @throws EventFailedException when the event fails
   */
  public void remove(Object idOrObj, Object meta) {
    if (isWritable()) {
      super.remove(idOrObj);
    } else {
      dispatchAndRead(removeEvent(idOrObj, meta), true);
    }
  }

  @Override
  public void changeId(Object oldId, Object newId) {
    requireWritable("changeId");
    super.changeId(oldId, newId);
  }

  /** @deprecated use {@link #setEvent(Object, WriteOptions, Object)} */
  @Deprecated(since = "0.2")
  public NewEvent setEvent(T obj, boolean insertOnly, Object meta) {
    return setEvent(obj, EsWriteEvents.options(insertOnly, false, false), meta);
  }

  /**
   * The event {@link #set(Object, WriteOptions, Object)} dispatches, checked as apply would
   * check it (dispatch it yourself, e.g. from a transactor).
   *
   * @param obj the object
   * @param options insertOnly gives {@link WriteAction#INSERT}, else {@link WriteAction#SET}
   *     (noReturn does not matter here)
   * @param meta the meta data
   * @return the event
   * @throws IllegalArgumentException for a null object, null or upsert options, or an object
   *     the table refuses
   */
  public NewEvent setEvent(T obj, WriteOptions options, Object meta) {
    return EsWriteEvents.set(access, checkedTree(obj, options), options, toNode(meta));
  }

  /** @deprecated use {@link #updateEvent(Map, WriteOptions, Object)} */
  @Deprecated(since = "0.2")
  public NewEvent updateEvent(Map<String, ?> changes, boolean upsert, Object meta) {
    return updateEvent(changes, EsWriteEvents.options(false, upsert, false), meta);
  }

  /**
   * The event {@link #update(Map, WriteOptions, Object)} dispatches, checked as apply would.
   *
   * @param changes the changes, including the id (an upsert may leave it out)
   * @param options upsert gives {@link WriteAction#SAVE}, else {@link WriteAction#UPDATE}
   *     (noReturn does not matter here)
   * @param meta the meta data
   * @return the event
   * @throws IllegalArgumentException for null or insertOnly options, null changes, a missing
   *     id, or changes the table refuses
   */
  public NewEvent updateEvent(Map<String, ?> changes, WriteOptions options, Object meta) {
    return EsWriteEvents.update(access, changes, options, toNode(meta));
  }

  /**
   * The event {@link #remove(Object, Object)} dispatches.
   *
   * @param idOrObj the id or object
   * @param meta the meta data
   * @return the event
   */
  public NewEvent removeEvent(Object idOrObj, Object meta) {
    return new NewEvent(eventType(), EsWriteEvents.data(WriteAction.REMOVE, toNode(idOf(idOrObj)), null,
        toNode(meta)));
  }

  private T dispatchAndRead(NewEvent ev, boolean noReturn) {
    JsonNode id = EsWriteEvents.dispatch(es, name(), ev);
    return noReturn || id == null ? null : get(EsModelEvents.javaValue(id)).orElse(null);
  }

  private void requireWritable(String what) {
    if (!isWritable()) {
      throw new StratoException("ESModel '" + name() + "': " + what
          + " is only supported while the model is writable (in apply, derive or migrations)");
    }
  }

  /**
   * The built-in preprocessor for {@code es/<name>} events: checks the data layout and fills
   * in the id of new objects (written into the event so replays get the same id).
   *
   * @param ctx the context
   * @return the event with its id filled in, or null when unchanged
   * @throws IllegalArgumentException for malformed event data
   */
  public Event preprocess(ReduxContext ctx) {
    return EsModelEvents.preprocess(access, ctx.event());
  }

  /**
   * The built-in reducer for {@code es/<name>} events: {@code ins}/{@code upd}/{@code rm}, or a
   * rejection (EEXIST/ENOENT).
   *
   * @param ctx the context
   * @return the changes, or null when nothing changes
   * @throws IllegalArgumentException for malformed event data
   */
  public ReduceResult reduce(ReduxContext ctx) {
    return EsModelEvents.reduce(access, ctx.event());
  }

  /**
   * Applies a reducer result: {@code rm}, then {@code set}, {@code ins}, {@code upd},
   * {@code sav}, straight into the table (the processor calls it during apply).
   *
   * @param result the result
   * @throws StratoException when an insert finds an existing id or an update a missing one
   */
  public void applyResult(ReduceResult result) {
    if (result == null || result.isEmpty()) {
      return;
    }
    EsResultApplier.apply(result, access); // direct table writes: no need to be writable
  }

  /** What the internals read and write of this model (phases, apply): its protected JsonModel methods. */
  private final EsModelAccess access = new EsModelView(name(), idCol(),
      () -> ResolvedColumns.of(columns().get(idCol())), this::getTree, this::getNextId, this::toNode,
      this::validate, this::merge,
      new EsModelView.Writes(id -> super.remove(id), this::setTree, this::updateTree));

  /**
   * The next free integer id. While an event is processed, ids increase within the event even
   * before anything is written (the counter restarts at each main event); outside processing
   * it is max(id)+1, not reserved.
   *
   * @return the id
   * @throws StratoException when the id column is not INTEGER
   */
  public long getNextId() {
    return ids.next(name(), columns().get(idCol()).type(), () -> max(idCol(), null, null), es.attemptToken());
  }
}
