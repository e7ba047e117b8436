package io.strato.queue;

import static io.strato.queue.QueueTestSupport.json;
import static io.strato.queue.QueueTestSupport.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.DB;
import io.strato.db.Row;
import io.strato.jsonmodel.ColumnDef;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code events} column in upstream's three layouts (see {@link SubEventStorage}). */
class SubEventStorageTest {
  @TempDir Path dir;

  private static Event processed(Event queued) {
    return new Event(queued.v(), queued.type(), queued.ts(), queued.data(), (com.fasterxml.jackson.databind.node.ObjectNode)
        json("{\"m\":{}}"), null, null, List.of(Event.of("sub", json("{\"k\":1}"))));
  }

  private static Row raw(DB db, long v) {
    return db.get("SELECT json, events FROM history WHERE v = ?", v).orElseThrow();
  }

  private static List<String> keys(DB db) {
    return db.all("SELECT runKey FROM \"{sdb} migrations\" ORDER BY runKey").stream().map(r -> r.getString("runKey")).toList();
  }

  @Test
  void columnLayoutWritesAndReadsTheColumn() {
    try (DB db = DB.file(dir.resolve("col.db"))) {
      EventQueue q = queue(db, QueueConfig.builder().subEvents(SubEventStorage.COLUMN).withViews(true).build());
      Event e = q.add("t", json("{\"a\":1}"));
      q.storeProcessed(processed(e));
      assertEquals("[{\"v\":0,\"type\":\"sub\",\"ts\":0,\"data\":{\"k\":1}}]", raw(db, e.v()).getString("events"));
      assertNull(raw(db, e.v()).getString("json"));
      assertEquals("sub", q.get(e.v()).orElseThrow().events().get(0).type());
      assertEquals("sub", q.getNextBatch(0, 10).get(0).events().get(0).type());
      // upstream's event-sourcing queue keys, events included
      assertEquals(List.of("0 history", "0_data history", "0_events history", "0_result history", "0_size history",
          "0_ts history", "0_type history", "20190521_addViews history", "addTypeSizeIndex history"), keys(db));
    }
  }

  @Test
  void jsonWithColumnLayoutKeepsSubEventsInJsonAndClearsTheColumn() {
    try (DB db = DB.file(dir.resolve("jwc.db"))) {
      EventQueue q = queue(db, QueueConfig.builder().subEvents(SubEventStorage.JSON_WITH_COLUMN).build());
      Event e = q.add("t", null);
      // a stale column value (e.g. an earlier run) must not shadow the new sub-events
      db.run("UPDATE history SET events = '[{\"type\":\"stale\"}]' WHERE v = ?", e.v());
      q.storeProcessed(processed(e), false);
      assertNull(raw(db, e.v()).getString("events"));
      assertTrue(raw(db, e.v()).getString("json").contains("\"events\":[{"), raw(db, e.v()).getString("json"));
      assertEquals("sub", q.get(e.v()).orElseThrow().events().get(0).type());
      assertEquals("sub", q.getNextBatch(0, 10).get(0).events().get(0).type());
      // the generic write path uses the column, as upstream's queue.set does
      Event e2 = q.add("t2", null);
      q.set(processed(e2));
      assertTrue(raw(db, e2.v()).getString("events").contains("\"sub\""));
      assertEquals("sub", q.get(e2.v()).orElseThrow().events().get(0).type());
      assertEquals("sub", q.getNextBatch(1, 10).get(0).events().get(0).type());
      assertTrue(keys(db).contains("0_events history"));
    }
  }

  /** Rows as upstream writes them, made with raw SQL: sub-events in the column, or in json. */
  @Test
  void readsUpstreamRowsFromEitherPlace() {
    for (SubEventStorage s : List.of(SubEventStorage.COLUMN, SubEventStorage.JSON_WITH_COLUMN)) {
      try (DB db = DB.file(dir.resolve(s + ".db"))) {
        EventQueue q = queue(db, QueueConfig.builder().subEvents(s).build());
        db.open();
        db.run("INSERT INTO history (v, type, ts, data, result, json, events) VALUES (1, 'hi', 5, 'null', '{}', NULL,"
            + " '[{\"type\":\"pre-hi\",\"result\":{}},{\"type\":\"der-hi\",\"result\":{\"foo\":{\"set\":[{\"id\":\"x\"}]}}}]')");
        db.run("INSERT INTO history (v, type, ts, data, result, json, events) VALUES (2, 'hi', 6, 'null', '{}',"
            + " '{\"events\":[{\"type\":\"in-json\",\"data\":{\"q\":1},\"result\":{}}]}', NULL)");
        for (List<Event> evs : List.of(List.of(q.get(1L).orElseThrow(), q.get(2L).orElseThrow()), q.getNextBatch(0, 5))) {
          assertEquals(List.of("pre-hi", "der-hi"), evs.get(0).events().stream().map(Event::type).toList(), s.name());
          assertEquals("x", evs.get(0).events().get(1).result().path("foo").path("set").get(0).path("id").asText());
          assertEquals(List.of("in-json"), evs.get(1).events().stream().map(Event::type).toList(), s.name());
        }
      }
    }
  }

  @Test
  void plainQueueHasNoEventsColumn() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      Event e = q.add("t", null);
      q.storeProcessed(processed(e));
      assertTrue(db.all("SELECT name FROM pragma_table_info('history') WHERE name = 'events'").isEmpty());
      assertEquals("sub", q.get(e.v()).orElseThrow().events().get(0).type());
    }
  }

  @Test
  void eventsMayNotAlsoBeAnExtraColumn() {
    assertThrows(IllegalArgumentException.class, () -> QueueConfig.builder().subEvents(SubEventStorage.COLUMN)
        .column("events", ColumnDef.column()).build());
    assertThrows(IllegalArgumentException.class, () -> QueueConfig.builder().subEvents(null));
  }
}
