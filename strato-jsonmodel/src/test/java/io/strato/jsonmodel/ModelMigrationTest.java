package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;
import static io.strato.jsonmodel.TestSupport.explain;
import static io.strato.jsonmodel.TestSupport.indexSql;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static io.strato.jsonmodel.TestSupport.rawRow;
import static io.strato.jsonmodel.TestSupport.tableInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.StratoException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table's own migrations and the model's migrations. */
class ModelMigrationTest {
  @TempDir Path dir;

  @Test
  void modelMigrationsRunOnceWithContext() {
    Path file = dir.resolve("m.db");
    AtomicInteger runs = new AtomicInteger();
    List<Object> seen = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      try (DB db = DB.file(file)) {
        JsonModel<ObjectNode> m = model(db, ModelConfig.builder("things")
            .migrationOptions(Map.of("seed", "hello"))
            .migration("1_seed", ctx -> {
              runs.incrementAndGet();
              seen.add(ctx.db());
              seen.add(ctx.model());
              ctx.model().set(obj("id", "s", "v", ctx.options().get("seed")));
            }));
        assertEquals("hello", m.get("s").orElseThrow().path("v").asText());
        if (round == 0) {
          assertSame(db, seen.get(0));
          assertSame(m, seen.get(1));
        }
      }
    }
    assertEquals(1, runs.get(), "a model migration runs once per database");
  }

  /** What strato-es uses to hand its models' migrations the queue, without a hook in JsonModel. */
  @Test
  void withMigrationOptionsAddsOptionsToACopy() {
    ModelConfig<ObjectNode> base = ModelConfig.builder("things").migrationOptions(Map.of("seed", "hello", "n", 1))
        .migration("1_look", ctx -> ctx.model().set(obj("id", "opts", "o", ctx.options()))).build();
    ModelConfig<ObjectNode> more = base.withMigrationOptions(java.util.Collections.singletonMap("n", null));
    assertEquals(Map.of("seed", "hello", "n", 1), base.migrationOptions(), "the original is unchanged");
    assertTrue(more.migrationOptions().containsKey("n") && more.migrationOptions().get("n") == null);
    assertSame(base.columns(), more.columns());
    assertEquals(base.migrations().keySet(), more.migrations().keySet());
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = db.addModel(d -> new JsonModel<>(d, base.withMigrationOptions(Map.of("extra", "x"))));
      ObjectNode o = (ObjectNode) m.get("opts").orElseThrow().get("o");
      assertEquals("hello", o.path("seed").asText());
      assertEquals("x", o.path("extra").asText());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base.withMigrationOptions(null));
    assertTrue(e.getMessage().contains("things"), e.getMessage());
  }

  @Test
  void failingMigrationFailsTheOpen() {
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("things")
          .migration("1_bad", ctx -> {
            throw new IllegalStateException("boom");
          }));
      RuntimeException e = assertThrows(RuntimeException.class, () -> m.get("x"));
      assertTrue(String.valueOf(e.getMessage()).contains("boom") || String.valueOf(e.getCause()).contains("boom"),
          String.valueOf(e));
    }
  }

  @Test
  void reservedAndDuplicateKeys() {
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("t").migration("0", ctx -> {}));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("t").migration("0_mine", ctx -> {}));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("t").migration("", ctx -> {}));
    assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder("t").migration("1", null));
    assertThrows(IllegalArgumentException.class,
        () -> ModelConfig.builder("t").migration("1", ctx -> {}).migration("1", ctx -> {}));
  }

  @Test
  void addingColumnsToAnExistingTable() {
    Path file = dir.resolve("evolve.db");
    try (DB db = DB.file(file)) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("items"));
      for (int i = 0; i < 30; i++) {
        m.set(obj("id", "i" + i, "n", i % 5, "tag", "t" + i, "meta", Map.of("k", i), "on", i % 2 == 0, "s", "x" + i));
      }
    }
    try (DB db = DB.file(file)) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("items")
          .column("n", column().type(ColumnType.INTEGER).index(IndexKind.ALL))
          .column("tag", column().index(IndexKind.DEFAULT))
          .column("meta", column().type(ColumnType.JSON))
          .column("on", column().real().falsyBool())
          .column("s", column().type(ColumnType.TEXT).stringify(v -> v == null ? null : "S:" + v)
              .parse(v -> v == null ? null : v.toString().substring(2))));
      assertEquals("INTEGER", tableInfo(db, "items").get("n"));
      assertEquals("{\"k\":4}", rawRow(db, "items", "id", "i4").get("meta"));
      assertEquals(1L, rawRow(db, "items", "id", "i4").get("on"));
      assertNull(rawRow(db, "items", "id", "i5").get("on"));
      assertEquals(15, m.count(Map.of("on", true)));
      // a stringify column cannot be filled in SQL: NULL until rewritten, the json value is still read
      assertNull(rawRow(db, "items", "id", "i4").get("s"));
      assertEquals("x4", m.get("i4").orElseThrow().path("s").asText());
      m.set(m.get("i4").orElseThrow());
      assertEquals("S:x4", rawRow(db, "items", "id", "i4").get("s"));
      assertEquals("x4", m.get("i4").orElseThrow().path("s").asText());
      assertEquals(4, m.get("i4").orElseThrow().path("meta").path("k").asInt());
      assertNotNull(indexSql(db, "items_n"));
      assertNotNull(indexSql(db, "items_tag"));
      // old rows: the value is moved into the new column, still read back, and searchable
      assertEquals(3L, rawRow(db, "items", "id", "i3").get("n"));
      assertEquals(TestSupport.norm(obj("id", "i3", "n", 3L, "tag", "t3", "meta", Map.of("k", 3), "s", "x3")),
          TestSupport.norm(m.get("i3").orElseThrow()));
      assertEquals("{\"tag\":\"t3\",\"s\":\"x3\"}", rawRow(db, "items", "id", "i3").get("json"));
      assertEquals(6, m.count(Map.of("n", 2)));
      assertEquals("i7", m.searchOne(Map.of("tag", "t7")).orElseThrow().path("id").asText());
      assertEquals(4L, m.max("n", null, null).longValue());
      SelectQuery q = m.makeSelect(Map.of("n", 2), options());
      assertTrue(explain(db, q).contains("items_n"), explain(db, q));
      // a row written now
      m.set(obj("id", "new", "n", 9));
      assertEquals(9L, rawRow(db, "items", "id", "new").get("n"));
      assertNull(rawRow(db, "items", "id", "new").getString("json").contains("\"n\"") ? "n in json" : null);
    }
    // opening again with the same definition runs nothing new
    try (DB db = DB.file(file)) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("items")
          .column("n", column().type(ColumnType.INTEGER).index(IndexKind.ALL))
          .column("tag", column().index(IndexKind.DEFAULT))
          .column("meta", column().type(ColumnType.JSON))
          .column("on", column().real().falsyBool())
          .column("s", column().type(ColumnType.TEXT).stringify(v -> v == null ? null : "S:" + v)
              .parse(v -> v == null ? null : v.toString().substring(2))));
      assertEquals(31, m.count(null));
      long migrations = db.get("SELECT count(*) AS c FROM \"{sdb} migrations\" WHERE runKey LIKE '% items'")
          .orElseThrow().getLong("c");
      assertEquals(6, migrations, "0, 0_n, 0_meta, 0_on, 0_s, 1_tag");
    }
  }

  @Test
  void readOnlyDatabase() {
    Path file = dir.resolve("ro.db");
    try (DB db = DB.file(file)) {
      model(db, ModelConfig.builder("items").column("n", column().type(ColumnType.INTEGER))).set(obj("id", "a", "n", 1));
    }
    try (DB db = DB.builder().file(file).readOnly(true).build()) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("items").column("n", column().type(ColumnType.INTEGER)));
      assertEquals(1, m.get("a").orElseThrow().path("n").asInt());
      assertEquals(1, m.count(Map.of("n", 1)));
      assertThrows(StratoException.class, () -> m.set(obj("id", "b")));
      assertThrows(StratoException.class, () -> m.update(Map.of("id", "a", "n", 2)));
      assertThrows(StratoException.class, () -> m.remove("a"));
      assertEquals(1, m.get("a").orElseThrow().path("n").asInt());
    }
  }

  @Test
  void migrationsAfterOpenAreRejected() {
    try (DB db = DB.memory()) {
      db.open();
      assertThrows(StratoException.class, () -> model(db, ModelConfig.builder("late")));
    }
  }
}
