package io.strato.queue.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.Sql;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.WriteOptions;
import io.strato.queue.Event;
import io.strato.queue.QueueConfig;

/**
 * The queue's one write path: appends, replacements, processed results, deletions and the
 * version floor. Every write tells the {@link HeadCache} (which wakes waiters once the write is
 * committed), so no write can leave the head version stale or a waiter asleep. Without extra
 * columns, appends and processed results are single cached statements; with extra columns they
 * go through the generic table so computed columns get their values. Thread-safe: immutable.
 */
public final class EventWrites {
  private final DB db;
  private final String name;
  private final JsonModel<ObjectNode> table;
  private final EventJson json;
  private final SubEventColumn subEvents;
  private final HeadCache head;
  private final boolean plainRows;
  private final String insertSql;
  private final String storeSql;
  private final String storeResultSql;
  private final String deleteBelowSql;
  private final String insertWithVersionSql;
  private final String dropAsAddedSql;

  /**
   * The writes of one queue.
   *
   * @param db the queue's DB
   * @param config the queue's settings
   * @param table the generic table of the events
   * @param json the queue's conversions
   * @param subEvents where sub-events are kept
   * @param head the head cache told of every write
   */
  public EventWrites(DB db, QueueConfig config, JsonModel<ObjectNode> table, EventJson json, SubEventColumn subEvents,
      HeadCache head) {
    this.db = db;
    this.name = config.name();
    this.table = table;
    this.json = json;
    this.subEvents = subEvents;
    this.head = head;
    this.plainRows = config.columns().isEmpty();
    String t = Sql.quoteId(name);
    this.insertSql = "INSERT INTO " + t + "(type, ts, data, size) VALUES (?, ?, ?, 0)";
    this.storeSql = "UPDATE " + t + " SET type = ?, data = ?, result = ?, json = ?" + subEvents.setSql() + " WHERE v = ?";
    this.storeResultSql = "UPDATE " + t + " SET result = ?, json = ?" + subEvents.setSql() + " WHERE v = ?";
    this.deleteBelowSql = "DELETE FROM " + t + " WHERE v < ?";
    String kept = "'$." + AsAdded.KEY + "'";
    this.dropAsAddedSql = "UPDATE " + t + " SET json = nullif(json_remove(json, " + kept + "), '{}')"
        + " WHERE v BETWEEN ? AND ? AND json_extract(json, " + kept + ") IS NOT NULL";
    this.insertWithVersionSql = "INSERT INTO " + t + "(type, data, result, json" + subEvents.selectSql()
        + ", ts, size, v) VALUES (?, ?, ?, ?" + (subEvents.exists() ? ", ?" : "") + ", ?, 0, ?)";
  }

