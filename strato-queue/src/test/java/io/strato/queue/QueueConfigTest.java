package io.strato.queue;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.queue.QueueTestSupport.queue;
import static io.strato.queue.QueueTestSupport.tableInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.DB;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueConfigTest {
  @Test
  void defaults() {
    QueueConfig c = QueueConfig.builder().build();
    assertEquals("history", c.name());
    assertFalse(c.withViews());
    assertTrue(c.columns().isEmpty());
    assertEquals(Duration.ofSeconds(1), c.pollInterval());
  }

  @Test
  void customTableName() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db, QueueConfig.builder().name("my events").build());
      assertEquals("my events", q.name());
      Event e = q.add("t", Map.of("a", 1));
      assertEquals(1, e.v());
      assertEquals(1L, db.get("SELECT COUNT(*) AS c FROM \"my events\"").orElseThrow().getLong("c"));
      assertTrue(db.all("SELECT name FROM sqlite_master WHERE name = 'history'").isEmpty());
      assertEquals(1, q.getMaxV());
      assertEquals(e, q.getNext(0, true).orElseThrow());
      q.setKnownV(9);
      assertEquals(10, q.add("t", null).v());
    }
  }

  @Test
  void twoQueuesInOneDb() {
    try (DB db = DB.memory()) {
      EventQueue a = queue(db, QueueConfig.builder().name("qa").build());
      EventQueue b = queue(db, QueueConfig.builder().name("qb").build());
      a.add("x", null);
      a.add("x", null);
      assertEquals(1, b.add("y", null).v());
      assertEquals(2, a.getMaxV());
      assertEquals(1, b.getMaxV());
      b.setKnownV(50);
      assertEquals(3, a.add("x", null).v());
    }
  }

  @Test
  void extraColumnsAreFilledAndSearchable() {
    QueueConfig cfg = QueueConfig.builder()
        // virtual column over the data JSON, with an expression index
        .column("userId", column().path("data.userId").index(IndexKind.DEFAULT))
        // real column computed from the event
        .column("n", column().type(ColumnType.INTEGER).index(IndexKind.DEFAULT)
            .value(o -> o.path("data").path("items").size()))
        .build();
    assertEquals(List.of("userId", "n"), List.copyOf(cfg.columns().keySet()));
    try (DB db = DB.memory()) {
      EventQueue q = queue(db, cfg);
      Event e1 = q.add("t", Map.of("userId", "u1", "items", List.of(1, 2, 3)));
      q.add("t", Map.of("userId", "u2"));
      q.add("t", Map.of("userId", "u1", "items", List.of(1)));
      assertEquals(List.of(1L, 2L, 3L), List.of(e1.v(), 2L, q.getMaxV()));
      assertEquals(2, q.count(Map.of("userId", "u1")));
      assertEquals(List.of(1L, 3L), q.searchAll(Map.of("userId", "u1")).stream().map(Event::v).toList());
      assertEquals(List.of(3L), q.searchAll(Map.of("n", 1)).stream().map(Event::v).toList());
      assertEquals(3L, db.get("SELECT n FROM history WHERE v = 1").orElseThrow().getLong("n"));
      assertEquals(0L, db.get("SELECT n FROM history WHERE v = 2").orElseThrow().getLong("n"));
      assertTrue(tableInfo(db, "history").containsKey("n"));
      String plan = db.all("EXPLAIN QUERY PLAN SELECT v FROM history WHERE n = 3").toString();
      assertTrue(plan.contains("INDEX"), plan);
      // the event reads back as added (the computed column is not part of the event)
      assertEquals(e1, q.get(1L).orElseThrow());
      assertEquals(e1, q.getNext(0, true).orElseThrow());
      assertEquals("u1", e1.data().get("userId").asText());
    }
  }

  @Test
  void realExtraColumnWithPathInsideData() {
    QueueConfig cfg = QueueConfig.builder()
        .column("userId", column().path("data.userId").type(ColumnType.TEXT).index(IndexKind.DEFAULT)).build();
    try (DB db = DB.memory()) {
      EventQueue q = queue(db, cfg);
      q.add("t", Map.of("userId", "u1"));
      assertEquals("u1", db.get("SELECT userId FROM history WHERE v = 1").orElseThrow().getString("userId"));
      assertEquals(1, q.count(Map.of("userId", "u1")));
    }
  }

  @Test
  void builtInColumnsCannotBeOverridden() {
    for (String name : List.of("v", "type", "ts", "data", "result", "size", "json")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> QueueConfig.builder().column(name, column()), name);
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> QueueConfig.builder().column("x", column()).column("x", column()));
    assertThrows(IllegalArgumentException.class, () -> QueueConfig.builder().column(null, column()));
    assertThrows(IllegalArgumentException.class, () -> QueueConfig.builder().column("x", null));
  }

  @Test
  void invalidSettings() {
    assertThrows(IllegalArgumentException.class, () -> QueueConfig.builder().pollInterval(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> QueueConfig.builder().pollInterval(Duration.ofMillis(-5)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QueueConfig.builder().pollInterval(null));
    assertTrue(e.getMessage().contains("pollInterval"));
    assertThrows(IllegalArgumentException.class, () -> QueueConfig.builder().name(""));
    assertThrows(IllegalArgumentException.class, () -> QueueConfig.builder().name(null));
    try (DB db = DB.memory()) {
      assertThrows(IllegalArgumentException.class, () -> new EventQueue(db, null));
    }
  }

  @Test
  void builderChangesDoNotAffectBuiltConfig() {
    QueueConfig.Builder b = QueueConfig.builder().column("a", column());
    QueueConfig c = b.build();
    b.column("b", column());
    assertEquals(1, c.columns().size());
    assertThrows(UnsupportedOperationException.class, () -> c.columns().put("z", column()));
  }
}
