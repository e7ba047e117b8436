package io.strato.queue.internal;

import static io.strato.jsonmodel.SearchOptions.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.db.Sql;
import io.strato.jsonmodel.JsonModel;
import io.strato.jsonmodel.Page;
import io.strato.jsonmodel.SearchOptions;
import io.strato.queue.Event;
import io.strato.queue.QueueConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The queue's one read path: every event read, by version, in order, or by search, goes
 * through here. Without extra columns, reads by version use cached statements over the plain
 * columns (one parse per JSON column); with extra columns, or for searches, they go through the
 * generic table and its column definitions. Thread-safe: immutable.
 */
public final class EventReads {
  private final DB db;
  private final JsonModel<ObjectNode> table;
  private final EventJson json;
  private final SubEventColumn subEvents;
  /** Whether the plain columns hold the whole event (no extra column may have taken a field out of {@code json}). */
  private final boolean plainRows;
  private final String afterSql;
  private final String byVersionSql;
  private final String name;

  /**
   * The reads of one queue.
   *
   * @param db the queue's DB
   * @param config the queue's settings
   * @param table the generic table of the events
   * @param json the queue's conversions
   * @param subEvents where sub-events are kept
   */
  public EventReads(DB db, QueueConfig config, JsonModel<ObjectNode> table, EventJson json, SubEventColumn subEvents) {
    this.db = db;
    this.table = table;
    this.json = json;
    this.subEvents = subEvents;
    this.plainRows = config.columns().isEmpty();
    this.name = config.name();
    String select = "SELECT v, type, ts, data, result, json" + subEvents.selectSql() + " FROM "
        + Sql.quoteId(config.name());
    this.afterSql = select + " WHERE v > ? ORDER BY v LIMIT ?";
    this.byVersionSql = select + " WHERE v = ?";
  }

  /**
   * The event with this version.
   *
   * @param v the version
   * @return the event, or empty
   */
  public Optional<Event> get(long v) {
    if (!plainRows) {
      return table.get(v).map(json::fromTree);
    }
    return db.prepare(byVersionSql).get(v).map(r -> fromColumns(r, Long.MAX_VALUE));
  }

  /**
   * Up to max events above afterV, in version order. Asks for no total, so it never counts the
   * rest of the log.
   *
   * @param afterV the version already handled
   * @param max the most events, at least 1
   * @return the events
   */
  public List<Event> after(long afterV, int max) {
    return after(afterV, max, Long.MAX_VALUE);
  }

  /**
   * Like {@link #after(long, int)}; an event above {@code asAddedAbove} whose row keeps its
   * as-added form ({@link AsAdded}) is read as added.
   *
   * @param afterV the version already handled
   * @param max the most events, at least 1
   * @param asAddedAbove the version up to which stored processed forms count
   * @return the events
   * @throws IllegalArgumentException when max is below 1
   */
  public List<Event> after(long afterV, int max, long asAddedAbove) {
    if (max < 1) {
      throw new IllegalArgumentException("EventQueue '" + name + "': getNextBatch needs max >= 1, got " + max);
    }
    // No getMaxV() pre-check here: the query is one seek on the primary key, cheaper than the
    // data_version probe that check needs.
    if (!plainRows) {
      List<Event> out = new ArrayList<>();
      for (ObjectNode t : table.searchAll(Map.of(), options().where("v > ?", afterV).sort("v", 1).limit(max).noTotal())) {
        long v = t.path("v").asLong();
        out.add(v > asAddedAbove && t.hasNonNull(AsAdded.KEY) ? AsAdded.event(name, v, t.path("ts").asLong(),
            t.get(AsAdded.KEY)) : json.fromTree(t));
      }
      return out;
    }
    List<Row> rows = db.prepare(afterSql).all(afterV, max);
    List<Event> events = new ArrayList<>(rows.size());
    for (Row r : rows) {
      events.add(fromColumns(r, asAddedAbove));
    }
    return events;
  }

  /**
   * One page of a search over the table's columns.
   *
   * @param attrs column values to match
   * @param options sort, paging and conditions, may be null
   * @return the page of events
   */
  public Page<Event> search(Map<String, ?> attrs, SearchOptions options) {
    Page<ObjectNode> p = table.search(attrs, options);
    return new Page<>(events(p.items()), p.cursor(), p.prevCursor(), p.total());
  }

  /**
   * Every event a search matches.
   *
   * @param attrs column values to match
   * @param options sort and conditions, may be null
   * @return the events
   */
  public List<Event> searchAll(Map<String, ?> attrs, SearchOptions options) {
    return events(table.searchAll(attrs, options));
  }

  /**
   * How many events a search matches.
   *
   * @param attrs column values to match
   * @param options conditions, may be null
   * @return the count
   */
  public long count(Map<String, ?> attrs, SearchOptions options) {
    return table.count(attrs, options);
  }

  private List<Event> events(List<ObjectNode> trees) {
    List<Event> out = new ArrayList<>(trees.size());
    for (ObjectNode t : trees) {
      out.add(json.fromTree(t));
    }
    return out;
  }

  /** An event from the plain columns, without binding a whole document (as added above the given version). */
  private Event fromColumns(Row r, long asAddedAbove) {
    long v = r.getLong("v");
    JsonNode rest = json.parse(r.getString("json"), v, "json");
    if (v > asAddedAbove && rest != null && rest.hasNonNull(AsAdded.KEY)) {
      Long at = r.getLong("ts");
      return AsAdded.event(name, v, at == null ? 0 : at, rest.get(AsAdded.KEY));
    }
    JsonNode data = json.parse(r.getString("data"), v, "data");
    JsonNode result = json.parse(r.getString("result"), v, "result");
    JsonNode error = rest == null ? null : rest.get("error");
    JsonNode failedResult = rest == null ? null : rest.get("failedResult");
    List<Event> subs = json.events(subEvents.read(r, rest, t -> json.parse(t, v, QueueConfig.EVENTS_COLUMN)));
    Long ts = r.getLong("ts");
    return new Event(v, r.getString("type"), ts == null ? 0 : ts, data, json.objectOrNull(result, v, "result"),
        error == null || error.isNull() ? null : error, json.objectOrNull(failedResult, v, "failedResult"), subs);
  }
}
