package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;
import static io.strato.jsonmodel.TestSupport.ids;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Odd table, column and id names, and a custom id column. */
class NamesAndEdgeCasesTest {
  private final DB db = DB.memory();

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void quotedNamesEverywhere() {
    String table = "we\"ird $name-1";
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder(table)
        .column("col \"q\"", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT))
        .column("v$x", column().path("a b.c\"d").index(IndexKind.ALL))
        .column("tags", column().isArray()));
    for (int i = 0; i < 20; i++) {
      m.set(obj("id", "i'" + i, "col \"q\"", "v" + (i % 3), "a b", Map.of("c\"d", i % 4), "tags", List.of("t" + i)));
    }
    assertEquals(7, m.count(Map.of("col \"q\"", "v0")));
    assertEquals(5, m.count(Map.of("v$x", 2)));
    assertEquals(2, m.get("i'2").orElseThrow().path("a b").path("c\"d").asInt());
    List<ObjectNode> byPath = m.getAll(List.of(3, 99), "v$x");
    assertEquals(3, byPath.get(0).path("a b").path("c\"d").asInt());
    assertEquals(null, byPath.get(1));
    assertEquals(List.of("i'5"), ids(m.searchAll(Map.of("tags", "t5"))));
    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      Page<ObjectNode> p = m.search(null, options().sort("v$x", -1).sort("col \"q\"", 2).limit(3).cursor(cursor));
      paged.addAll(ids(p.items()));
      cursor = p.cursor();
    } while (cursor != null);
    assertEquals(ids(m.searchAll(null, options().sort("v$x", -1).sort("col \"q\"", 2))), paged);
    m.changeId("i'1", "new'id");
    m.remove("i'2");
    assertEquals(19, m.count(null));
    assertNotNull(TestSupport.indexSql(db, table + "_v$x"));
  }

  @Test
  void customIdColumn() {
    JsonModel<ObjectNode> m = model(db, ModelConfig.builder("keyed").idCol("key")
        .column("key", column().type(ColumnType.INTEGER))
        .column("n", column().type(ColumnType.INTEGER)));
    ObjectNode a = m.set(obj("n", 1));
    assertEquals(1, a.path("key").asInt());
    assertEquals("key", m.idCol());
    assertEquals(a, m.get(1).orElseThrow());
    ObjectNode b = m.update(Map.of("key", 1, "n", 2));
    assertEquals(2, b.path("n").asInt());
    assertTrue(m.exists(1));
    m.remove(b);
    assertEquals(0, m.count(null));
  }
}