  /**
   * Appends an event.
   *
   * @param type the type, non-empty
   * @param data the payload (already converted with {@link EventJson#toData}), or null
   * @param ts ms since the epoch, 0 for now
   * @return the stored event with its version
   * @throws IllegalArgumentException for an empty type or a negative ts
   */
  public Event add(String type, JsonNode data, long ts) {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("EventQueue '" + name + "': type must be a non-empty string");
    }
    if (ts < 0) {
      throw new IllegalArgumentException("EventQueue '" + name + "': ts must be >= 0, got " + ts);
    }
    long t = ts > 0 ? ts : System.currentTimeMillis();
    Event added;
    if (plainRows) {
      long v = db.prepare(insertSql).run(type, t, data == null ? null : json.write(data)).lastId();
      added = new Event(v, type, t, data, null, null, null, null);
    } else {
      ObjectNode tree = json.mapper().createObjectNode();
      tree.put("type", type);
      tree.put("ts", t);
      if (data != null) {
        tree.set("data", data);
      }
      added = json.fromTree(table.set(tree, WriteOptions.insertOnly()));
    }
    head.added(added.v());
    return added;
  }

  /**
   * Replaces (or inserts) the event with its version.
   *
   * @param event the event, {@code v > 0} and a non-empty type
   * @return the stored event
   * @throws IllegalArgumentException when v or the type is missing
   */
  public Event set(Event event) {
    requireStorable(event, "set");
    try {
      return json.fromTree(table.set(json.toTree(event), WriteOptions.defaults()));
    } finally {
      head.rewritten();
    }
  }

  /**
   * Stores a processed (or failed) event in place of the queued one.
   *
   * @param event the event, {@code v > 0} and a non-empty type
   * @param typeOrDataChanged false to leave the row's type and data (and their indexes) alone
   * @throws IllegalArgumentException when v or the type is missing
   */
  public void storeProcessed(Event event, boolean typeOrDataChanged) {
    store(event, typeOrDataChanged, null);
  }

  /**
   * Stores a processed event and keeps the event as added beside it ({@link AsAdded}); with a
   * null {@code asAdded} nothing is kept and a form kept earlier is dropped.
   *
   * @param event the processed event, {@code v > 0} and a non-empty type
   * @param asAdded the event as added (same version, non-empty type), or null
   * @throws IllegalArgumentException when v or a type is missing or the versions differ
   */
  public void storeProcessed(Event event, Event asAdded) {
    requireStorable(event, "storeProcessed");
    if (asAdded != null && (asAdded.v() != event.v() || asAdded.type() == null || asAdded.type().isEmpty())) {
      throw new IllegalArgumentException("EventQueue '" + name + "': storeProcessed needs the event as added with"
          + " the same version (" + event.v() + ") and a non-empty type");
    }
    store(event, true, asAdded);
  }

  /**
   * Drops the as-added forms of versions fromV..toV (their state committed).
   *
   * @param fromV the first version, at least 1
   * @param toV the last version, at least fromV
   * @return how many rows changed
   * @throws IllegalArgumentException for a bad range
   */
  public long dropAsAdded(long fromV, long toV) {
    if (fromV < 1 || fromV > toV) {
      throw new IllegalArgumentException("EventQueue '" + name + "': dropAsAdded needs 1 <= fromV <= toV, got "
          + fromV + ", " + toV);
    }
    return db.prepare(dropAsAddedSql).run(fromV, toV).changes();
  }

  private void store(Event event, boolean typeOrDataChanged, Event asAdded) {
    requireStorable(event, "storeProcessed");
    if (!plainRows) {
      storeTree(event, asAdded);
      return;
    }
    Stored st = stored(event, asAdded);
    long changed = typeOrDataChanged
        ? db.prepare(storeSql).run(subEvents.params(st.column(), event.type(), st.data(), st.result(), st.rest(), event.v()))
            .changes()
        : db.prepare(storeResultSql).run(subEvents.params(st.column(), st.result(), st.rest(), event.v())).changes();
    if (changed == 0) {
      storeTree(event, asAdded); // not queued here (a log filled elsewhere): insert it
    }
  }

  /** The whole row through the generic table (computed columns get their values), with the as-added form when given. */
  private void storeTree(Event event, Event asAdded) {
    ObjectNode tree = json.toTree(event);
    if (asAdded != null) {
      tree.set(AsAdded.KEY, AsAdded.json(asAdded, json.mapper()));
    }
    try {
      table.set(tree, WriteOptions.defaults());
    } finally {
      head.rewritten();
    }
  }

  /**
   * Stores an event under its own version, as it is (e.g. imported history, results included).
   *
   * @param event the event, {@code v > 0} and a non-empty type
   * @throws IllegalArgumentException when v or the type is missing
   * @throws io.strato.db.StratoException when the version is taken
   */
  public void insert(Event event) {
    requireStorable(event, "insert");
    if (plainRows) {
      Stored st = stored(event, null);
      Object[] params = subEvents.exists() // the events column sits between json and ts
          ? new Object[] {event.type(), st.data(), st.result(), st.rest(), st.column(), event.ts(), event.v()}
          : new Object[] {event.type(), st.data(), st.result(), st.rest(), event.ts(), event.v()};
      db.prepare(insertWithVersionSql).run(params);
    } else {
      table.set(json.toTree(event), WriteOptions.insertOnly());
    }
    head.added(event.v());
  }

  /** An event's column texts as the hand-written statements store them. */
  private record Stored(String data, String result, String rest, String column) {}

  private Stored stored(Event event, Event asAdded) {
    ObjectNode rest = json.mapper().createObjectNode();
    if (asAdded != null) {
      rest.set(AsAdded.KEY, AsAdded.json(asAdded, json.mapper()));
    }
    if (event.error() != null && !event.error().isNull()) {
      rest.set("error", event.error());
    }
    if (event.failedResult() != null) {
      rest.set("failedResult", event.failedResult());
    }
    String column = null;
    if (event.events() != null) {
      JsonNode evs = json.mapper().valueToTree(event.events());
      if (subEvents.inColumn()) {
        column = json.write(evs);
      } else {
        rest.set("events", evs);
      }
    }
    return new Stored(event.data() == null ? null : json.write(event.data()),
        event.result() == null ? null : json.write(event.result()), rest.isEmpty() ? null : json.write(rest), column);
  }

  /**
   * Deletes one event; its version is never reused.
   *
   * @param v the version
   */
  public void remove(long v) {
    try {
      table.remove(v);
    } finally {
      head.rewritten();
    }
  }

  /**
   * Deletes every event below a version (pruning); versions are never reused.
   *
   * @param beforeV the first version kept
   * @return how many events were deleted
   */
  public long removeBelow(long beforeV) {
    try {
      return db.run(deleteBelowSql, beforeV).changes();
    } finally {
      head.rewritten();
    }
  }

  /**
   * Makes new events get versions above v by raising the AUTOINCREMENT sequence (never
   * lowering it); runs when the DB opens, or now when it is open.
   *
   * @param v the version already used, at least 0
   * @throws IllegalArgumentException when v is negative
   */
  public void setKnownV(long v) {
    if (v < 0) {
      throw new IllegalArgumentException("EventQueue '" + name + "': setKnownV needs v >= 0, got " + v);
    }
    head.knownV(v);
    if (db.isReadOnly()) {
      return;
    }
    db.runOnceOnOpen(d -> d.withTransaction(() -> {
      long changed = d.run("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", v, name).changes();
      if (changed == 0) {
        d.run("INSERT INTO sqlite_sequence(name, seq) VALUES (?, ?)", name, v);
      }
    }));
  }

  private void requireStorable(Event event, String what) {
    if (event == null || event.v() <= 0) {
      throw new IllegalArgumentException("EventQueue '" + name + "': " + what + " needs an event with v > 0");
    }
    if (event.type() == null || event.type().isEmpty()) {
      throw new IllegalArgumentException("EventQueue '" + name + "': event " + event.v() + " needs a non-empty type");
    }
  }
}
