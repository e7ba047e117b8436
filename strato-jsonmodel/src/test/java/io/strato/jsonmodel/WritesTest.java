package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static io.strato.jsonmodel.TestSupport.rawRow;
import static io.strato.jsonmodel.TestSupport.tableInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBListener;
import io.strato.db.StratoException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** set, update, updateNoTrans, remove, changeId and id handling. */
class WritesTest {
  private final DB db = DB.memory();

  @AfterEach
  void close() {
    db.close();
  }

  private JsonModel<ObjectNode> docs() {
    return model(db, ModelConfig.builder("docs")
        .column("email", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
        .column("n", column().type(ColumnType.INTEGER))
        .column("meta", column().type(ColumnType.JSON)));
  }

  private long rowId(String table, String id) {
    return rawRow(db, table, "id", id).getLong("rowId");
  }

  @Test
  void setReturnsWhatGetReturns() {
    JsonModel<ObjectNode> m = docs();
    ObjectNode in = obj("id", "a", "email", "a@x", "n", 3, "meta", Map.of("k", List.of(1, 2)), "deep", Map.of("x", 1));
    ObjectNode stored = m.set(in);
    assertEquals(m.get("a").orElseThrow(), stored);
    assertEquals("a@x", stored.path("email").asText());
    assertEquals(obj("id", "a", "email", "a@x", "n", 3, "meta", Map.of("k", List.of(1, 2)), "deep", Map.of("x", 1)), in,
        "the caller's object is not changed");
    assertNull(m.set(obj("id", "b", "n", 1), false, true), "noReturn");
    assertEquals(1, m.get("b").orElseThrow().path("n").asInt());
    assertThrows(IllegalArgumentException.class, () -> m.set(null));
  }

  @Test
  void insertOnly() {
    JsonModel<ObjectNode> m = docs();
    m.set(obj("id", "a", "n", 1), true);
    String before = rawRow(db, "docs", "id", "a").toString();
    StratoException e = assertThrows(StratoException.class, () -> m.set(obj("id", "a", "n", 2), true));
    assertTrue(e.getMessage().contains("docs") && e.getMessage().contains("'a'"), e.getMessage());
    assertEquals(before, rawRow(db, "docs", "id", "a").toString());
    assertEquals(1, m.count(null));
    m.set(obj("id", "a", "n", 2));
    assertEquals(2, m.get("a").orElseThrow().path("n").asInt());
  }

  @Test
  void wrongValueTypesAreRejected() {
    JsonModel<ObjectNode> m = docs();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.set(obj("id", "a", "n", "abc")));
    assertTrue(e.getMessage().contains("'n'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.set(obj("id", "a", "email", Map.of("x", 1))));
    assertTrue(e.getMessage().contains("'email'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.set(obj("id", List.of(1))));
    assertEquals(0, m.count(null));
    m.set(obj("id", "a", "n", "12"));
    assertEquals(12L, rawRow(db, "docs", "id", "a").get("n"));
  }

  @Test
  void failedSetInATransactionLeavesTheTableAsBefore() {
    JsonModel<ObjectNode> m = docs();
    m.set(obj("id", "a", "email", "a@x"));
    assertThrows(StratoException.class, () -> db.withTransaction(() -> {
      m.set(obj("id", "b", "email", "b@x"));
      m.set(obj("id", "c", "email", "a@x"));
    }));
    assertEquals(1, m.count(null));
    assertFalse(m.exists("b"));
  }

  @Test
  void generatedAndIntegerIds() {
    JsonModel<ObjectNode> texts = docs();
    JsonModel<ObjectNode> ints = model(db, ModelConfig.builder("ints").column("id", column().type(ColumnType.INTEGER)));
    ObjectNode a = texts.set(obj("n", 1));
    String id = a.path("id").asText();
    assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
    assertEquals(a, texts.get(id).orElseThrow());
    assertTrue(!texts.set(obj("n", 1)).path("id").asText().equals(id));
    ObjectNode i1 = ints.set(obj("v", "x"));
    ObjectNode i2 = ints.set(obj("v", "y"));
    assertTrue(i1.path("id").isIntegralNumber(), i1.toString());
    assertEquals(i1.path("id").asLong() + 1, i2.path("id").asLong());
    assertEquals("y", ints.get(i2.path("id").asLong()).orElseThrow().path("v").asText());
    ints.set(obj("id", 100, "v", "z"));
    assertEquals(101, ints.set(obj("v", "w")).path("id").asInt());
    assertThrows(IllegalArgumentException.class, () -> ints.set(obj("id", "abc")));
    assertThrows(IllegalArgumentException.class, () -> ints.set(obj("id", 1.5)));
    assertEquals("INTEGER", tableInfo(db, "ints").get("id"));
  }

  @Test
  void keepRowIdTableShapes() {
    JsonModel<ObjectNode> kept = model(db, ModelConfig.builder("kept"));
    JsonModel<ObjectNode> plain = model(db, ModelConfig.builder("plain").keepRowId(false));
    kept.set(obj("id", "x"));
    plain.set(obj("id", "x"));
    assertEquals(Map.of("rowId", "INTEGER", "id", "TEXT", "json", "JSON"), tableInfo(db, "kept"));
    assertEquals(Map.of("id", "TEXT", "json", "JSON"), tableInfo(db, "plain"));
    assertTrue(db.get("SELECT sql FROM sqlite_master WHERE name = 'plain'").orElseThrow().getString("sql")
        .contains("WITHOUT ROWID"));
    assertTrue(TestSupport.indexSql(db, "kept_id").startsWith("CREATE UNIQUE INDEX"));
    assertFalse(kept.get("x").orElseThrow().has("rowId"));
  }

  @Test
  void rowIdSurvivesSetAndUpdate() {
    JsonModel<ObjectNode> m = docs();
    m.set(obj("id", "a", "n", 1));
    m.set(obj("id", "b", "n", 1));
    long a = rowId("docs", "a");
    m.set(obj("id", "a", "n", 2));
    assertEquals(a, rowId("docs", "a"));
    m.update(Map.of("id", "a", "n", 3));
    assertEquals(a, rowId("docs", "a"));
    assertEquals(3, m.get("a").orElseThrow().path("n").asInt());
  }

  @Test
  void updateMergesShallowly() {
    JsonModel<ObjectNode> m = docs();
    m.set(obj("id", "a", "n", 1, "keep", "k", "drop", "d", "nested", Map.of("x", 1, "y", 2)));
    Map<String, Object> changes = new HashMap<>();
    changes.put("id", "a");
    changes.put("n", 5);
    changes.put("drop", null);
    changes.put("nested", Map.of("z", 3));
    changes.put("added", List.of(1));
    ObjectNode got = m.update(changes);
    assertEquals(TestSupport.norm(obj("id", "a", "n", 5, "keep", "k", "nested", Map.of("z", 3), "added", List.of(1))),
        TestSupport.norm(got));
    assertEquals(got, m.get("a").orElseThrow());
    Map<String, Object> dropReal = new HashMap<>();
    dropReal.put("id", "a");
    dropReal.put("n", null);
    assertFalse(m.update(dropReal).has("n"));
    assertNull(rawRow(db, "docs", "id", "a").get("n"));
    assertNull(m.update(Map.of("id", "a", "n", 6), false, true));
    assertEquals(6, m.get("a").orElseThrow().path("n").asInt());
    StratoException e = assertThrows(StratoException.class, () -> m.update(Map.of("id", "missing", "n", 1)));
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
    assertFalse(m.exists("missing"));
    ObjectNode created = m.update(Map.of("id", "new", "n", 7), true);
    assertEquals(7, created.path("n").asInt());
    assertTrue(m.exists("new"));
    IllegalArgumentException noId = assertThrows(IllegalArgumentException.class, () -> m.update(Map.of("n", 1)));
    assertTrue(noId.getMessage().contains("'id'"), noId.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.update(null));
    // an upsert without an id inserts a new object with a generated id (as in JS)
    long before = m.count(Map.of());
    Map<String, Object> fresh = new HashMap<>();
    fresh.put("n", 8);
    fresh.put("gone", null);
    ObjectNode inserted = m.update(fresh, true);
    String newId = inserted.path("id").asText();
    assertFalse(newId.isEmpty(), "an id was generated: " + inserted);
    assertEquals(8, inserted.path("n").asInt());
    assertFalse(inserted.has("gone"), "null values are left out");
    assertEquals(inserted, m.get(newId).orElseThrow());
    assertEquals(before + 1, m.count(Map.of()));
    assertTrue(m.update(Map.of("n", 9), true).path("id").asText().length() > 0);
    assertEquals(before + 2, m.count(Map.of()), "each id-less upsert is a new object");
  }

  @Test
  void updateRunsInATransactionAndUpdateNoTransDoesNot() {
    JsonModel<ObjectNode> m = docs();
    m.set(obj("id", "a", "n", 1));
    AtomicInteger begins = new AtomicInteger();
    db.addListener(new DBListener() {
      @Override
      public void onBegin() {
        begins.incrementAndGet();
      }
    });
    m.update(Map.of("id", "a", "n", 2));
    assertEquals(1, begins.get());
    m.updateNoTrans(Map.of("id", "a", "n", 3), false, false);
    assertEquals(1, begins.get());
    db.withTransaction(() -> {
      m.update(Map.of("id", "a", "n", 4));
      m.updateNoTrans(Map.of("id", "a", "x", 1), false, false);
    });
    assertEquals(2, begins.get(), "update inside a transaction joins it");
    assertEquals(obj("id", "a", "n", 4L, "x", 1), m.get("a").orElseThrow());
    assertThrows(StratoException.class, () -> m.updateNoTrans(Map.of("id", "zz", "n", 1), false, false));
  }

  record Item(String id, String name) {}

  @Test
  void removeByIdOrObject() {
    JsonModel<ObjectNode> m = docs();
    m.set(obj("id", "a"));
    m.set(obj("id", "b"));
    m.set(obj("id", "c"));
    m.remove("a");
    m.remove(m.get("b").orElseThrow());
    m.remove(Map.of("id", "c"));
    m.remove("missing");
    assertEquals(0, m.count(null));
    assertThrows(IllegalArgumentException.class, () -> m.remove(null));
    assertThrows(IllegalArgumentException.class, () -> m.remove(obj("x", 1)));
    // records
    DB db2 = DB.memory();
    ModelConfig<Item> cfg = ModelConfig.builder("items", Item.class).build();
    JsonModel<Item> items = db2.addModel(d -> new JsonModel<>(d, cfg));
    Item i = items.set(new Item(null, "n"));
    items.set(new Item("keep", "k"));
    items.remove(i);
    assertFalse(items.exists(i.id()));
    assertTrue(items.exists("keep"));
    db2.close();
  }

  @Test
  void changeId() {
    JsonModel<ObjectNode> m = docs();
    m.set(obj("id", "a", "n", 1, "email", "a@x"));
    m.set(obj("id", "b", "n", 2));
    long rowId = rowId("docs", "a");
    m.changeId("a", "z");
    assertFalse(m.exists("a"));
    assertEquals(obj("id", "z", "n", 1L, "email", "a@x"), m.get("z").orElseThrow());
    assertEquals(rowId, rowId("docs", "z"));
    StratoException e = assertThrows(StratoException.class, () -> m.changeId("nope", "y"));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    e = assertThrows(StratoException.class, () -> m.changeId("z", "b"));
    assertTrue(e.getMessage().contains("'b'"), e.getMessage());
    assertEquals(1, m.get("z").orElseThrow().path("n").asInt());
    assertEquals(2, m.get("b").orElseThrow().path("n").asInt());
    assertThrows(IllegalArgumentException.class, () -> m.changeId(null, "x"));
    assertThrows(IllegalArgumentException.class, () -> m.changeId("z", null));
  }
}
