package io.strato.db.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.db.DBException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Busy detection decides between waiting and failing at once; the code travels with the error. */
class SqliteErrorsTest {
  private static SQLiteException sqlite(SQLiteErrorCode code) {
    return new SQLiteException("[" + code.name() + "] " + code.message, code);
  }

  @Test
  void busyAndLockedAreBusyWithTheirExtendedCodes() {
    assertTrue(SqliteErrors.isBusy(sqlite(SQLiteErrorCode.SQLITE_BUSY)));
    assertTrue(SqliteErrors.isBusy(sqlite(SQLiteErrorCode.SQLITE_LOCKED)));
    assertTrue(SqliteErrors.isBusy(sqlite(SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT)), "517 = 5 | 2 << 8");
    assertTrue(SqliteErrors.isBusy(new SQLException("plain driver error", "HY000", 5)));
  }

  @Test
  void otherErrorsAreNotBusy() {
    assertFalse(SqliteErrors.isBusy(sqlite(SQLiteErrorCode.SQLITE_CONSTRAINT)));
    assertFalse(SqliteErrors.isBusy(sqlite(SQLiteErrorCode.SQLITE_ERROR)));
    assertFalse(SqliteErrors.isBusy(sqlite(SQLiteErrorCode.SQLITE_READONLY)));
    assertFalse(SqliteErrors.isBusy(sqlite(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)), "2067: primary code 19");
    assertFalse(SqliteErrors.isBusy(new SQLException("no code")));
  }

  @Test
  void theCodeIsTheDriversResultCodeElseTheErrorCode() {
    assertEquals(2067, SqliteErrors.code(sqlite(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)));
    assertEquals(5, SqliteErrors.code(sqlite(SQLiteErrorCode.SQLITE_BUSY)));
    assertEquals(0, SqliteErrors.code(sqlite(SQLiteErrorCode.SQLITE_OK)));
    assertEquals(14, SqliteErrors.code(new SQLException("plain", "HY000", 14)));
  }

  @Test
  void wrapKeepsMessageCodeSqlAndCause() {
    SQLiteException e = sqlite(SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
    DBException w = SqliteErrors.wrap("bank.db", "INSERT INTO t VALUES (1)", e);
    assertTrue(w.getMessage().contains(e.getMessage()), w.getMessage());
    assertEquals(2067, w.sqliteCode());
    assertEquals("INSERT INTO t VALUES (1)", w.sql());
    assertEquals("bank.db", w.dbName());
    assertEquals(19, w.primaryCode());
    assertSame(e, w.getCause());
    DBException noMessage = SqliteErrors.wrap("bank.db", null, new SQLException());
    assertTrue(noMessage.getMessage().contains("SQLException"), noMessage.getMessage());
  }
}
