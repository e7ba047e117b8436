package io.strato.queue;

import static io.strato.jsonmodel.SearchOptions.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.DB;
import io.strato.db.DBListener;
import io.strato.db.RunResult;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.Sql;
import io.strato.db.StratoException;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.SearchOptions;
import io.strato.queue.internal.AddSignal;
import io.strato.queue.internal.QueueSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ordered event log: a {@link JsonModel} of {@link Event}s in table {@code history} (name
 * configurable) with id column {@code v} (INTEGER AUTOINCREMENT).
 *
 * <pre>{@code
 * EventQueue queue = db.addModel(d -> new EventQueue(d));
 * Event e = queue.add("order/placed", Map.of("orderId", 42));      // e.v() == 1
 * Optional<Event> next = queue.getNext(0, true);                  // the event above
 * }</pre>
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
 *
 * <p>The {@link #getMaxV()} cache follows {@link DB#dataVersion()}, which on a file DB changes
 * with every commit of any connection. An in-memory DB has one connection whose data version
 * does not change on its own commits, so there the cache follows only writes made through this
 * object; rows written with plain SQL are still found by a waiting {@code getNext} at its next
 * poll.
 */
public class EventQueue extends JsonModel<Event> {
  private final QueueConfig config;
  private final AddSignal signal = new AddSignal();
  /** The highest version added by this thread's open transaction (null when none). */
  private final ThreadLocal<long[]> pendingInTransaction = new ThreadLocal<>();
  private final String insertSql;
  private final String maxSql;
  private final String storeSql;
  private final String storeResultSql;
  private final String nextBatchSql;
  private final String dropAsAddedSql;
  private final boolean rawInsert;
  private final SubEventColumn subEvents;
  private final EventRows rows;
  // Guarded by this. cachedMax is the committed MAX(v) as of data version cachedDv (-1 =
  // unknown); generation changes whenever the cache is invalidated so that a query that
  // started before the invalidation cannot store its stale answer.
  private long cachedMax = -1;
  private long cachedDv;
  private long generation;
  private long knownV;

  /**
   * A queue in table {@code history} with the default settings.
   *
   * @param db the database
   */
  public EventQueue(DB db) {
    this(db, QueueConfig.builder().build());
  }

  /**
   * A queue with the given settings.
   *
   * @param db the database
   * @param config the settings
   * @throws IllegalArgumentException for a null config or an invalid extra column
   */
  public EventQueue(DB db, QueueConfig config) {
    super(db, QueueSchema.modelConfig(requireConfig(config)));
    this.config = config;
    String table = Sql.quoteId(config.name());
    // Without extra columns an add is one plain INSERT; extra columns may compute their values
    // from the event, so then the add goes through JsonModel's row writer.
    this.rawInsert = config.columns().isEmpty();
    this.insertSql = "INSERT INTO " + table + "(type, ts, data, size) VALUES (?, ?, ?, 0)";
    this.maxSql = "SELECT MAX(v) AS v FROM " + table;
    this.subEvents = new SubEventColumn(config.subEvents());
    this.rows = new EventRows(config.name(), objectMapper(), subEvents);
    this.storeSql = "UPDATE " + table + " SET type = ?, data = ?, result = ?, json = ?" + subEvents.setSql() + " WHERE v = ?";
    this.storeResultSql = "UPDATE " + table + " SET result = ?, json = ?" + subEvents.setSql() + " WHERE v = ?";
    this.nextBatchSql = "SELECT v, type, ts, data, result, json" + subEvents.selectSql() + " FROM " + table
        + " WHERE v > ? ORDER BY v LIMIT ?";
    String kept = "'$." + EventRows.AS_ADDED + "'";
    this.dropAsAddedSql = "UPDATE " + table + " SET json = nullif(json_remove(json, " + kept + "), '{}')"
        + " WHERE v BETWEEN ? AND ? AND json_extract(json, " + kept + ") IS NOT NULL";
    db.addListener(new DBListener() {
      @Override
      public void onEnd() {
        long[] pending = pendingInTransaction.get();
        if (pending != null) {
          pendingInTransaction.remove();
          raiseCache(pending[0]);
          signal.added();
        }
      }

      @Override
      public void onRollback() {
        if (pendingInTransaction.get() != null) {
          pendingInTransaction.remove();
          invalidate();
        }
      }

      @Override
      public void onFinally() {
        pendingInTransaction.remove();
      }
    });
  }

  private static QueueConfig requireConfig(QueueConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("EventQueue: config must not be null");
    }
    return config;
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
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': type must be a non-empty string");
    }
    if (ts < 0) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': ts must be >= 0, got " + ts);
    }
    JsonNode node = dataNode(data);
    long t = ts > 0 ? ts : System.currentTimeMillis();
    Event added;
    if (rawInsert) {
      String json = node == null ? null : write(node);
      long v = db().prepare(insertSql).run(type, t, json).lastId();
      added = new Event(v, type, t, node, null, null, null, null);
    } else {
      ObjectNode tree = objectMapper().createObjectNode();
      tree.put("type", type);
      tree.put("ts", t);
      if (node != null) {
        tree.set("data", node);
      }
      added = fromTree(setTree(tree, true));
    }
    if (db().inTransaction()) {
      long[] pending = pendingInTransaction.get();
      if (pending == null) {
        pendingInTransaction.set(new long[] {added.v()});
      } else {
        pending[0] = Math.max(pending[0], added.v());
      }
    } else {
      raiseCache(added.v());
      signal.added();
    }
    return added;
  }

  private JsonNode dataNode(Object data) {
    return toData(data);
  }

  /**
   * The JSON that event data becomes when added (with this queue's mapper, which keeps null
   * properties). A JsonNode is copied, so the stored event never shares the caller's tree.
   *
   * @param data the payload, may be null
   * @return the JSON, or null for none
   * @throws IllegalArgumentException when it cannot be serialised or is nested more than 1000
   *     levels deep
   */
  public JsonNode toData(Object data) {
    if (data == null) {
      return null;
    }
    try {
      JsonNode n = toNode(data);
      if (n != null && n == data) {
        n = n.deepCopy();
      }
      return n == null || n.isNull() || n.isMissingNode() ? null : n;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': cannot serialise event data of type "
          + data.getClass().getName() + ": " + e.getMessage(), e);
    }
  }

  private String write(JsonNode node) {
    try {
      return objectMapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': cannot serialise event data: " + e.getMessage(), e);
    }
  }

  /**
   * The highest version in the queue, never below the version set with
   * {@link #setKnownV(long)}. Cached: re-read only when {@link DB#dataVersion()} changed (a
   * commit anywhere) or after writes through this object.
   *
   * @return the highest version, 0 for an empty queue
   */
  public long getMaxV() {
    long[] pending = db().inTransaction() ? pendingInTransaction.get() : null;
    long own = pending == null ? 0 : pending[0];
    long dv = db().dataVersion();
    long gen;
    synchronized (this) {
      if (cachedMax >= 0 && dv == cachedDv) {
        return Math.max(Math.max(cachedMax, knownV), own);
      }
      gen = generation;
    }
    boolean inTx = db().inTransaction();
    Long max = db().prepare(maxSql).get().map(r -> r.getLong("v")).orElse(null);
    long m = max == null ? 0 : max;
    synchronized (this) {
      // Inside a transaction the query also sees this transaction's uncommitted rows: use the
      // answer but do not cache it.
      if (!inTx && gen == generation) {
        cachedMax = Math.max(cachedMax, m);
        cachedDv = dv;
        m = cachedMax;
      }
      return Math.max(Math.max(m, knownV), own);
    }
  }

  /**
   * A committed add through this object: the cache (when valid) now knows v. The generation
   * moves too, so a {@link #getMaxV()} whose query ran before this add cannot store its older
   * answer afterwards (it would be stale while nothing invalidates it).
   */
  private synchronized void raiseCache(long v) {
    generation++;
    if (cachedMax >= 0 && v > cachedMax) {
      cachedMax = v;
    }
  }

  /** Forgets the cached MAX(v); the next {@link #getMaxV()} queries. */
  private synchronized void invalidate() {
    cachedMax = -1;
    generation++;
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
   * @throws StratoException when the waiting thread is interrupted, or when it would have to
   *     wait inside a transaction
   */
  public Optional<Event> getNext(long afterV, boolean noWait) {
    return next(afterV, noWait ? 0 : Long.MAX_VALUE);
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
  public Optional<Event> getNext(long afterV, java.time.Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': timeout must be >= 0, got " + timeout);
    }
    return next(afterV, timeout.toNanos());
  }

  private Optional<Event> next(long afterV, long timeoutNanos) {
    boolean noWait = timeoutNanos <= 0;
    long deadline = noWait || timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
    AddSignal.Mark start = signal.mark();
    long pollNanos = config.pollInterval().toNanos();
    boolean polled = false;
    while (true) {
      AddSignal.Mark mark = signal.mark();
      if (signal.cancelledSince(start)) {
        return Optional.empty();
      }
      // After a poll timeout, look at the table itself instead of trusting the cached
      // MAX(v): writes that bypass this object on an in-memory DB do not change its
      // data version.
      if (polled || afterV < getMaxV()) {
        List<Event> next = getNextBatch(afterV, 1);
        if (!next.isEmpty()) {
          return Optional.of(next.get(0));
        }
      }
      if (noWait) {
        return Optional.empty();
      }
      if (db().inTransaction()) {
        throw new StratoException("EventQueue '" + name() + "': getNext cannot wait inside a transaction"
            + " (no other writer can add an event until it ends); use noWait");
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      try {
        AddSignal.Result r = signal.await(mark, Math.min(pollNanos, left));
        if (r == AddSignal.Result.CANCELLED) {
          return Optional.empty();
        }
        polled = r == AddSignal.Result.TIMEOUT;
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new StratoException("EventQueue '" + name() + "': interrupted while waiting for events", ie);
      }
    }
  }

  private static SearchOptions nextOptions(long afterV) {
    return options().where("v > ?", afterV).sort("v", 1).noTotal();
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
    return getNextBatch(afterV, max, Long.MAX_VALUE);
  }

  /**
   * Like {@link #getNextBatch(long, int)}, but an event above {@code asAddedAbove} that was
   * stored with {@link #storeProcessed(Event, Event)} comes back as it was added (its type and
   * data before processing changed them; no result, error or sub-events). For a processing whose
   * state lives in another file: pass the state's version, so an event whose processed form was
   * stored but whose state never committed (a rollback, a crash) is processed again from what was
   * added.
   *
   * @param afterV the version already handled
   * @param max the most events to return, at least 1
   * @param asAddedAbove the version up to which stored processed forms count (the state's version)
   * @return the events (empty when none)
   * @throws IllegalArgumentException when max is below 1
   */
  public List<Event> getNextBatch(long afterV, int max, long asAddedAbove) {
    if (max < 1) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': getNextBatch needs max >= 1, got " + max);
    }
    // No getMaxV() pre-check here: the query is one seek on the primary key, cheaper than the
    // data_version probe that check needs.
    if (!rawInsert) {
      List<Event> found = searchAll(Map.of(), nextOptions(afterV).limit(max));
      if (found.isEmpty() || found.get(found.size() - 1).v() <= asAddedAbove) {
        return found;
      }
      List<Event> out = new java.util.ArrayList<>(found.size());
      for (Event e : found) {
        JsonNode kept = e.v() > asAddedAbove ? getTree(e.v()).map(t -> t.get(EventRows.AS_ADDED)).orElse(null) : null;
        out.add(kept == null || kept.isNull() ? e : rows.asAdded(e.v(), e.ts(), kept));
      }
      return out;
    }
    // The processing loop's read: one cached statement and one parse per JSON column, instead
    // of a generic search that splices the row into one document and binds it to the record.
    List<io.strato.db.Row> found = db().prepare(nextBatchSql).all(afterV, max);
    List<Event> events = new java.util.ArrayList<>(found.size());
    for (io.strato.db.Row r : found) {
      events.add(rows.fromColumns(r, asAddedAbove));
    }
    return events;
  }

  /** Wakes every thread waiting in {@link #getNext(long, boolean)}; they return empty. */
  public void cancelNext() {
    signal.cancel();
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
    if (v < 0) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': setKnownV needs v >= 0, got " + v);
    }
    synchronized (this) {
      knownV = Math.max(knownV, v);
    }
    if (db().isReadOnly()) {
      return;
    }
    db().runOnceOnOpen(d -> d.withTransaction(() -> {
      long changed = d.run("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", v, name()).changes();
      if (changed == 0) {
        d.run("INSERT INTO sqlite_sequence(name, seq) VALUES (?, ?)", name(), v);
      }
    }));
  }

  /**
   * Replaces a stored event (used to store results and to fix failed events).
   *
   * @param event the event, with {@code v > 0}
   * @return the stored event
   * @throws IllegalArgumentException when v is missing or the type is empty
   */
  @Override
  public Event set(Event event) {
    return set(event, false, false);
  }

  /**
   * Replaces or inserts a stored event.
   *
   * @param event the event, with {@code v > 0}
   * @param insertOnly fail when an event with this version exists
   * @param noReturn return null instead of the stored event
   * @return the stored event, or null with noReturn
   * @throws IllegalArgumentException when v is missing or the type is empty
   */
  @Override
  public Event set(Event event, boolean insertOnly, boolean noReturn) {
    if (event == null || event.v() <= 0) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': set needs an event with v > 0");
    }
    if (event.type() == null || event.type().isEmpty()) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': event " + event.v() + " needs a non-empty type");
    }
    try {
      return super.set(event, insertOnly, noReturn);
    } finally {
      invalidate();
    }
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
    storeProcessed(event, true);
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
    store(event, typeOrDataChanged, null);
  }

  /**
   * Stores a processed event like {@link #storeProcessed(Event)} and keeps the event as it was
   * added beside it (its type and data, in the row's {@code json}), for a processing whose state
   * commits to another file after this write: {@link #getNextBatch(long, int, long)} reads the
   * event as added again as long as that state has not reached its version. With a null
   * {@code asAdded} nothing is kept (and a form kept earlier is dropped).
   *
   * @param event the processed event, with {@code v > 0} and a non-empty type
   * @param asAdded the event as it was added (same version), or null
   * @throws IllegalArgumentException when v is missing, a type is empty or the versions differ
   */
  public void storeProcessed(Event event, Event asAdded) {
    if (asAdded != null && (event == null || asAdded.v() != event.v() || asAdded.type() == null
        || asAdded.type().isEmpty())) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': storeProcessed needs the event as added with"
          + " the same version and a non-empty type");
    }
    store(event, true, asAdded);
  }

  private void store(Event event, boolean typeOrDataChanged, Event asAdded) {
    if (event == null || event.v() <= 0 || event.type() == null || event.type().isEmpty()) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': storeProcessed needs an event with v > 0 and a type");
    }
    if (!rawInsert) {
      storeTree(event, asAdded);
      return;
    }
    ObjectNode rest = objectMapper().createObjectNode();
    if (event.error() != null && !event.error().isNull()) {
      rest.set("error", event.error());
    }
    if (event.failedResult() != null) {
      rest.set("failedResult", event.failedResult());
    }
    if (asAdded != null) {
      rest.set(EventRows.AS_ADDED, rows.asAddedJson(asAdded));
    }
    String column = null;
    if (event.events() != null) {
      JsonNode evs = objectMapper().valueToTree(event.events());
      if (subEvents.inColumn()) {
        column = write(evs);
      } else {
        rest.set("events", evs);
      }
    }
    String result = event.result() == null ? null : write(event.result());
    String json = rest.isEmpty() ? null : write(rest);
    long changed = typeOrDataChanged
        ? db().prepare(storeSql).run(subEvents.params(column, event.type(), event.data() == null ? null
            : write(event.data()), result, json, event.v())).changes()
        : db().prepare(storeResultSql).run(subEvents.params(column, result, json, event.v())).changes();
    if (changed == 0) {
      storeTree(event, asAdded); // no such row: insert it through JsonModel's writer
    }
  }

  /**
   * Drops the as-added forms kept by {@link #storeProcessed(Event, Event)} for versions
   * {@code fromV} to {@code toV}, once the state that processed them committed: from then on the
   * processed event is the truth, and the history is as small as without them. Losing this call
   * (a crash) costs only space; reads below the state's version ignore a kept form.
   *
   * @param fromV the first version
   * @param toV the last version
   * @return how many rows changed
   * @throws IllegalArgumentException when fromV is below 1 or above toV
   */
  public long dropAsAdded(long fromV, long toV) {
    if (fromV < 1 || fromV > toV) {
      throw new IllegalArgumentException("EventQueue '" + name() + "': dropAsAdded needs 1 <= fromV <= toV, got "
          + fromV + ", " + toV);
    }
    return db().prepare(dropAsAddedSql).run(fromV, toV).changes();
  }

  /** Writes the whole row through JsonModel (extra columns computed), with the as-added form when given. */
  private void storeTree(Event event, Event asAdded) {
    ObjectNode tree = toTree(event);
    if (asAdded != null) {
      tree.set(EventRows.AS_ADDED, rows.asAddedJson(asAdded));
    }
    try {
      setTree(tree, false);
    } finally {
      invalidate();
    }
  }

  /**
   * Deletes an event (versions are never reused: the AUTOINCREMENT sequence keeps its value).
   *
   * @param idOrObj a version or an event
   * @throws IllegalArgumentException when null or the event has no version
   */
  @Override
  public void remove(Object idOrObj) {
    try {
      super.remove(idOrObj);
    } finally {
      invalidate();
    }
  }

  /**
   * Updates an event's stored JSON like {@link JsonModel#update(Map, boolean, boolean)}; the
   * head-version cache is refreshed and waiters are woken, since an upsert may add a version.
   */
  @Override
  public Event update(Map<String, ?> changes, boolean upsert, boolean noReturn) {
    try {
      return super.update(changes, upsert, noReturn);
    } finally {
      invalidate();
      signal.added();
    }
  }

  /**
   * Moves an event to another version like {@link JsonModel#changeId}; the head-version cache is
   * refreshed and waiters are woken.
   */
  @Override
  public void changeId(Object oldId, Object newId) {
    try {
      super.changeId(oldId, newId);
    } finally {
      invalidate();
      signal.added();
    }
  }
}
