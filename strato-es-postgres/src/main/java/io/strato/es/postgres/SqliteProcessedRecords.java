package io.strato.es.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.db.DB;
import io.strato.db.StratoException;
import io.strato.es.log.EventLog;
import io.strato.es.log.ProcessedRecords;
import io.strato.queue.Event;
import java.util.Map;
import java.util.Optional;

/**
 * One node's processed records, in a table of its own SQLite state file
 * ({@code es_processed}: version and the processed event as JSON), so state, version and record
 * commit together. Nothing in it is PostgreSQL-specific; it lives here because the shared log is
 * its only user so far. {@link #get} falls back to the log for events not processed yet.
 *
 * <p>{@link #store} runs on the processing thread inside the state transaction; {@link #get}
 * from any thread (it reads committed records). Register it with
 * {@code EventSourcingDB.builder().processedRecords(...)}, which {@link #attach}es it.
 */
public class SqliteProcessedRecords implements ProcessedRecords {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final EventLog log;
  private volatile DB db;

  /**
   * Records for the events of a log.
   *
   * @param log where events not processed yet are read from
   * @throws IllegalArgumentException for null
   */
  public SqliteProcessedRecords(EventLog log) {
    if (log == null) {
      throw new IllegalArgumentException("SqliteProcessedRecords: log must not be null");
    }
    this.log = log;
  }

  /**
   * Creates the table in the state DB (a migration, run when it opens).
   *
   * @param stateDb the state DB, not open yet
   * @throws IllegalStateException when attached to a second DB
   */
  @Override
  public void attach(DB stateDb) {
    if (db != null && db != stateDb) {
      throw new IllegalStateException("SqliteProcessedRecords: already attached to " + db.name());
    }
    if (db == null) {
      db = stateDb;
      stateDb.registerMigrations("es_processed", Map.of("1 table",
          d -> d.exec("CREATE TABLE IF NOT EXISTS es_processed (v INTEGER PRIMARY KEY, json TEXT NOT NULL)")));
    }
  }

  @Override
  public void store(Event processed, Event queued) {
    db().run("INSERT OR REPLACE INTO es_processed (v, json) VALUES (?, ?)", processed.v(), toJson(processed));
  }

  @Override
  public Optional<Event> get(long v) {
    Optional<Event> local = db().get("SELECT json FROM es_processed WHERE v = ?", v)
        .map(r -> fromJson(r.getString("json"), v));
    return local.isPresent() ? local : log.get(v);
  }

  /**
   * The record this node stored for a version, without falling back to the log.
   *
   * @param v the version
   * @return the processed event, or empty
   */
  public Optional<Event> local(long v) {
    return db().get("SELECT json FROM es_processed WHERE v = ?", v).map(r -> fromJson(r.getString("json"), v));
  }

  private DB db() {
    DB d = db;
    if (d == null) {
      throw new IllegalStateException("SqliteProcessedRecords: not attached; pass it to"
          + " EventSourcingDB.builder().processedRecords(...)");
    }
    return d;
  }

  static String toJson(Event e) {
    try {
      return MAPPER.writeValueAsString(e);
    } catch (JsonProcessingException ex) {
      throw new StratoException("processed event " + e.v() + " cannot be written as JSON: " + ex.getMessage(), ex);
    }
  }

  static Event fromJson(String json, long v) {
    try {
      return MAPPER.readValue(json, Event.class);
    } catch (JsonProcessingException ex) {
      throw new StratoException("processed record " + v + " is not valid JSON: " + ex.getOriginalMessage(), ex);
    }
  }
}
