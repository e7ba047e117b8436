package io.strato.queue;

import static io.strato.queue.QueueTestSupport.json;
import static io.strato.queue.QueueTestSupport.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.StratoException;
import io.strato.jsonmodel.ColumnDef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SetAndBatchTest {
  @Test
  void setReplacesAndRoundTripsAllFields() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      Event e = q.add("t", Map.of("a", 1), 500);
      q.add("other", null);
      Event sub = new Event(0, "sub", 0, json("{\"s\":1}"), null, null, null, null);
      Event full = e.withResult((ObjectNode) json("{\"accounts\":{\"set\":[{\"id\":1}]}}"))
          .withError(json("{\"_reduce_accounts\":\"boom\"}"))
          .withFailedResult((ObjectNode) json("{\"accounts\":{\"rm\":[2]}}"))
          .withEvents(List.of(sub));
      Event stored = q.set(full);
      assertEquals(full, stored);
      Event read = q.get(e.v()).orElseThrow();
      assertEquals(full, read);
      assertTrue(read.failed());
      assertEquals(500, read.ts());
      assertEquals(2, q.count(Map.of()));
      // replace again: fields not given are gone
      Event plain = new Event(e.v(), "t2", 600, null, null, null, null, null);
      q.set(plain);
      assertEquals(plain, q.get(e.v()).orElseThrow());
      assertEquals(2, q.count(Map.of()));
      // the result lives in its own column
      assertEquals(null, db.get("SELECT result FROM history WHERE v = ?", e.v()).orElseThrow().getString("result"));
    }
  }

  /** insert (importing history): the event as it is, under its version, in every layout. */
  @Test
  void insertStoresUnderItsVersionAndTellsTheHead() throws Exception {
    QueueConfig extra = QueueConfig.builder().column("userId", ColumnDef.column().path("data.userId")).build();
    QueueConfig column = QueueConfig.builder().subEvents(SubEventStorage.COLUMN).build();
    for (QueueConfig cfg : List.of(QueueConfig.builder().build(), extra, column)) {
      try (DB db = DB.memory()) {
        EventQueue q = queue(db, cfg);
        q.add("first", null);
        Event sub = new Event(0, "sub", 0, json("{\"s\":1}"), null, null, null, null);
        Event imported = new Event(7, "imported", 123, json("{\"userId\":\"ü𝄞\"}"),
            (ObjectNode) json("{\"m\":{\"set\":[{\"id\":1}]}}"), json("{\"_reduce_m\":\"boom\"}"),
            (ObjectNode) json("{\"m\":{\"rm\":[2]}}"), List.of(sub));
        CompletableFuture<Optional<Event>> waiter = CompletableFuture.supplyAsync(() -> q.getNext(1, false));
        Thread.sleep(50);
        q.insert(imported);
        assertEquals(imported, waiter.get(500, TimeUnit.MILLISECONDS).orElseThrow(), "woken before the poll: " + cfg);
        assertEquals(imported, q.get(7).orElseThrow());
        assertEquals(7, q.getMaxV());
        assertEquals(8, q.add("next", null).v());
        assertThrows(StratoException.class, () -> q.insert(imported), "version 7 is taken");
        assertThrows(IllegalArgumentException.class, () -> q.insert(new Event(0, "t", 1, null, null, null, null, null)));
      }
    }
  }

  @Test
  void setValidates() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      q.add("t", null);
      assertThrows(IllegalArgumentException.class, () -> q.set(null));
      assertThrows(IllegalArgumentException.class, () -> q.set(new Event(0, "t", 1, null, null, null, null, null)));
      assertThrows(IllegalArgumentException.class, () -> q.set(new Event(-3, "t", 1, null, null, null, null, null)));
      assertThrows(IllegalArgumentException.class, () -> q.set(new Event(1, "", 1, null, null, null, null, null)));
      assertThrows(IllegalArgumentException.class, () -> q.set(new Event(1, null, 1, null, null, null, null, null)));
      assertEquals("t", q.get(1L).orElseThrow().type());
    }
  }

  @Test
  void setWithNewVersionInsertsAndRaisesMaxV() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      q.add("t", null);
      assertEquals(1, q.getMaxV());
      q.set(new Event(10, "x", 5, null, null, null, null, null));
      assertEquals(10, q.getMaxV());
      assertEquals(11, q.add("y", null).v());
    }
  }

  @Test
  void getNextBatchInOrderAtMostMax() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      assertTrue(q.getNextBatch(0, 10).isEmpty());
      for (int i = 0; i < 10; i++) {
        q.add("t" + i, Map.of("i", i));
      }
      q.remove(4L);
      List<Event> b = q.getNextBatch(2, 3);
      assertEquals(List.of(3L, 5L, 6L), b.stream().map(Event::v).toList());
      assertEquals("t2", b.get(0).type());
      assertEquals(List.of(8L, 9L, 10L), q.getNextBatch(7, 100).stream().map(Event::v).toList());
      assertEquals(9, q.getNextBatch(0, 100).size());
      assertTrue(q.getNextBatch(10, 5).isEmpty());
      assertThrows(IllegalArgumentException.class, () -> q.getNextBatch(0, 0));
    }
  }

  @Test
  void getNextBatchReadsEveryFieldLikeGet() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      Event plain = q.add("plain", Map.of("a", 1, "s", "é ✓ 𝄞"), 500);
      Event noData = q.add("noData", null);
      Event array = q.add("array", List.of(1, "two", Map.of("three", 3)));
      Event scalar = q.add("scalar", "just text");
      Event withNull = q.add("withNull", json("{\"a\":null,\"b\":[null]}"));
      Event sub = new Event(0, "sub", 0, json("{\"s\":1}"), (ObjectNode) json("{\"m\":{\"set\":[1]}}"), null, null,
          null);
      Event processed = q.add("processed", Map.of("x", 2)).withResult((ObjectNode) json("{\"m\":{\"set\":[{\"id\":1}]}}"))
          .withEvents(List.of(sub));
      q.storeProcessed(processed, false);
      Event failed = q.add("failed", Map.of("y", 3)).withError(json("{\"_reduce_m\":\"boom\"}"))
          .withFailedResult((ObjectNode) json("{\"m\":{\"rm\":[2]}}"));
      q.storeProcessed(failed, false);
      List<Event> batch = q.getNextBatch(0, 100);
      assertEquals(7, batch.size());
      for (Event e : batch) {
        assertEquals(q.get(e.v()).orElseThrow(), e, "event " + e.v() + " (" + e.type() + ")");
      }
      assertEquals(plain, batch.get(0));
      assertEquals(noData, batch.get(1));
      assertEquals(null, batch.get(1).data());
      assertEquals(array.data(), batch.get(2).data());
      assertEquals(scalar.data(), batch.get(3).data());
      assertEquals(withNull.data(), batch.get(4).data());
      assertEquals(processed, batch.get(5));
      assertEquals(failed, batch.get(6));
      assertTrue(batch.get(6).failed());
    }
  }

  @Test
  void readingNextEventsRunsNoCountQuery() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      for (int i = 0; i < 20; i++) {
        q.add("t", null);
      }
      QueueTestSupport.QueryCounter counts = new QueueTestSupport.QueryCounter(sql -> sql.toUpperCase().contains("COUNT("));
      db.addListener(counts);
      assertEquals(5, q.getNext(4, true).orElseThrow().v());
      assertEquals(5, q.getNext(4, false).orElseThrow().v());
      assertEquals(3, q.getNextBatch(0, 3).size());
      assertEquals(0, counts.count.get(), "no COUNT(*) over the rest of the log per read");
    }
  }
}
