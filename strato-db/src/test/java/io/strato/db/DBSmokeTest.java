package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DBSmokeTest {
  @TempDir Path dir;

  @Test
  void basicRoundTripOnFile() {
    try (DB db = DB.file(dir.resolve("a.db"))) {
      db.registerMigrations("t", Map.of("0", d -> d.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE u(x)")));
      assertFalse(db.isOpen());
      RunResult r = db.run("INSERT INTO t(name) VALUES (?)", "hello");
      assertTrue(db.isOpen());
      assertEquals(1, r.lastId());
      assertEquals(1, r.changes());
      assertEquals("hello", db.get("SELECT name FROM t WHERE id = ?", 1).orElseThrow().getString("name"));
      assertEquals(1L, db.get("SELECT count(*) AS n FROM u WHERE 1").map(x -> 1L).orElseThrow());
      assertEquals("wal", db.get("PRAGMA journal_mode").orElseThrow().getString("journal_mode"));
      db.withTransaction(() -> db.run("UPDATE t SET name = ? WHERE id = ?", "hi", 1));
      assertEquals(List.of("hi"), db.all("SELECT name FROM t").stream().map(x -> x.getString("name")).toList());
      db.userVersion(7);
      assertEquals(7, db.userVersion());
      db.close();
      assertEquals("hi", db.prepare("SELECT name FROM t").get().orElseThrow().getString("name"));
    }
  }
}
