package io.strato.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows carry the labels of the statement as it ran: aliases, expressions, and a cached
 * statement whose columns changed under it (the labels are read per execution, not per
 * prepared statement).
 */
class RowLabelsTest {
  @TempDir Path dir;

  @Test
  void labelsAreAliasesOrExpressionsAndFollowSchemaChanges() {
    try (DB db = DB.file(dir.resolve("l.db"))) {
      db.exec("CREATE TABLE t(a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x')");
      assertEquals(List.of("v", "COUNT(*)", "b"), db.get("SELECT a AS v, COUNT(*), b FROM t").orElseThrow().columns());
      Statement all = db.prepare("SELECT * FROM t");
      assertEquals(List.of("a", "b"), all.get().orElseThrow().columns());
      db.exec("ALTER TABLE t RENAME COLUMN b TO renamed");
      assertEquals(List.of("a", "renamed"), all.get().orElseThrow().columns(), "same cached statement, new labels");
      db.exec("ALTER TABLE t ADD COLUMN c REAL");
      assertEquals(List.of("a", "renamed", "c"), all.all().get(0).columns());
      List<String> seen = new java.util.ArrayList<>();
      all.each(List.of(), r -> seen.addAll(r.columns()));
      assertEquals(List.of("a", "renamed", "c"), seen);
      assertEquals(List.of("ünï", "x y"), db.get("SELECT 1 AS \"ünï\", 2 AS \"x y\"").orElseThrow().columns());
    }
  }
}
