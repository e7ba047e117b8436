package io.strato.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.DB;
import io.strato.db.DBException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** A failed open names the absolute path and, where it can tell, what is wrong with it. */
class OpenErrorsTest {
  @TempDir Path dir;

  private static final SQLException CANTOPEN = new SQLiteException("[SQLITE_CANTOPEN] unable to open database file",
      SQLiteErrorCode.SQLITE_CANTOPEN);

  private static String message(Path file, boolean readOnly) {
    return OpenErrors.wrap("x.db", file, readOnly, "(step)", CANTOPEN).getMessage();
  }

  @Test
  void aMissingDirectoryNamesTheFirstMissingOne() {
    String m = message(dir.resolve("a/b/c/x.db"), false);
    assertTrue(m.startsWith("DB 'x.db': cannot open " + dir.resolve("a/b/c/x.db") + ": the directory "
        + dir.resolve("a") + " does not exist (create it first) ([SQLITE_CANTOPEN]"), m);
    assertEquals(1, m.split("SQLite code 14", -1).length - 1, "code named once: " + m);
    assertTrue(m.contains("unable to open database file"), m);
  }

  @Test
  void aParentThatIsAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("plain.txt"), "not a dir");
    String m = message(file.resolve("x.db"), false);
    assertTrue(m.contains(": " + file + " is not a directory ("), m);
  }

  @Test
  void aDirectoryInsteadOfAFile() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    assertTrue(message(sub, false).contains(": it is a directory, not a database file ("), message(sub, false));
    assertTrue(message(sub, true).contains("it is a directory"), "read-only too");
  }

  @Test
  void aMissingFileOpenedReadOnly() {
    Path missing = dir.resolve("missing.db");
    assertTrue(message(missing, true).contains(": the file does not exist, and a read-only DB does not create it ("),
        message(missing, true));
    assertTrue(message(missing, false).startsWith("DB 'x.db': cannot open " + missing + " ([SQLITE_CANTOPEN]"),
        "writable: SQLite creates it, so no hint: " + message(missing, false));
  }

  @Test
  void theRelativePathIsMadeAbsoluteAndCodeStepAndCauseAreKept() {
    DBException e = OpenErrors.wrap("x.db", Path.of("no-such-dir-here", "..", "no-such-dir-2", "x.db"), false,
        "(opening a read connection)", CANTOPEN);
    Path abs = Path.of("no-such-dir-2", "x.db").toAbsolutePath();
    assertTrue(e.getMessage().startsWith("DB 'x.db': cannot open " + abs + ": the directory "), e.getMessage());
    assertEquals(SQLiteErrorCode.SQLITE_CANTOPEN.code, e.sqliteCode());
    assertEquals("(opening a read connection)", e.sql());
    assertSame(CANTOPEN, e.getCause());
  }

  @Test
  void inMemoryGetsThePlainError() {
    DBException e = OpenErrors.wrap("mem", null, false, null, CANTOPEN);
    assertEquals(SqliteErrors.wrap("mem", null, CANTOPEN).getMessage(), e.getMessage());
  }

  @Test
  void openingReportsIt() {
    DBException e = assertThrows(DBException.class, () -> {
      try (DB db = DB.file(dir.resolve("nope/x.db"))) {
        db.userVersion();
      }
    });
    assertTrue(e.getMessage().contains("the directory " + dir.resolve("nope") + " does not exist"), e.getMessage());
  }
}
