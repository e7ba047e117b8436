package io.strato.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBModel;
import io.strato.db.Sql;
import io.strato.db.StratoException;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.Page;
import io.strato.jsonmodel.SearchOptions;
import io.strato.queue.internal.AddSignal;
import io.strato.queue.internal.EventJson;
import io.strato.queue.internal.EventReads;
import io.strato.queue.internal.EventWrites;
import io.strato.queue.internal.HeadCache;
import io.strato.queue.internal.NextWait;
import io.strato.queue.internal.QueueSchema;
import io.strato.queue.internal.SubEventColumn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ordered event log: {@link Event}s in table {@code history} (name configurable) with id
 * column {@code v} (INTEGER AUTOINCREMENT). It appends, reads by version and in order, waits for
 * the next event, knows its head version, and searches its history page by page.
 *
 * <pre>{@code
 * EventQueue queue = db.addModel(d -> new EventQueue(d));
 * Event e = queue.add("order/placed", Map.of("orderId", 42));      // e.v() == 1
 * Optional<Event> next = queue.getNext(0, true);                  // the event above
 * }</pre>
 *
 * <h2>Shape</h2>
 * The queue <em>has</em> a table (a {@link JsonModel} of the event documents, for searches and
 * for computed extra columns) instead of being one: it exposes no generic document writes
 * ({@code update}, {@code changeId}), so every write goes through one write path that keeps the
 * head-version cache and the wake-up signal right, and every read through one read path.
 *
 * <h2>Threading</h2>
 * Safe to share between threads. Adds go through the DB's writer connection, so versions are
 * assigned in the order the adds run and none is lost. {@link #getNext(long, boolean)} blocks
 * on a condition (no spinning) until an add from this process wakes it, re-checking the table
 * every {@link QueueConfig#pollInterval()} to notice events added by other processes or other
 * {@link DB} objects. An add made inside a transaction becomes visible to {@link #getMaxV()}
 * of other threads and wakes waiters only when that transaction commits; a rollback forgets
 * it. {@link #cancelNext()} wakes every waiter with an empty result.
 *
 * <p>The queue starts no transactions of its own (so it never deadlocks with the caller's),
 * except the short one of {@link #setKnownV(long)}. Waiting in {@code getNext} inside a
 * transaction is refused: no other writer could add the awaited event while the transaction
 * holds the write lock.
 */
public class EventQueue implements DBModel {
  private final DB db;
  private final QueueConfig config;
  private final JsonModel<ObjectNode> table;
  private final EventJson json;
  private final AddSignal signal = new AddSignal();
  private final HeadCache head;
  private final EventReads reads;
  private final EventWrites writes;
  private final NextWait waits;

  /**
   * A queue in table {@code history} with the default settings.
   *
   * @param db the database
   * @throws IllegalArgumentException when db is null
   */
  public EventQueue(DB db) {
    this(db, QueueConfig.builder().build());
  }

  /**
   * A queue with the given settings; its table is created when the DB opens.
   *
   * @param db the database
   * @param config the settings
   * @throws IllegalArgumentException for a null db or config, or an invalid extra column
   */
  public EventQueue(DB db, QueueConfig config) {
    if (db == null || config == null) {
      throw new IllegalArgumentException("EventQueue: db and config must not be null");
    }
    this.db = db;
    this.config = config;
    this.table = new JsonModel<>(db, QueueSchema.modelConfig(config));
    this.json = new EventJson(table.objectMapper(), config.name());
    SubEventColumn subEvents = new SubEventColumn(config.subEvents());
    this.head = new HeadCache(db, "SELECT MAX(v) AS v FROM " + Sql.quoteId(config.name()), signal);
    this.reads = new EventReads(db, config, table, json, subEvents);
    this.writes = new EventWrites(db, config, table, json, subEvents, head);
    this.waits = new NextWait(db, config.name(), signal, head, reads, config.pollInterval());
  }

  /**
   * The table name.
   *
   * @return the name
   */
  @Override
  public String name() {
    return config.name();
  }

  /**
   * The database holding the table.
   *
   * @return the DB
   */
  public DB db() {
    return db;
  }

  /**
   * The queue's settings.
   *
   * @return the config
   */
  public QueueConfig queueConfig() {
    return config;
  }

  /**
   * The mapper of event data; unlike JsonModel's default it keeps null properties.
   *
   * @return the mapper
   */
  public ObjectMapper objectMapper() {
    return json.mapper();
  }

  /**
   * Appends an event with the current time.
   *
   * @param type the event type, non-empty
   * @param data the payload: any value Jackson can serialise (or a JsonNode), may be null
   * @return the stored event with its new {@code v}
   * @throws IllegalArgumentException for a null/empty type or data Jackson cannot serialise
   */
  public Event add(String type, Object data) {
    return add(type, data, 0);
  }

  /**
   * Appends an event atomically and returns it with its new version.
   *
   * @param type the event type, non-empty
   * @param data the payload, may be null
   * @param ts time in ms since the epoch; 0 means now
   * @return the stored event
   * @throws IllegalArgumentException for a null/empty type, negative ts or unserialisable data
   */
  public Event add(String type, Object data, long ts) {
    return writes.add(type, toData(data), ts);
  }

  /**
   * The JSON that event data becomes when added (with this queue's mapper, which keeps null
   * properties). A JsonNode is copied, so the stored event never shares the caller's tree.
   *
   * @param data the payload, may be null
   * @return the JSON, or null for none
   * @throws IllegalArgumentException when it cannot be serialised or nests over 1000 levels deep
   */
  public JsonNode toData(Object data) {
    return json.toData(data);
  }

  /**
   * The highest version in the queue, never below the version set with
   * {@link #setKnownV(long)}. Cached: re-read only when {@link DB#dataVersion()} changed (a
   * commit anywhere) or after writes through this object. An in-memory DB's data version does
   * not change on its own commits, so there rows written with plain SQL are not seen here (a
   * waiting {@code getNext} still finds them at its next poll).
   *
   * @return the highest version, 0 for an empty queue
   */
  public long getMaxV() {
    return head.get();
  }

  /**
   * The event with this version.
   *
   * @param v the version
   * @return the event, or empty when there is none
   */
  public Optional<Event> get(long v) {
    return reads.get(v);
  }

  /**
   * The first event with a version above {@code afterV} (versions may have gaps).
   *
   * <p>When there is none and {@code noWait} is false, blocks until one is added by this
   * process, or found (within about one {@link QueueConfig#pollInterval()}) after being added
   * by another process or connection, or until {@link #cancelNext()} is called.
   *
   * @param afterV the version already handled
   * @param noWait return at once when there is no such event
   * @return the event, or empty when none (noWait) or cancelled
   * @throws StratoException when interrupted, or when it would have to wait inside a transaction
   */
  public Optional<Event> getNext(long afterV, boolean noWait) {
    return waits.next(afterV, noWait ? 0 : Long.MAX_VALUE);
  }

  /**
   * Like {@link #getNext(long, boolean)}, waiting at most {@code timeout} (it may overrun by
   * up to one poll interval when events come from another process).
   *
   * @param afterV the version already handled
   * @param timeout how long to wait at most; zero for no wait
   * @return the event, or empty when none came in time or the wait was cancelled
   * @throws IllegalArgumentException for a null or negative timeout
   * @throws StratoException when interrupted, or when it would have to wait inside a transaction
   */
  public Optional<Event> getNext(long afterV, Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': timeout must be >= 0, got " + timeout);
    }
    return waits.next(afterV, timeout.toNanos());
  }

  /**
   * Up to {@code max} events with a version above {@code afterV}, in version order, without
   * waiting (used to process several events per transaction).
   *
   * @param afterV the version already handled
   * @param max the most events to return, at least 1
   * @return the events (empty when none)
   * @throws IllegalArgumentException when max is below 1
   */
  public List<Event> getNextBatch(long afterV, int max) {
    return reads.after(afterV, max);
  }

  /**
   * The as-added forms of processed events, for a processing whose state lives in another file.
   * @return this queue's forms
   */
  public AsAddedForms asAdded() {
    return new AsAddedForms(reads, writes);
  }

  /** Wakes every thread waiting in {@link #getNext(long, boolean)}; they return empty. */
  public void cancelNext() {
    signal.cancel();
  }

  /**
   * One page of the history: events matching column values and options (sort, limit, cursor,
   * conditions on {@code v}, {@code type}, {@code ts} and the extra columns).
   *
   * @param attrs column name to value (an empty map matches all)
   * @param options sort, paging and conditions; null for the defaults
   * @return the page, with cursors and (unless {@code noTotal}) the total
   * @throws IllegalArgumentException for unknown columns, values that do not fit or bad cursors
   */
  public Page<Event> search(Map<String, ?> attrs, SearchOptions options) {
    return reads.search(attrs, options);
  }

  /**
   * Every event matching column values.
   *
   * @param attrs column name to value
   * @return the events in version order
   * @throws IllegalArgumentException for unknown columns or values that do not fit
   */
  public List<Event> searchAll(Map<String, ?> attrs) {
    return reads.searchAll(attrs, null);
  }

  /**
   * Every event matching column values and options (mind a limit on a long history).
   *
   * @param attrs column name to value
   * @param options sort and conditions; null for the defaults
   * @return the events
   * @throws IllegalArgumentException for unknown columns or values that do not fit
   */
  public List<Event> searchAll(Map<String, ?> attrs, SearchOptions options) {
    return reads.searchAll(attrs, options);
  }

  /**
   * How many events match column values.
   *
   * @param attrs column name to value (an empty map counts all)
   * @return the count
   * @throws IllegalArgumentException for unknown columns or values that do not fit
   */
  public long count(Map<String, ?> attrs) {
    return reads.count(attrs, null);
  }

  /**
   * How many events match column values and options.
   *
   * @param attrs column name to value
   * @param options conditions; null for none
   * @return the count
   * @throws IllegalArgumentException for unknown columns or values that do not fit
   */
  public long count(Map<String, ?> attrs, SearchOptions options) {
    return reads.count(attrs, options);
  }

  /**
   * Makes new events get versions above {@code v} by raising the table's AUTOINCREMENT
   * sequence, e.g. when the state database is ahead of a fresh queue. Never lowers it. Runs
   * when the DB opens (or now, when it is open).
   *
   * @param v the version already used
   * @throws IllegalArgumentException when v is negative
   */
  public void setKnownV(long v) {
    writes.setKnownV(v);
  }

  /**
   * Replaces a stored event, or stores it under its version. Event-sourcing code stores
   * results with {@link #storeProcessed}; an operator replacing a failed event should use
   * {@code EventSourcingDB.operations().replace(v, type, data)}, which also retries it.
   *
   * @param event the event, with {@code v > 0}
   * @return the stored event
   * @throws IllegalArgumentException when v is missing or the type is empty
   */
  public Event set(Event event) {
    return writes.set(event);
  }

  /**
   * Stores a processed (or failed) event in place of the queued one: its type, data, result,
   * error, failedResult and sub-events. Used by the event-sourcing DB after each event; without
   * extra columns this is one prepared {@code UPDATE} instead of a full {@link #set(Event)}.
   *
   * @param event the event, with {@code v > 0} and a non-empty type
   * @throws IllegalArgumentException when v is missing or the type is empty
   */
  public void storeProcessed(Event event) {
    writes.storeProcessed(event, true);
  }

  /**
   * Like {@link #storeProcessed(Event)}; when {@code typeOrDataChanged} is false only the
   * result, error, failedResult and sub-events are written (the row's type and data, and the
   * indexes on them, stay untouched).
   *
   * @param event the event
   * @param typeOrDataChanged whether processing changed the type or data (a preprocessor)
   * @throws IllegalArgumentException when v is missing or the type is empty
   */
  public void storeProcessed(Event event, boolean typeOrDataChanged) {
    writes.storeProcessed(event, typeOrDataChanged);
  }

  /**
   * Stores an event under its own version, as it is, results included (importing history); the
   * head version and waiters learn of it like of an {@link #add}.
   *
   * @param event the event, with {@code v > 0} and a non-empty type
   * @throws IllegalArgumentException when v is missing or the type is empty
   * @throws StratoException when an event with this version exists
   */
  public void insert(Event event) {
    writes.insert(event);
  }

  /**
   * Deletes an event (versions are never reused: the AUTOINCREMENT sequence keeps its value).
   *
   * @param v the version; no error when there is no such event
   */
  public void remove(long v) {
    writes.remove(v);
  }

  /**
   * Deletes every event below a version (pruning archived history); versions are never reused.
   *
   * @param beforeV the first version kept
   * @return how many events were deleted
   */
  public long removeBelow(long beforeV) {
    return writes.removeBelow(beforeV);
  }

  @Override
  public String toString() {
    return "EventQueue[" + name() + "]";
  }
}
