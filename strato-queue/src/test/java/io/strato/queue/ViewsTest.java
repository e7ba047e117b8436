package io.strato.queue;

import static io.strato.queue.QueueTestSupport.json;
import static io.strato.queue.QueueTestSupport.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.Row;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ViewsTest {
  private static Set<String> names(DB db, String type) {
    return db.all("SELECT name FROM sqlite_master WHERE type = ?", type).stream()
        .map(r -> r.getString("name")).collect(Collectors.toSet());
  }

  private static long size(DB db, long v) {
    return db.get("SELECT size FROM history WHERE v = ?", v).orElseThrow().getLong("size");
  }

  @Test
  void createsTriggersIndexAndViews() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db, QueueConfig.builder().withViews(true).build());
      q.add("a", Map.of("x", 1));
      assertTrue(names(db, "view").containsAll(Set.of("_recentHistory", "_historyTypes")), names(db, "view").toString());
      assertEquals(2, names(db, "trigger").stream().filter(n -> n.startsWith("history")).count(), names(db, "trigger").toString());
      String idx = db.get("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'history type,size'")
          .orElseThrow().getString("sql");
      assertTrue(idx.replace(" ", "").contains("(type,size)"), idx);
    }
  }

  @Test
  void sizeIsMaintained() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db, QueueConfig.builder().withViews(true).build());
      Event small = q.add("a", Map.of("x", 1));
      Event big = q.add("a", Map.of("x", "a much longer payload than the other one"));
      long s1 = size(db, small.v());
      long s2 = size(db, big.v());
      assertTrue(s1 > 0, "size " + s1);
      assertTrue(s2 > s1, s2 + " > " + s1);
      Row raw = db.get("SELECT length(data) AS d FROM history WHERE v = ?", small.v()).orElseThrow();
      assertTrue(s1 >= raw.getLong("d"));
      q.set(small.withResult((ObjectNode) json("{\"model\":{\"set\":[{\"id\":1,\"name\":\"something\"}]}}")));
      long s1b = size(db, small.v());
      assertNotEquals(s1, s1b);
      assertTrue(s1b > s1);
      long expected = db.get("SELECT ifNull(length(json),0)+ifNull(length(data),0)+ifNull(length(result),0) AS s"
          + " FROM history WHERE v = ?", small.v()).orElseThrow().getLong("s");
      assertEquals(expected, s1b);
      // size is internal: not part of the event
      assertEquals(small.withResult((ObjectNode) json("{\"model\":{\"set\":[{\"id\":1,\"name\":\"something\"}]}}")),
          q.get(small.v()).orElseThrow());
    }
  }

  @Test
  void viewsWork() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db, QueueConfig.builder().withViews(true).build());
      for (int i = 0; i < 5; i++) {
        q.add("a", Map.of("i", i));
      }
      q.add("b", null);
      List<Row> recent = db.all("SELECT * FROM _recentHistory");
      assertEquals(6, recent.size());
      assertEquals(6L, recent.get(0).getLong("v"), "newest first");
      assertTrue(recent.get(0).getString("t").matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), recent.get(0).getString("t"));
      List<Row> types = db.all("SELECT * FROM _historyTypes");
      assertEquals("a", types.get(0).getString("type"));
      assertEquals(5L, types.get(0).getLong("count"));
      assertEquals("b", types.get(1).getString("type"));
      assertEquals(1L, types.get(1).getLong("count"));
      assertTrue(types.get(0).asMap().containsKey("MB"));
    }
  }

  @Test
  void withoutViewsNoTriggersOrViews() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      Event e = q.add("a", Map.of("x", 1));
      assertTrue(names(db, "view").isEmpty());
      assertTrue(names(db, "trigger").isEmpty());
      assertEquals(0, size(db, e.v()));
    }
  }
}
