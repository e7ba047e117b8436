package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** readOnly(true): reads work, writes fail clearly. */
class DBReadOnlyTest {
  @TempDir Path dir;
  Path file;

  @BeforeEach
  void setUp() {
    file = dir.resolve("ro.db");
    try (DB db = DB.file(file)) {
      db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
      db.run("INSERT INTO t(name) VALUES ('a'), ('b')");
      db.userVersion(3);
    }
  }

  private static DB ro(Path f) {
    return DB.builder().file(f).readOnly(true).build();
  }

  @Test
  void readsWork() {
    try (DB db = ro(file)) {
      assertTrue(db.isReadOnly());
      assertEquals(2, db.all("SELECT * FROM t").size());
      assertEquals("b", db.get("SELECT name FROM t WHERE id = ?", 2).orElseThrow().getString("name"));
      assertEquals(3, db.userVersion());
      db.each("SELECT * FROM t", List.of(), r -> {});
      assertEquals("a", db.prepare("SELECT name FROM t WHERE id = ?").get(1).orElseThrow().getString("name"));
      assertTrue(db.toString().contains("read-only"));
    }
  }

  private static void assertReadOnlyError(RuntimeException e) {
    assertInstanceOf(DBException.class, e);
    DBException d = (DBException) e;
    assertEquals(DBException.SQLITE_READONLY, d.primaryCode(), d.getMessage());
    assertTrue(d.getMessage().toLowerCase().contains("read"), d.getMessage());
    assertEquals("ro.db", d.dbName());
  }

  @Test
  void writesFailClearly() {
    try (DB db = ro(file)) {
      assertReadOnlyError(assertThrows(DBException.class, () -> db.run("INSERT INTO t(name) VALUES ('c')")));
      assertReadOnlyError(assertThrows(DBException.class, () -> db.exec("CREATE TABLE u(x)")));
      assertReadOnlyError(assertThrows(DBException.class, () -> db.exec("DELETE FROM t")));
      assertReadOnlyError(assertThrows(DBException.class, () -> db.userVersion(9)));
      assertReadOnlyError(assertThrows(DBException.class, () -> db.prepare("DELETE FROM t").run()));
      DBException tx = assertThrows(DBException.class, () -> db.withTransaction(() -> db.get("SELECT 1")));
      assertReadOnlyError(tx);
      assertTrue(tx.getMessage().contains("read-only"), tx.getMessage());
      assertEquals(2, db.all("SELECT * FROM t").size(), "nothing changed");
      assertEquals(3, db.userVersion());
    }
  }

  @Test
  void readOnlyDoesNotCreateAMissingFile() {
    Path missing = dir.resolve("missing.db");
    try (DB db = ro(missing)) {
      DBException e = assertThrows(DBException.class, db::open);
      assertNotEquals(0, e.sqliteCode(), e.getMessage());
      assertFalse(db.isOpen());
    }
    assertFalse(Files.exists(missing));
  }

  @Test
  void readOnlySeesCommitsOfAWriter() {
    try (DB rw = DB.file(file); DB db = ro(file)) {
      assertEquals(2, db.all("SELECT * FROM t").size());
      rw.run("INSERT INTO t(name) VALUES ('c')");
      assertEquals(3, db.all("SELECT * FROM t").size());
      long v = db.dataVersion();
      rw.run("INSERT INTO t(name) VALUES ('d')");
      assertNotEquals(v, db.dataVersion());
    }
  }

  @Test
  void readOnlyInMemoryIsUsableForReads() {
    try (DB db = DB.builder().readOnly(true).build()) {
      assertEquals(1L, db.get("SELECT 1 AS x").orElseThrow().getLong("x"));
      assertThrows(DBException.class, () -> db.withTransaction(() -> {}));
    }
  }
}
