package io.strato.es;

import static io.strato.es.Es.der;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.jsonmodel.ColumnDef;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.ModelConfig;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files shared with strato-db for JavaScript: the migration keys we record are upstream's (so
 * upstream opening our file runs nothing again), histories in upstream's layouts read their
 * sub-events, and files written by earlier versions of this library keep working.
 */
class UpstreamFilesTest {
  @TempDir Path dir;

  /** A model with a real, a real indexed, a virtual and a virtual indexed column. */
  public static final class People implements EventModel {
    @Override
    public String name() {
      return "people";
    }

    @Override
    public ModelConfig<?> config() {
      return ModelConfig.builder("people")
          .column("age", ColumnDef.column().type(ColumnType.INTEGER))
          .column("email", ColumnDef.column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
          .column("city", ColumnDef.column().path("address.city"))
          .column("tag", ColumnDef.column().index(IndexKind.SPARSE))
          .build();
    }
  }

  private static EventSourcingDB.Builder es(Path file) {
    return EventSourcingDB.builder().file(file).retryBackoff(Duration.ofMillis(5), Duration.ofMillis(50)).maxRetries(3);
  }

  /** Sub-events from the deriver of "foo" for events of type "hi". */
  private static EventSourcingDB.Builder withSubEvents(EventSourcingDB.Builder b) {
    return b.reducer(red("foo", c -> ReduceResult.result().set(obj("id", c.event().type()))))
        .deriver(der("foo", c -> {
          if (c.event().type().equals("hi")) {
            c.addEvent("ho", null);
          }
        }));
  }

  private static List<String> keys(DB db) {
    return db.all("SELECT runKey FROM \"{sdb} migrations\" ORDER BY runKey").stream().map(r -> r.getString("runKey")).toList();
  }

