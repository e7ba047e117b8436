package io.strato.jsonmodel;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.jsonmodel.SearchOptions.options;
import static io.strato.jsonmodel.TestSupport.ids;
import static io.strato.jsonmodel.TestSupport.indexSql;
import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.StratoException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A column's expression written for another row (trigger {@code new.}/{@code old.}, an
 * unqualified index) must only change its references to the row: a table name that also
 * appears inside the JSON path literal ({@code '$."my-docs".text'}) or a string literal stays.
 * Rewriting the table-qualified SQL with {@code replace("\"my-docs\".", "new.")} broke these.
 */
class TableNameInExpressionsTest {
  @Test
  void fullTextTriggersKeepAJsonPathThatContainsTheTableName() {
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("my-docs")
          .column("text", column().path("my-docs.text").fullText()));
      m.set(obj("id", "a", "my-docs", Map.of("text", "quick brown fox")));
      m.set(obj("id", "b", "my-docs", Map.of("text", "lazy dog")));
      assertEquals(List.of("a"), ids(m.searchAll(Map.of("text", "fox"), options())), "indexed on insert");
      m.update(Map.of("id", "a", "my-docs", Map.of("text", "sleepy cat")));
      assertEquals(List.of(), ids(m.searchAll(Map.of("text", "fox"), options())), "old text left the index");
      assertEquals(List.of("a"), ids(m.searchAll(Map.of("text", "cat"), options())), "re-indexed on update");
      m.remove("b");
      assertEquals(List.of(), ids(m.searchAll(Map.of("text", "dog"), options())), "removed on delete");
      db.run("INSERT INTO \"my-docs_text_fts\"(\"my-docs_text_fts\", rank) VALUES ('integrity-check', 1)");
    }
  }

  @Test
  void indexesKeepAJsonPathThatContainsTheTableName() {
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("my-docs")
          .column("code", column().path("my-docs.code").index(IndexKind.DEFAULT).unique()));
      String sql = indexSql(db, "my-docs_code");
      assertTrue(sql.contains("'$.\"my-docs\".code'") && !sql.contains("\"my-docs\".\"json\""), sql);
      m.set(obj("id", "a", "my-docs", Map.of("code", "X1")));
      // the unique index is on the right path, so the second X1 is refused
      assertThrows(StratoException.class, () -> m.set(obj("id", "b", "my-docs", Map.of("code", "X1"))));
      m.set(obj("id", "c", "my-docs", Map.of("code", "X2")));
      assertEquals(2, m.count(Map.of(), options()));
    }
  }

  @Test
  void customSqlKeepsItsStringLiteralsAndLosesOnlyTheTableQualifier() {
    try (DB db = DB.memory()) {
      // bare and quoted qualifiers are row references; the literal '$."docs".n' is not
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("docs")
          .column("n", column().sql("json_extract(docs.json, '$.\"docs\".n')").index(IndexKind.DEFAULT).unique())
          .column("m", column().sql("json_extract(\"docs\".json, '$.m')").index(IndexKind.SPARSE)));
      String n = indexSql(db, "docs_n");
      assertTrue(n.contains("json_extract(json, '$.\"docs\".n')"), n);
      String mIdx = indexSql(db, "docs_m");
      assertTrue(mIdx.contains("json_extract(json, '$.m')"), mIdx);
      m.set(obj("id", "a", "docs", Map.of("n", 1), "m", 5));
      assertThrows(StratoException.class, () -> m.set(obj("id", "b", "docs", Map.of("n", 1))));
      assertEquals(List.of("a"), ids(m.searchAll(Map.of("n", 1), options())));
      assertEquals(List.of("a"), ids(m.searchAll(Map.of("m", 5), options())));
    }
  }

  @Test
  void aJsonColumnNamedLikeTheTableStillWorksInTriggersAndIndexes() {
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("t")
          .column("t", column().type(ColumnType.JSON))
          .column("x", column().path("t.x").fullText())
          .column("y", column().path("t.y").index(IndexKind.DEFAULT)));
      m.set(obj("id", "a", "t", Map.of("x", "hello world", "y", 3)));
      assertEquals(List.of("a"), ids(m.searchAll(Map.of("x", "hello"), options())));
      assertEquals(List.of("a"), ids(m.searchAll(Map.of("y", 3), options())));
      String y = indexSql(db, "t_y");
      assertTrue(y.contains("json_extract(\"t\", '$.y')"), y);
    }
  }
}
