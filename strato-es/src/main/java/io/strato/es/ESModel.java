package io.strato.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.StratoException;
import io.strato.es.internal.EsIdCounter;
import io.strato.es.internal.EsModelAccess;
import io.strato.es.internal.EsModelEvents;
import io.strato.es.internal.EsResultApplier;
import io.strato.es.internal.EsWriteEvents;
import io.strato.es.spi.NewEvent;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import io.strato.jsonmodel.Column;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.ModelConfig;
import io.strato.queue.Event;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link JsonModel} whose writes go through the event log: {@link #set}, {@link #update}
 * and {@link #remove} dispatch an {@code es/<name>} event with data
 * {@code [action, id, object, meta]}, wait until it is processed, and return the stored
 * object. Reads are plain JsonModel reads (committed state outside processing).
 *
 * <pre>{@code
 * ESModel<ObjectNode> notes = esdb.model("notes", ESModel.class);
 * ObjectNode n = notes.set(json("{\"text\":\"hi\"}"));          // dispatches es/notes [1, null, {...}, null]
 * notes.update(Map.of("id", n.get("id").asText(), "done", true)); // es/notes [3, id, {...}, null]
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
  /** Action: delete the object. */
  public static final int REMOVE = 0;
  /** Action: insert or replace the object. */
  public static final int SET = 1;
  /** Action: insert; EEXIST when the id exists. */
  public static final int INSERT = 2;
  /** Action: shallow update; ENOENT when missing. */
  public static final int UPDATE = 3;
  /** Action: shallow update, inserting when missing. */
  public static final int SAVE = 4;

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

  @Override
  public T set(T obj, boolean insertOnly, boolean noReturn) {
    return set(obj, insertOnly, noReturn, null);
  }

  /**
   * Inserts or replaces an object through an event.
   *
   * @param obj the object
   * @param insertOnly fail (EEXIST) when the id exists
   * @param noReturn return null instead of reading the object back
   * @param meta stored on the event only (may be null)
   * @return the stored object
   * @throws EventRejectedException with reason "EEXIST" when insertOnly and the id exists
   * @throws EventFailedException when the event fails
   */
  public T set(T obj, boolean insertOnly, boolean noReturn, Object meta) {
    if (isWritable()) {
      return super.set(obj, insertOnly, noReturn);
    }
    return dispatchAndRead(setEvent(obj, insertOnly, meta), noReturn);
  }

  @Override
  public T update(Map<String, ?> changes, boolean upsert, boolean noReturn) {
    return update(changes, upsert, noReturn, null);
  }

  /**
   * Shallow-updates an object through an event (null values delete keys).
   *
   * @param changes the changes, including the id
   * @param upsert insert when missing
   * @param noReturn return null
   * @param meta stored on the event only
   * @return the stored object
   * @throws EventRejectedException with reason "ENOENT" when missing and not upsert
   * @throws EventFailedException when the event fails
   */
  public T update(Map<String, ?> changes, boolean upsert, boolean noReturn, Object meta) {
    if (isWritable()) {
      return super.update(changes, upsert, noReturn);
    }
    return dispatchAndRead(updateEvent(changes, upsert, meta), noReturn);
  }

  @Override
  public T updateNoTrans(Map<String, ?> changes, boolean upsert, boolean noReturn) {
    requireWritable("updateNoTrans");
    return super.updateNoTrans(changes, upsert, noReturn);
  }

  @Override
  public void remove(Object idOrObj) {
    remove(idOrObj, null);
  }

  /**
   * Deletes an object through an event (no error when missing).
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

  /**
   * The event {@link #set(Object, boolean, boolean, Object)} dispatches.
   *
   * @param obj the object
   * @param insertOnly insert only
   * @param meta the meta data
   * @return the event
   */
  public NewEvent setEvent(T obj, boolean insertOnly, Object meta) {
    if (obj == null) {
      throw new IllegalArgumentException("ESModel '" + name() + "': set needs an object");
    }
    return EsWriteEvents.set(access, toTree(obj), insertOnly, toNode(meta));
  }

  /**
   * The event {@link #update(Map, boolean, boolean, Object)} dispatches.
   *
   * @param changes the changes, including the id
   * @param upsert insert when missing
   * @param meta the meta data
   * @return the event
   */
  public NewEvent updateEvent(Map<String, ?> changes, boolean upsert, Object meta) {
    return EsWriteEvents.update(access, changes, upsert, toNode(meta));
  }

  /**
   * The event {@link #remove(Object, Object)} dispatches.
   *
   * @param idOrObj the id or object
   * @param meta the meta data
   * @return the event
   */
  public NewEvent removeEvent(Object idOrObj, Object meta) {
    return new NewEvent(eventType(), EsWriteEvents.data(REMOVE, toNode(idOf(idOrObj)), null, toNode(meta)));
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

  /** What the internals read and write of this model (phases, apply). */
  private final EsModelAccess access = new EsModelAccess() {
    @Override
    public String name() {
      return ESModel.this.name();
    }

    @Override
    public String idCol() {
      return ESModel.this.idCol();
    }

    @Override
    public Column idColumn() {
      return columns().get(idCol());
    }

    @Override
    public java.util.Optional<ObjectNode> tree(Object id) {
      return getTree(id);
    }

    @Override
    public long nextId() {
      return getNextId();
    }

    @Override
    public JsonNode node(Object value) {
      return toNode(value);
    }

    @Override
    public void validate(ObjectNode tree) {
      ESModel.this.validate(tree);
    }

    @Override
    public ObjectNode merge(ObjectNode base, Map<String, ?> changes) {
      return ESModel.this.merge(base, changes);
    }

    @Override
    public void remove(Object id) {
      ESModel.super.remove(id);
    }

    @Override
    public void set(ObjectNode tree, boolean insertOnly) {
      setTree(tree, insertOnly);
    }

    @Override
    public void update(Map<String, Object> changes, boolean upsert) {
      updateTree(changes, upsert);
    }
  };

  /**
   * The next free integer id. While an event is processed, ids increase within the event even
   * before anything is written (the counter restarts at each main event); outside processing
   * it is max(id)+1, not reserved.
   *
   * @return the id
   * @throws StratoException when the id column is not INTEGER
   */
  public long getNextId() {
    if (columns().get(idCol()).type() != ColumnType.INTEGER) {
      throw new StratoException("ESModel '" + name() + "': getNextId needs an INTEGER id column");
    }
    Number max = max(idCol(), null, null);
    return ids.next(max == null ? 0 : max.longValue(), es.attemptToken());
  }
}
