package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.TestSupport.indexSql;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table's migration keys are strato-db for JavaScript's ({@code 0}, {@code 0_<real>},
 * {@code 1_<virtual>}), so a JS process opening our file runs none of them again; files written
 * with this library's earlier keys ({@code 0_col_x}, {@code 0_idx_x}) still open and continue.
 */
class UpstreamMigrationKeysTest {
  @TempDir Path dir;

  private static ModelConfig.Builder<ObjectNode> people() {
    return ModelConfig.builder("people")
        .column("age", column().type(ColumnType.INTEGER))
        .column("email", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
        .column("city", column().path("address.city"))
        .column("tag", column().index(IndexKind.SPARSE));
  }

  private static List<String> keys(DB db, String group) {
    return db.all("SELECT runKey FROM \"{sdb} migrations\" WHERE runKey LIKE ? ORDER BY runKey", "% " + group)
        .stream().map(r -> r.getString("runKey")).toList();
  }

  @Test
  void freshFileHasExactlyUpstreamsKeys() {
    try (DB db = DB.file(dir.resolve("fresh.db"))) {
      JsonModel<ObjectNode> m = model(db, people());
      m.set(obj("id", "a", "age", 3, "email", "a@x", "address", Map.of("city", "Gent"), "tag", "t"));
      assertEquals(List.of("0 people", "0_age people", "0_email people", "1_city people", "1_tag people"),
          keys(db, "people"));
      assertEquals(List.of("integer"), db.all("SELECT DISTINCT typeof(ts) AS t FROM \"{sdb} migrations\"").stream()
          .map(r -> r.getString("t")).toList(), "unix seconds, as upstream");
      assertNotNull(indexSql(db, "people_email"));
      assertNotNull(indexSql(db, "people_tag"));
      assertNull(indexSql(db, "people_city"));
    }
  }

  /** A file written by this library before it used upstream's keys, made with raw SQL. */
  @Test
  void fileWithThisLibrarysOldKeysOpensAndContinues() throws SQLException {
    Path f = dir.resolve("old.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
      for (String sql : List.of(
          "CREATE TABLE \"{sdb} migrations\" (runKey TEXT PRIMARY KEY, ts DATETIME, up BOOLEAN)",
          "CREATE TABLE \"people\" (\"rowId\" INTEGER PRIMARY KEY, \"id\" TEXT NOT NULL, \"json\" JSON)",
          "CREATE UNIQUE INDEX \"people_id\" ON \"people\"(\"id\")",
          "ALTER TABLE \"people\" ADD COLUMN \"age\" INTEGER",
          "ALTER TABLE \"people\" ADD COLUMN \"email\" TEXT",
          "CREATE UNIQUE INDEX IF NOT EXISTS \"people_email\" ON \"people\"(\"email\")",
          "CREATE INDEX IF NOT EXISTS \"people_tag\" ON \"people\"(json_extract(json, '$.tag'))"
              + " WHERE json_extract(json, '$.tag') IS NOT NULL",
          "INSERT INTO \"people\" (\"id\", \"json\", \"age\", \"email\") VALUES"
              + " ('a', '{\"address\":{\"city\":\"Gent\"},\"tag\":\"t\"}', 3, 'a@x')")) {
        st.execute(sql);
      }
      for (String key : List.of("0", "0_col_age", "0_col_email", "0_idx_email", "0_idx_tag")) {
        st.execute("INSERT INTO \"{sdb} migrations\" VALUES ('" + key + " people', datetime('now'), 1)");
      }
    }
    try (DB db = DB.file(f)) {
      JsonModel<ObjectNode> m = model(db, people());
      ObjectNode a = m.get("a").orElseThrow();
      assertEquals(3, a.get("age").asInt());
      assertEquals("a@x", a.get("email").asText());
      assertEquals(1, m.count(Map.of("city", "Gent")));
      m.set(obj("id", "b", "age", 4, "email", "b@x", "tag", "u"));
      assertEquals(4L, db.get("SELECT age FROM people WHERE id = 'b'").orElseThrow().getLong("age"));
      // upstream's keys are now recorded too (the steps found everything in place)
      assertTrue(keys(db, "people").containsAll(
          List.of("0 people", "0_age people", "0_email people", "1_city people", "1_tag people")), keys(db, "people").toString());
    }
    try (DB db = DB.file(f)) {
      assertEquals(2, model(db, people()).count(Map.of()));
    }
  }

  /** A file written by upstream: its keys are ours, nothing runs again. */
  @Test
  void upstreamKeysCountAsDone() throws SQLException {
    Path f = dir.resolve("js.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
      for (String sql : List.of(
          "CREATE TABLE \"{sdb} migrations\" (runKey TEXT, ts DATETIME, up BOOLEAN)",
          "CREATE TABLE \"people\"(\"rowId\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \"id\" TEXT NOT NULL, json JSON)",
          "CREATE UNIQUE INDEX \"people_id\" ON \"people\"(\"id\")",
          // upstream's migration for age does not check whether the column exists: recorded keys must be honoured
          "ALTER TABLE \"people\" ADD COLUMN \"age\" INTEGER",
          "ALTER TABLE \"people\" ADD COLUMN \"email\" TEXT",
          "CREATE UNIQUE INDEX IF NOT EXISTS \"people_email\" ON \"people\"(\"email\")",
          "CREATE INDEX IF NOT EXISTS \"people_tag\" ON \"people\"(json_extract(json,'$.tag'))"
              + " WHERE json_extract(json,'$.tag') IS NOT NULL",
          "INSERT INTO \"people\" (\"id\", json, age, email) VALUES ('a', '{\"tag\":\"t\"}', 7, 'a@x')")) {
        st.execute(sql);
      }
      for (String key : List.of("0", "0_age", "0_email", "1_city", "1_tag")) {
        st.execute("INSERT INTO \"{sdb} migrations\" VALUES ('" + key + " people', 1700000000, 1)");
      }
    }
    try (DB db = DB.file(f)) {
      JsonModel<ObjectNode> m = model(db, people());
      assertEquals(7, m.get("a").orElseThrow().get("age").asInt());
      assertEquals(5, db.get("SELECT count(*) AS n FROM \"{sdb} migrations\"").orElseThrow().getLong("n"), "nothing ran");
    }
  }

  /** Upstream never adds an index to an existing column; we create it at the next open. */
  @Test
  void indexAddedToAnExistingColumnIsCreated() {
    Path f = dir.resolve("later.db");
    try (DB db = DB.file(f)) {
      model(db, ModelConfig.builder("p").column("city", column())).set(obj("id", "a", "city", "Gent"));
    }
    try (DB db = DB.file(f)) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("p").column("city", column().index(IndexKind.DEFAULT)));
      assertEquals(1, m.count(Map.of("city", "Gent")));
      assertNotNull(indexSql(db, "p_city"));
      assertEquals(List.of("0 p", "1_city p"), keys(db, "p"));
    }
  }

  @Test
  void modelMigrationMayNotTakeAColumnsKey() {
    try (DB db = DB.memory()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model(db,
          ModelConfig.builder("p").column("city", column()).migration("1_city", ctx -> {})));
      assertTrue(e.getMessage().contains("1_city"), e.getMessage());
    }
  }
}
