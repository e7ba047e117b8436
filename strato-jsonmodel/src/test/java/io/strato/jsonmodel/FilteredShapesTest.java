package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBListener;
import io.strato.db.QueryEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * COUNT, EXISTS and aggregates reuse their SQL text per shape (the searched columns): the
 * answers stay those of a fresh build whatever the order of calls, values that change the SQL
 * (arrays, falsyBool) are never served a stale text, and a repeated shape reuses the text.
 */
class FilteredShapesTest {
  private final DB db = DB.memory();
  private final List<String> sql = new CopyOnWriteArrayList<>();
  private JsonModel<ObjectNode> m;

  @BeforeEach
  void fill() {
    m = model(db, ModelConfig.builder("s")
        .column("a", column().type(ColumnType.INTEGER).index(IndexKind.DEFAULT))
        .column("b", column())
        .column("tags", column().match(MatchMode.IS_ARRAY))
        .column("flag", column().falsyBool())
        .column("t", column().match(MatchMode.TEXT_SEARCH)));
    for (int i = 0; i < 40; i++) {
      m.set(obj("id", "i" + i, "a", i % 4, "b", "v" + (i % 3), "tags", i % 2 == 0 ? List.of("x", "y") : List.of("y"),
          "flag", i % 5 == 0, "t", "héllo " + i));
    }
    db.addListener(new DBListener() {
      @Override
      public void onCall(QueryEvent call) {
        sql.add(call.sql());
      }
    });
  }

  @AfterEach
  void close() {
    db.close();
  }

  /** The count as the search (a separate SQL path) sees it. */
  private long searched(Map<String, ?> attrs) {
    return m.searchAll(attrs).size();
  }

  @Test
  void answersDoNotDependOnTheOrderOfShapes() {
    List<Map<String, ?>> shapes = new ArrayList<>();
    shapes.add(Map.of("a", 1));
    shapes.add(Map.of("b", "v2"));
    shapes.add(Map.of("a", 2));
    Map<String, Object> ab = new LinkedHashMap<>();
    ab.put("a", 1);
    ab.put("b", "v1");
    shapes.add(ab);
    Map<String, Object> ba = new LinkedHashMap<>();
    ba.put("b", "v1");
    ba.put("a", 1);
    shapes.add(ba);
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("a", 3);
    withNull.put("b", null);
    shapes.add(withNull);
    shapes.add(Map.of("a", 3, "b", NullNode.getInstance()));
    shapes.add(Map.of("tags", "x"));
    shapes.add(Map.of("tags", List.of("x", "nope")));
    shapes.add(Map.of("tags", "y"));
    shapes.add(Map.of("flag", true));
    shapes.add(Map.of("flag", false));
    shapes.add(Map.of("t", "LLO 1"));
    shapes.add(Map.of("t", "%"));
    shapes.add(Map.of());
    for (int round = 0; round < 3; round++) {
      for (Map<String, ?> attrs : shapes) {
        assertEquals(searched(attrs), m.count(attrs), "count " + attrs);
        assertEquals(searched(attrs) > 0, m.exists(attrs, null), "exists " + attrs);
        long sum = m.searchAll(attrs).stream().mapToLong(n -> n.path("a").asLong()).sum();
        Number s = m.sum("a", attrs, null);
        assertEquals(sum, s == null ? 0 : s.longValue(), "sum " + attrs);
      }
    }
  }

  @Test
  void aRepeatedShapeReusesItsText() {
    m.count(Map.of("a", 1));
    String first = sql.get(sql.size() - 1);
    m.count(Map.of("a", 2));
    assertSame(first, sql.get(sql.size() - 1), "same columns, other value: the same SQL text");
    m.count(Map.of("b", "v1"));
    assertNotEquals(first, sql.get(sql.size() - 1));
    m.count(Map.of("tags", "x"));
    String one = sql.get(sql.size() - 1);
    m.count(Map.of("tags", List.of("x")));
    assertNotEquals(one, sql.get(sql.size() - 1), "an array column's SQL depends on the value");
    m.count(Map.of("flag", true));
    String set = sql.get(sql.size() - 1);
    m.count(Map.of("flag", false));
    assertNotEquals(set, sql.get(sql.size() - 1), "falsyBool's SQL depends on the value");
  }

  @Test
  void rawSqlOptionsAreNeverServedACachedText() {
    m.count(Map.of("a", 1));
    assertEquals(3, m.count(Map.of("a", 1), options().where("json_extract(\"s\".\"json\", '$.b') = ?", "v0")));
    assertEquals(10, m.count(Map.of("a", 1), null));
    assertEquals(10, m.count(Map.of("a", 1), options().join("JOIN (SELECT 1) one")));
  }

  @Test
  void badValuesAreStillRejectedOnTheReusedPath() {
    m.count(Map.of("a", 1));
    assertThrows(IllegalArgumentException.class, () -> m.count(Map.of("a", Map.of("x", 1))));
    assertThrows(IllegalArgumentException.class, () -> m.count(Map.of("a", List.of(1, 2))));
    assertThrows(IllegalArgumentException.class, () -> m.count(Map.of("nope", 1)));
  }

  @Test
  void threadsAlternatingShapesGetTheirOwnAnswers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int me = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 300; i++) {
            assertEquals(10, m.count(Map.of("a", (me + i) % 4)));
            assertEquals(me % 2 == 0 ? 14 : 13, m.count(Map.of("b", me % 2 == 0 ? "v0" : "v1")));
            assertEquals(20, m.count(Map.of("tags", "x")));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
