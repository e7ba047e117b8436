package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** SQLite failures become DBException; bad arguments become IllegalArgumentException. */
class DBErrorTest {
  @TempDir Path dir;
  DB db;

  @BeforeEach
  void setUp() {
    db = DB.builder().file(dir.resolve("e.db")).name("errs").build();
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, u TEXT UNIQUE, nn TEXT NOT NULL DEFAULT 'x')");
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  private static DBException dbError(Executable e, String sql) {
    DBException ex = assertThrows(DBException.class, e);
    assertEquals("errs", ex.dbName());
    assertNotEquals(0, ex.sqliteCode(), "result code set: " + ex.getMessage());
    assertEquals(sql, ex.sql());
    assertTrue(ex.getMessage().contains("errs"), ex.getMessage());
    assertTrue(ex.getMessage().contains(sql), "SQL in message: " + ex.getMessage());
    assertNotNull(ex.getCause(), "driver exception kept");
    return ex;
  }

  @Test
  void syntaxErrors() {
    String sql = "SELEC * FROM t";
    assertEquals(1, dbError(() -> db.all(sql), sql).primaryCode());
    assertEquals(1, dbError(() -> db.get(sql), sql).primaryCode());
    assertEquals(1, dbError(() -> db.run(sql), sql).primaryCode());
    assertEquals(1, dbError(() -> db.exec(sql), sql).primaryCode());
    assertEquals(1, dbError(() -> db.each(sql, List.of(), r -> {}), sql).primaryCode());
    assertEquals(1, dbError(() -> db.prepare(sql).get(), sql).primaryCode());
    DBException e = dbError(() -> db.all(sql), sql);
    assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
  }

  @Test
  void constraintViolations() {
    db.run("INSERT INTO t(u) VALUES ('a')");
    String sql = "INSERT INTO t(u) VALUES (?)";
    DBException unique = dbError(() -> db.run(sql, "a"), sql);
    assertEquals(DBException.SQLITE_CONSTRAINT, unique.primaryCode());
    assertEquals(2067, unique.sqliteCode(), "extended code SQLITE_CONSTRAINT_UNIQUE");
    String nn = "INSERT INTO t(u, nn) VALUES ('b', NULL)";
    assertEquals(DBException.SQLITE_CONSTRAINT, dbError(() -> db.run(nn), nn).primaryCode());
    assertEquals(DBException.SQLITE_CONSTRAINT, dbError(() -> db.exec(nn), nn).primaryCode());
    String pk = "INSERT INTO t(id) VALUES (1)";
    assertEquals(DBException.SQLITE_CONSTRAINT, dbError(() -> db.run(pk), pk).primaryCode());
    assertEquals(DBException.SQLITE_CONSTRAINT,
        dbError(() -> db.withTransaction(() -> db.run(pk)), pk).primaryCode());
    assertEquals(1, db.all("SELECT * FROM t").size());
  }

  @Test
  void missingTables() {
    String sql = "SELECT * FROM nope";
    DBException e = dbError(() -> db.all(sql), sql);
    assertEquals(1, e.primaryCode());
    assertTrue(e.getMessage().contains("no such table"), e.getMessage());
    String ins = "INSERT INTO nope VALUES (1)";
    dbError(() -> db.run(ins), ins);
    dbError(() -> db.exec(ins), ins);
    String col = "SELECT nope FROM t";
    assertTrue(dbError(() -> db.all(col), col).getMessage().contains("no such column"));
  }

  @Test
  void dbExceptionIsAStratoException() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> db.all("garbage"));
    assertInstanceOf(StratoException.class, e);
    assertFalse(e instanceof IllegalArgumentException);
  }

  @Test
  void dbStaysUsableAfterErrors() {
    for (int i = 0; i < 20; i++) {
      assertThrows(DBException.class, () -> db.all("SELECT * FROM nope"));
      assertThrows(DBException.class, () -> db.run("INSERT INTO t(id) VALUES (1), (1)"));
    }
    db.run("INSERT INTO t(id) VALUES (1)");
    assertEquals(1, db.all("SELECT * FROM t").size());
  }

  private void iae(Executable e) {
    Throwable t = assertThrows(Throwable.class, e);
    assertInstanceOf(IllegalArgumentException.class, t, "got " + t);
  }

  @Test
  void nullAndBlankSqlAreIllegalArguments() {
    for (String bad : new String[] {null, "", "   ", "\n\t"}) {
      iae(() -> db.all(bad));
      iae(() -> db.get(bad));
      iae(() -> db.run(bad));
      iae(() -> db.exec(bad));
      iae(() -> db.each(bad, List.of(), r -> {}));
      iae(() -> db.prepare(bad));
    }
    iae(() -> db.all((Sql) null));
    iae(() -> db.get((Sql) null));
    iae(() -> db.run((Sql) null));
    iae(() -> db.each((Sql) null, r -> {}));
    iae(() -> db.all(Sql.of("")));
    iae(() -> db.each("SELECT 1", List.of(), (Consumer<Row>) null));
    iae(() -> db.each(Sql.of("SELECT 1"), null));
    iae(() -> db.withTransaction((TxBody<Object>) null));
    iae(() -> db.withTransaction((TxRunnable) null));
    iae(() -> db.runOnceOnOpen(null));
    iae(() -> db.addListener(null));
    iae(() -> db.model("x", null));
  }

  @Test
  void unsupportedParameterTypeIsIllegalArgument() {
    iae(() -> db.run("INSERT INTO t(u) VALUES (?)", new Object()));
    iae(() -> db.run("INSERT INTO t(u) VALUES (?)", List.of("a")));
  }

  @Test
  void queryOnClosedDbReopens() {
    db.close();
    assertEquals(0, db.all("SELECT * FROM t").size());
    assertTrue(db.isOpen());
  }

  /** The SQL in a message is cut after 500 characters, so a huge generated statement does not flood logs. */
  @Test
  void longSqlIsCutInTheMessageAfter500Characters() {
    String head = "SELECT * FROM nope WHERE x = '";
    String at500 = head + "a".repeat(500 - head.length() - 1) + "'";
    assertEquals(500, at500.length());
    DBException e = assertThrows(DBException.class, () -> db.all(at500));
    assertTrue(e.getMessage().endsWith(" in SQL: " + at500), "500 characters shown whole: " + e.getMessage());
    String at501 = at500.replace("x = '", "x = 'b");
    DBException e2 = assertThrows(DBException.class, () -> db.all(at501));
    assertTrue(e2.getMessage().endsWith(" in SQL: " + at501.substring(0, 500) + "…"), e2.getMessage());
    assertEquals(at501, e2.sql(), "the full SQL stays available");
  }
}
