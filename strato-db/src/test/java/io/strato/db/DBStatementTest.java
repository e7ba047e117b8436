package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prepared statements: caching, surviving close/reopen, closing. */
class DBStatementTest {
  @TempDir Path dir;
  DB db;

  @BeforeEach
  void setUp() {
    db = DB.file(dir.resolve("s.db"));
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  @Test
  void sameSqlGivesSameHandle() {
    Statement a = db.prepare("SELECT name FROM t WHERE id = ?");
    Statement b = db.prepare("SELECT name FROM t WHERE id = ?");
    assertSame(a, b);
    assertNotSame(a, db.prepare("SELECT name FROM t WHERE id = ? "));
    assertEquals("SELECT name FROM t WHERE id = ?", a.sql());
  }

  @Test
  void statementRunsAllGetRunEach() {
    Statement ins = db.prepare("INSERT INTO t(id, name) VALUES (?, ?)");
    RunResult r = ins.run(1, "one");
    assertEquals(1, r.lastId());
    assertEquals(1, r.changes());
    ins.run(2, "two");
    ins.run(3, null);
    Statement byId = db.prepare("SELECT name FROM t WHERE id = ?");
    assertEquals("two", byId.get(2).orElseThrow().getString("name"));
    assertTrue(byId.get(99).isEmpty());
    assertNull(byId.get(3).orElseThrow().getString("name"));
    Statement allSt = db.prepare("SELECT id FROM t WHERE id >= ? ORDER BY id");
    assertEquals(List.of(2L, 3L), allSt.all(2).stream().map(x -> x.getLong("id")).toList());
    List<Long> ids = new ArrayList<>();
    allSt.each(List.of(1), x -> ids.add(x.getLong("id")));
    assertEquals(List.of(1L, 2L, 3L), ids);
    assertThrows(IllegalArgumentException.class, () -> allSt.each(List.of(1), null));
    // running with the wrong number of parameters is an argument error and leaves it usable
    assertThrows(IllegalArgumentException.class, () -> byId.get());
    assertEquals("one", byId.get(1).orElseThrow().getString("name"));
  }

  @Test
  void statementSurvivesCloseAndReopen() {
    Statement ins = db.prepare("INSERT INTO t(name) VALUES (?)");
    Statement count = db.prepare("SELECT count(*) AS c FROM t");
    ins.run("a");
    assertEquals(1L, count.get().orElseThrow().getLong("c"));
    db.close();
    assertFalse(db.isOpen());
    // re-prepared lazily on the new connection
    ins.run("b");
    assertTrue(db.isOpen());
    assertEquals(2L, count.get().orElseThrow().getLong("c"));
    assertSame(ins, db.prepare("INSERT INTO t(name) VALUES (?)"), "handle cached across reopen");
  }

  @Test
  void statementWorksInMemoryAcrossClose() {
    try (DB mem = DB.memory()) {
      Statement st = mem.prepare("SELECT 40 + ? AS v");
      assertEquals(42L, st.get(2).orElseThrow().getLong("v"));
      mem.close();
      assertEquals(43L, st.get(3).orElseThrow().getLong("v"));
    }
  }

  @Test
  void closedStatementIsForgottenButStillUsable() {
    Statement st = db.prepare("SELECT count(*) AS c FROM t");
    st.close();
    Statement again = db.prepare("SELECT count(*) AS c FROM t");
    assertNotSame(st, again, "a closed handle leaves the cache");
    // documented: using a closed handle simply prepares it again
    assertEquals(0L, st.get().orElseThrow().getLong("c"));
    assertEquals(0L, again.get().orElseThrow().getLong("c"));
    st.close(); // closing twice is harmless
    assertSame(again, db.prepare("SELECT count(*) AS c FROM t"));
  }

  @Test
  void prepareWithBadSqlFailsOnUse() {
    Statement st = db.prepare("SELECT * FROM missing_table");
    DBException e = assertThrows(DBException.class, st::all);
    assertTrue(e.getMessage().contains("missing_table"), e.getMessage());
    assertEquals("SELECT * FROM missing_table", e.sql());
  }

  @Test
  void prepareRejectsNullAndBlank() {
    assertThrows(IllegalArgumentException.class, () -> db.prepare(null));
    assertThrows(IllegalArgumentException.class, () -> db.prepare("  "));
  }

  @Test
  void statementInsideTransactionSeesUncommittedWrites() {
    Statement count = db.prepare("SELECT count(*) AS c FROM t");
    db.withTransaction(() -> {
      db.run("INSERT INTO t(name) VALUES ('x')");
      assertEquals(1L, count.get().orElseThrow().getLong("c"));
    });
  }
}