  private static void sql(Path f, String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  @Test
  void freshFileRecordsExactlyUpstreamsKeys() {
    try (EventSourcingDB es = es(dir.resolve("fresh.db")).withViews(true).model(new People()).build()) {
      es.open();
      assertEquals(List.of(
          "0 history", "0 people",
          "0_age people", "0_data history", "0_email people", "0_events history", "0_result history",
          "0_size history", "0_ts history", "0_type history",
          "1_city people", "1_tag people",
          "20190521_addViews history", "addTypeSizeIndex history", "userVersion ESDB"), keys(es.db()));
      assertEquals(List.of("integer"), es.db().all("SELECT DISTINCT typeof(ts) AS t FROM \"{sdb} migrations\"").stream()
          .map(r -> r.getString("t")).toList());
    }
  }

  @Test
  void ownQueueFileRecordsUpstreamsHistoryKeysAndFillsTheEventsColumn() {
    Path q = dir.resolve("q.db");
    try (EventSourcingDB es = withSubEvents(es(dir.resolve("s.db")).queueFile(q)).build()) {
      Event e = es.dispatch("hi", null);
      assertEquals(List.of("ho"), e.events().stream().map(Event::type).toList());
      assertEquals(List.of("0 history", "0_data history", "0_events history", "0_result history", "0_size history",
          "0_ts history", "0_type history", "addTypeSizeIndex history"), keys(es.queue().db()));
      Row r = es.queue().db().get("SELECT json, events FROM history WHERE v = ?", e.v()).orElseThrow();
      assertNull(r.getString("json"));
      assertTrue(r.getString("events").contains("\"ho\""), r.getString("events"));
    }
  }

  /**
   * Upstream's layout for a queue in its own file, written by hand: sub-events in the
   * history's {@code events} column; the state is at version 1.
   */
  @Test
  void readsSubEventsOfAnUpstreamQueueFile() throws SQLException {
    Path state = dir.resolve("state.db");
    Path q = dir.resolve("queue.db");
    sql(q,
        "CREATE TABLE \"{sdb} migrations\"(runKey TEXT, ts DATETIME, up BOOLEAN)",
        "CREATE TABLE \"history\"(\"v\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, json JSON)",
        "ALTER TABLE \"history\" ADD COLUMN \"type\" TEXT",
        "ALTER TABLE \"history\" ADD COLUMN \"ts\" INTEGER",
        "CREATE INDEX IF NOT EXISTS \"history_ts\" ON \"history\"(\"ts\")",
        "ALTER TABLE \"history\" ADD COLUMN \"data\" JSON",
        "ALTER TABLE \"history\" ADD COLUMN \"result\" JSON",
        "ALTER TABLE \"history\" ADD COLUMN \"size\" INTEGER",
        "ALTER TABLE \"history\" ADD COLUMN \"events\" JSON",
        "CREATE INDEX IF NOT EXISTS \"history type,size\" on history(type, size)",
        "INSERT INTO \"{sdb} migrations\" VALUES ('0 history', 1700000000, 1), ('0_type history', 1700000000, 1),"
            + " ('0_ts history', 1700000000, 1), ('0_data history', 1700000000, 1), ('0_result history', 1700000000, 1),"
            + " ('0_size history', 1700000000, 1), ('0_events history', 1700000000, 1),"
            + " ('addTypeSizeIndex history', 1700000000, 1)",
        "INSERT INTO history (v, type, ts, data, result, size, json, events) VALUES (1, 'hi', 1700000000000, NULL,"
            + " '{\"foo\":{\"set\":[{\"id\":\"hi\"}]}}', 0, NULL,"
            + " '[{\"type\":\"ho\",\"result\":{\"foo\":{\"set\":[{\"id\":\"ho\"}]}}}]')");
    sql(state,
        "CREATE TABLE \"{sdb} migrations\"(runKey TEXT, ts DATETIME, up BOOLEAN)",
        "CREATE TABLE \"foo\"(\"rowId\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \"id\" TEXT NOT NULL, json JSON)",
        "CREATE UNIQUE INDEX \"foo_id\" ON \"foo\"(\"id\")",
        "INSERT INTO foo (id, json) VALUES ('hi', '{}'), ('ho', '{}')",
        "INSERT INTO \"{sdb} migrations\" VALUES ('0 foo', 1700000000, 1), ('userVersion ESDB', 1700000000, 1)",
        "PRAGMA user_version = 1");
    try (EventSourcingDB es = withSubEvents(es(state).queueFile(q)).build()) {
      Event one = es.handledVersion(1);
      assertEquals(List.of("ho"), one.events().stream().map(Event::type).toList());
      assertEquals("ho", one.events().get(0).result().path("foo").path("set").get(0).path("id").asText());
      assertEquals(1, es.getVersion(), "not processed again");
      Event two = es.dispatch("hi", null);
      assertEquals(2, two.v());
      assertEquals(List.of("ho"), es.queue().get(2L).orElseThrow().events().stream().map(Event::type).toList());
      assertEquals(8, keys(es.queue().db()).size(), "no queue migration ran again");
    }
  }

  /**
   * A same-file database written by this library before it used upstream's keys and layout:
   * keyed migrations table with text timestamps, {@code 0_col_}/{@code 0_idx_} keys, no
   * {@code events} column, sub-events inside {@code json}. Written by hand with raw SQL.
   */
  @Test
  void fileWrittenByEarlierVersionsOpensAndContinues() throws SQLException {
    Path f = dir.resolve("old.db");
    sql(f,
        "CREATE TABLE \"{sdb} migrations\" (runKey TEXT PRIMARY KEY, ts DATETIME, up BOOLEAN)",
        "CREATE TABLE \"history\" (\"v\" INTEGER PRIMARY KEY AUTOINCREMENT, \"json\" JSON)",
        "ALTER TABLE \"history\" ADD COLUMN \"type\" TEXT",
        "ALTER TABLE \"history\" ADD COLUMN \"ts\" INTEGER",
        "ALTER TABLE \"history\" ADD COLUMN \"data\" JSON",
        "ALTER TABLE \"history\" ADD COLUMN \"result\" JSON",
        "ALTER TABLE \"history\" ADD COLUMN \"size\" INTEGER",
        "CREATE INDEX IF NOT EXISTS \"history_ts\" ON \"history\"(\"ts\")",
        "CREATE INDEX IF NOT EXISTS \"history type,size\" ON \"history\"(type, size)",
        "CREATE TABLE \"foo\" (\"rowId\" INTEGER PRIMARY KEY, \"id\" TEXT NOT NULL, \"json\" JSON)",
        "CREATE UNIQUE INDEX \"foo_id\" ON \"foo\"(\"id\")",
        "INSERT INTO foo (id, json) VALUES ('hi', NULL), ('ho', NULL)",
        "INSERT INTO history (v, type, ts, data, result, size, json) VALUES (1, 'hi', 1700000000000, NULL,"
            + " '{\"foo\":{\"set\":[{\"id\":\"hi\"}]}}', 0,"
            + " '{\"events\":[{\"v\":1,\"type\":\"ho\",\"ts\":1700000000000,\"result\":{\"foo\":{\"set\":[{\"id\":\"ho\"}]}}}]}')",
        "INSERT INTO \"{sdb} migrations\" VALUES ('0 history', '2025-01-01 10:00:00', 1),"
            + " ('0_col_type history', '2025-01-01 10:00:00', 1), ('0_col_ts history', '2025-01-01 10:00:00', 1),"
            + " ('0_col_data history', '2025-01-01 10:00:00', 1), ('0_col_result history', '2025-01-01 10:00:00', 1),"
            + " ('0_col_size history', '2025-01-01 10:00:00', 1), ('0_idx_ts history', '2025-01-01 10:00:00', 1),"
            + " ('addTypeSizeIndex history', '2025-01-01 10:00:00', 1), ('0 foo', '2025-01-01 10:00:00', 1)",
        "PRAGMA user_version = 1");
    try (EventSourcingDB es = withSubEvents(es(f)).build()) {
      assertEquals(1, es.getVersion());
      assertEquals(List.of("ho"), es.handledVersion(1).events().stream().map(Event::type).toList());
      Event two = es.dispatch("hi", null);
      assertEquals(2, two.v());
      assertEquals(List.of("ho"), es.queue().get(2L).orElseThrow().events().stream().map(Event::type).toList());
      // upstream's result writer layout for a history in the state file: json, column NULL
      Row r = es.db().get("SELECT json, events FROM history WHERE v = 2").orElseThrow();
      assertNull(r.getString("events"));
      assertTrue(r.getString("json").contains("\"ho\""), r.getString("json"));
      List<String> keys = keys(es.db());
      assertTrue(keys.containsAll(List.of("0_type history", "0_ts history", "0_data history", "0_result history",
          "0_size history", "0_events history", "userVersion ESDB")), keys.toString());
      assertTrue(keys.contains("0_col_type history"), "old keys stay");
    }
    try (EventSourcingDB es = withSubEvents(es(f)).build()) {
      assertEquals(2, es.getVersion());
      assertEquals(List.of("ho"), es.queue().get(1L).orElseThrow().events().stream().map(Event::type).toList());
    }
  }

  /** Upstream's version-2 files kept the version in a metadata table; its userVersion migration moves it. */
  @Test
  void upstreamV2MetadataVersionMovesToUserVersion() throws SQLException {
    Path f = dir.resolve("v2.db");
    sql(f,
        "CREATE TABLE metadata (id TEXT PRIMARY KEY, json JSON)",
        "INSERT INTO metadata VALUES ('version', '{\"v\":7}')");
    try (EventSourcingDB es = withSubEvents(es(f)).build()) {
      es.open();
      assertEquals(7, es.getVersion());
      assertTrue(es.db().get("SELECT 1 AS e FROM sqlite_master WHERE name = 'metadata'").isEmpty());
    }
  }
}
