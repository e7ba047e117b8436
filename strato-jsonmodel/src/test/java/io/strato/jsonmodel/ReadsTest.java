package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;
import static io.strato.jsonmodel.TestSupport.ids;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBListener;
import io.strato.db.QueryEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** get, getAll, exists, count, aggregates, all, each, searchOne/searchAll and attribute checks. */
class ReadsTest {
  private final DB db = DB.memory();
  private final List<String> queries = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    db.close();
  }

  private JsonModel<ObjectNode> people() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("people")
        .column("email", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
        .column("age", column().type(ColumnType.INTEGER).index(IndexKind.DEFAULT))
        .column("city", column()));
    m.set(obj("id", "ann", "email", "ann@x", "age", 30, "city", "Gent"));
    m.set(obj("id", "bob", "email", "bob@x", "age", 40, "city", "Gent"));
    m.set(obj("id", "cid", "email", "cid@x", "age", 50, "city", "Liège"));
    m.set(obj("id", "dan", "email", "dan@x", "city", "Gent"));
    return m;
  }

  private void listen() {
    db.addListener(new DBListener() {
      @Override
      public void onCall(QueryEvent call) {
        queries.add(call.sql());
      }
    });
  }

  @Test
  void aggregatesCompareTextAndJsonValuesAsNumbersButKeepRealNumericColumnsBare() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("scores")
        .column("label", column().type(ColumnType.TEXT))
        .column("n", column().type(ColumnType.INTEGER).index(IndexKind.DEFAULT))
        .column("v", column()));
    m.set(obj("id", "a", "label", "9", "n", 9, "v", "9"));
    m.set(obj("id", "b", "label", "10", "n", 10, "v", "10"));
    m.set(obj("id", "c", "label", "2.5", "n", 2, "v", 2.5));
    // as text "9" > "10"; as numbers 10 wins (strato-db for JS casts to NUMERIC too)
    assertEquals(10L, m.max("label", null, null).longValue());
    assertEquals(2.5, m.min("label", null, null).doubleValue(), 1e-9);
    assertEquals(21.5, m.sum("label", null, null).doubleValue(), 1e-9);
    assertEquals(10L, m.max("v", null, null).longValue(), "a virtual column over JSON strings");
    assertEquals(2.5, m.min("v", null, null).doubleValue(), 1e-9);
    listen();
    assertEquals(10L, m.max("n", null, null).longValue());
    String maxN = queries.get(queries.size() - 1);
    assertFalse(maxN.contains("CAST"), "a real INTEGER column stays bare, so MAX can use its index: " + maxN);
    assertEquals(10L, m.max("label", null, null).longValue());
    assertTrue(queries.get(queries.size() - 1).contains("CAST("), queries.get(queries.size() - 1));
  }

  @Test
  void getByIdAndByColumn() {
    JsonModel<ObjectNode> m = people();
    assertEquals("ann@x", m.get("ann").orElseThrow().path("email").asText());
    assertTrue(m.get("nobody").isEmpty());
    assertEquals("bob", m.get("bob@x", "email").orElseThrow().path("id").asText());
    assertEquals("cid", m.get("Liège", "city").orElseThrow().path("id").asText());
    assertEquals("ann", m.get("ann", "id").orElseThrow().path("id").asText());
    assertTrue(m.get("nope@x", "email").isEmpty());
    assertThrows(IllegalArgumentException.class, () -> m.get(null));
    assertThrows(IllegalArgumentException.class, () -> m.get("x", null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.get("x", "nope"));
    assertTrue(e.getMessage().contains("Unknown column nope"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.get(Map.of("a", 1)));
    assertThrows(IllegalArgumentException.class, () -> m.get(List.of("ann")));
  }

  @Test
  void getAllKeepsOrderNullsAndDuplicatesInOneQuery() {
    JsonModel<ObjectNode> m = people();
    listen();
    List<ObjectNode> got = m.getAll(Arrays.asList("cid", "nope", null, "ann", "cid"));
    assertEquals(Arrays.asList("cid", null, null, "ann", "cid"), ids(got));
    assertEquals(1, queries.size(), queries.toString());
    assertTrue(queries.get(0).contains("json_each"), queries.get(0));
    assertEquals(List.of(), m.getAll(List.of()));
    assertEquals(Arrays.asList(null, null), m.getAll(List.of("x", "y")));
    assertEquals(Arrays.asList("bob", null, "ann"), ids(m.getAll(List.of("bob@x", "none", "ann@x"), "email")));
    // a value matching several rows gives the first one, for each occurrence
    List<ObjectNode> byCity = m.getAll(List.of("Gent", "Paris", "Gent"), "city");
    assertEquals("Gent", byCity.get(0).path("city").asText());
    assertNull(byCity.get(1));
    assertEquals(byCity.get(0), byCity.get(2));
    assertThrows(IllegalArgumentException.class, () -> m.getAll(null));
    assertThrows(IllegalArgumentException.class, () -> m.getAll(List.of("a"), "nope"));
    assertThrows(IllegalArgumentException.class, () -> m.getAll(List.of(Map.of("a", 1))));
  }

  @Test
  void getAllWithIntegerIds() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("nums").column("id", column().type(ColumnType.INTEGER)));
    JsonModel<ObjectNode> t = model(db, ModelConfig.builder("texts"));
    for (int i = 0; i < 5; i++) {
      m.set(obj("v", i));
    }
    List<Object> mixed = Arrays.asList(3, 1L, 99, 2, "4", 3L);
    List<ObjectNode> got = m.getAll(mixed);
    List<Integer> vs = new ArrayList<>();
    got.forEach(n -> vs.add(n == null ? null : n.path("id").asInt()));
    assertEquals(Arrays.asList(3, 1, null, 2, 4, 3), vs);
    assertEquals(1, m.get(1).orElseThrow().path("id").asInt());
    assertEquals(1, m.get(1L).orElseThrow().path("id").asInt());
    assertTrue(m.exists(2) && m.exists(2L) && !m.exists(77));
    // a TEXT id given as a number
    t.set(obj("id", "5"));
    assertEquals(List.of("5"), ids(t.getAll(List.of(5))));
  }

  @Test
  void existsCountAndAggregates() {
    JsonModel<ObjectNode> m = people();
    assertTrue(m.exists("ann"));
    assertFalse(m.exists("zed"));
    assertTrue(m.exists(Map.of("city", "Gent"), null));
    assertFalse(m.exists(Map.of("city", "Paris"), null));
    assertTrue(m.exists(Map.of("city", "Gent"), options().where("json_extract(json, '$.age') IS NULL")));
    assertFalse(m.exists(Map.of("city", "Liège"), options().where("\"age\" < ?", 50)));
    assertEquals(4, m.count(null));
    assertEquals(3, m.count(Map.of("city", "Gent")));
    assertEquals(1, m.count(Map.of("city", "Gent"), options().where("\"age\" > ?", 35)));
    assertEquals(30L, m.min("age", null, null).longValue());
    assertEquals(50L, m.max("age", null, null).longValue());
    assertEquals(40L, m.max("age", Map.of("city", "Gent"), null).longValue());
    assertEquals(120L, m.sum("age", null, null).longValue());
    assertEquals(40.0, m.avg("age", null, null).doubleValue(), 1e-9);
    assertNull(m.max("age", Map.of("city", "Paris"), null));
    assertEquals(3L, m.numAggOp("COUNT", "age", null, null).longValue());
    assertEquals(120.0, m.numAggOp("total", "age", null, null).doubleValue(), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> m.numAggOp("MAX(1); DROP TABLE people; --", "age", null, null));
    assertThrows(IllegalArgumentException.class, () -> m.numAggOp("", "age", null, null));
    assertThrows(IllegalArgumentException.class, () -> m.numAggOp("MAX", "nope", null, null));
    assertThrows(IllegalArgumentException.class, () -> m.max(null, null, null));
    assertEquals(4, m.count(null));
  }

  @Test
  void allAndSearchOneAndSearchAll() {
    JsonModel<ObjectNode> m = people();
    assertEquals(Set.of("ann", "bob", "cid", "dan"), new HashSet<>(ids(m.all())));
    assertEquals("cid", m.searchOne(Map.of("city", "Liège")).orElseThrow().path("id").asText());
    assertTrue(m.searchOne(Map.of("city", "Paris")).isEmpty());
    assertEquals("bob", m.searchOne(Map.of("city", "Gent"), options().sort("age", -1)).orElseThrow().path("id").asText());
    assertEquals(List.of("bob", "ann"), ids(m.searchAll(Map.of("city", "Gent"), options().sort("age", -1).limit(2))));
    SearchOptions o = options().sort("age", 1).limit(1);
    m.searchOne(null, o);
    assertEquals(1, o.limit(), "options are not changed");
  }

  @Test
  void eachVisitsEveryRowOnceInBatches() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("many")
        .column("n", column().type(ColumnType.INTEGER).index(IndexKind.DEFAULT)));
    db.withTransaction(() -> {
      for (int i = 0; i < 1234; i++) {
        m.set(obj("id", String.format("r%04d", i), "n", i % 17), false, true);
      }
    });
    listen();
    Map<String, Integer> seen = new HashMap<>();
    m.each(null, null, o -> seen.merge(o.path("id").asText(), 1, Integer::sum));
    assertEquals(1234, seen.size());
    assertTrue(seen.values().stream().allMatch(c -> c == 1));
    long selects = queries.stream().filter(q -> q.startsWith("SELECT")).count();
    assertTrue(selects >= 3 && selects <= 4, "1234 rows in batches of 500: " + queries);
    // with attributes, a sort and a small batch
    queries.clear();
    List<Integer> ns = new ArrayList<>();
    m.each(Map.of("n", 3), options().sort("n", 1).limit(10), o -> ns.add(o.path("n").asInt()));
    assertEquals(m.count(Map.of("n", 3)), ns.size());
    assertTrue(queries.size() >= 8, "batches of 10: " + queries.size());
    // sorted by a column with duplicates
    List<String> order = new ArrayList<>();
    m.each(null, options().sort("n", -1).limit(33), o -> order.add(o.path("id").asText()));
    assertEquals(ids(m.searchAll(null, options().sort("n", -1))), order);
    // an offset skips rows once, not once per batch
    List<String> afterOffset = new ArrayList<>();
    m.each(null, options().sort("id", 1).offset(5).limit(100), o -> afterOffset.add(o.path("id").asText()));
    assertEquals(1229, afterOffset.size());
    assertEquals("r0005", afterOffset.get(0));
    assertThrows(IllegalArgumentException.class, () -> m.each(null, null, null));
  }

  @Test
  void attributeChecks() {
    JsonModel<ObjectNode> m = people();
    Map<String, Object> attrs = new HashMap<>();
    attrs.put("city", "Gent");
    attrs.put("age", null);
    attrs.put("unknownButNull", null);
    assertEquals(3, m.searchAll(attrs).size(), "null values are ignored");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.searchAll(Map.of("nope", 1)));
    assertTrue(e.getMessage().contains("Unknown column nope"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.count(Map.of("nope", 1)));
    assertTrue(e.getMessage().contains("Unknown column"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.searchAll(Map.of("city", Map.of("a", 1))));
    assertTrue(e.getMessage().contains("city"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.searchAll(Map.of("city", obj("a", 1))));
    assertThrows(IllegalArgumentException.class, () -> m.searchAll(Map.of("city", List.of("Gent"))));
    assertThrows(IllegalArgumentException.class, () -> m.searchAll(Map.of("city", new Object())));
    assertThrows(IllegalArgumentException.class, () -> m.exists(Map.of("nope", 1), null));
  }
}
