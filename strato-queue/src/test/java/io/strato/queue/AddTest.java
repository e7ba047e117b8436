package io.strato.queue;

import static io.strato.queue.QueueTestSupport.M;
import static io.strato.queue.QueueTestSupport.json;
import static io.strato.queue.QueueTestSupport.queue;
import static io.strato.queue.QueueTestSupport.tableInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.DB;
import io.strato.db.Row;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddTest {
  record Payload(String name, int n, List<String> tags) {}

  @Test
  void addAssignsIncreasingVersions() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      Event a = q.add("a", null);
      Event b = q.add("b", Map.of("x", 1));
      Event c = q.add("c", "s");
      assertEquals(1, a.v());
      assertEquals(2, b.v());
      assertEquals(3, c.v());
      assertEquals("b", b.type());
      assertEquals(json("{\"x\":1}"), b.data());
      assertEquals(3, q.count(Map.of()));
      assertEquals("c", q.get(3L).orElseThrow().type());
    }
  }

  @Test
  void typeIsRequired() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> q.add(null, null));
      assertTrue(e1.getMessage().contains("type"), e1.getMessage());
      assertThrows(IllegalArgumentException.class, () -> q.add("", Map.of()));
      assertThrows(IllegalArgumentException.class, () -> q.add(null, null, 5));
      assertThrows(IllegalArgumentException.class, () -> q.add("t", null, -1));
      // nothing was written
      assertEquals(0, q.count(Map.of()));
      assertEquals(1, q.add("t", null).v());
    }
  }

  @Test
  void unserialisableDataIsAnIllegalArgument() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      Object bad = new Object() {
        @SuppressWarnings("unused")
        public Object getSelf() {
          return this;
        }
      };
      assertThrows(IllegalArgumentException.class, () -> q.add("t", bad));
      assertEquals(0, q.count(Map.of()));
    }
  }

  @Test
  void tsDefaultsToNowAndExplicitTsIsKept() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      long before = System.currentTimeMillis();
      Event now = q.add("now", null);
      long after = System.currentTimeMillis();
      assertTrue(now.ts() >= before && now.ts() <= after, "ts " + now.ts());
      assertEquals(now.ts(), q.get(now.v()).orElseThrow().ts());
      Event old = q.add("old", null, 1234L);
      assertEquals(1234L, old.ts());
      assertEquals(1234L, q.get(old.v()).orElseThrow().ts());
      assertEquals(1234L, db.get("SELECT ts FROM history WHERE v = ?", old.v()).orElseThrow().getLong("ts"));
    }
  }

  @Test
  void dataRoundTripsThroughGet() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("a", 1);
      map.put("nested", Map.of("b", List.of(1, 2, "three")));
      map.put("nil", null);
      Payload rec = new Payload("Ann", 42, List.of("x", "y"));
      JsonNode node = json("{\"deep\":{\"arr\":[{\"k\":true},null,1.5]},\"s\":\"é\\\"\"}");
      Object[] datas = {map, rec, node, null, "text", 12, List.of(1, 2), json("null")};
      for (Object d : datas) {
        Event added = q.add("t", d);
        Event read = q.get(added.v()).orElseThrow();
        JsonNode expected = d == null || (d instanceof JsonNode n && n.isNull()) ? null : M.valueToTree(d);
        // compare the JSON text: a top-level number may come back as a LongNode for an IntNode
        assertEquals(String.valueOf(expected), String.valueOf(read.data()), "data " + d);
        assertEquals(String.valueOf(expected), String.valueOf(added.data()), "returned data " + d);
        assertEquals(added.withData(null), read.withData(null), "event " + d);
      }
      // a JsonNode passed in is copied, not shared with the returned event
      com.fasterxml.jackson.databind.node.ObjectNode mine = (com.fasterxml.jackson.databind.node.ObjectNode) json("{\"a\":1}");
      Event copied = q.add("t", mine);
      mine.put("a", 2);
      assertEquals(1, copied.data().get("a").asInt());
      assertEquals(1, q.get(copied.v()).orElseThrow().data().get("a").asInt());
      // a record payload maps back to the record
      Event r = q.get(2L).orElseThrow();
      assertEquals(rec, M.convertValue(r.data(), Payload.class));
    }
  }

  @Test
  void tsIsIndexedAndDataAndResultHaveTheirOwnJsonColumns() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      Event e = q.add("t", Map.of("x", 1), 99);
      q.set(e.withResult((com.fasterxml.jackson.databind.node.ObjectNode) json("{\"m\":{\"ok\":true}}")));
      Map<String, String> cols = tableInfo(db, "history");
      assertTrue(cols.keySet().containsAll(List.of("v", "type", "ts", "data", "result", "size", "json")), cols.toString());
      assertEquals("INTEGER", cols.get("v"));
      assertEquals("INTEGER", cols.get("ts"));
      assertEquals("TEXT", cols.get("type"));
      List<Row> tsIndexes = db.all("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'history'"
          + " AND sql LIKE '%ts%'");
      assertTrue(tsIndexes.stream().anyMatch(r -> r.getString("sql").matches("(?s).*\\(\\s*\"?ts\"?\\s*\\).*")),
          "no index on ts: " + tsIndexes);
      assertTrue(db.get("SELECT sql FROM sqlite_master WHERE name = 'history'").orElseThrow()
          .getString("sql").toUpperCase().contains("AUTOINCREMENT"));
      Row raw = db.get("SELECT type, ts, data, result, json FROM history WHERE v = ?", e.v()).orElseThrow();
      assertEquals(json("{\"x\":1}"), json(raw.getString("data")));
      assertEquals(json("{\"m\":{\"ok\":true}}"), json(raw.getString("result")));
      assertEquals("t", raw.getString("type"));
      assertEquals(99L, raw.getLong("ts"));
      String rest = raw.getString("json");
      if (rest != null) {
        JsonNode restNode = json(rest);
        assertNull(restNode.get("data"), rest);
        assertNull(restNode.get("result"), rest);
      }
      // the query planner uses the ts index
      String plan = db.all("EXPLAIN QUERY PLAN SELECT v FROM history WHERE ts > ?", 5).toString();
      assertTrue(plan.contains("INDEX"), plan);
      assertEquals(1, q.searchAll(Map.of("ts", 99L)).size());
    }
  }
}
