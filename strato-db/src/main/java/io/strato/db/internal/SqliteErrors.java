package io.strato.db.internal;

import io.strato.db.DBException;
import java.sql.SQLException;
import org.sqlite.SQLiteException;

/** Turns driver exceptions into {@link DBException}s with the SQLite result code. */
public final class SqliteErrors {
  private SqliteErrors() {}

  /**
   * The SQLite result code of a driver exception (extended where the driver knows it).
   *
   * @param e the exception
   * @return the code, 0 when unknown
   */
  public static int code(SQLException e) {
    if (e instanceof SQLiteException se && se.getResultCode() != null) {
      int c = se.getResultCode().code;
      if (c >= 0) {
        return c;
      }
    }
    return e.getErrorCode();
  }

  /**
   * Whether the exception is SQLITE_BUSY or SQLITE_LOCKED (primary code).
   *
   * @param e the exception
   * @return true when retrying later may succeed
   */
  public static boolean isBusy(SQLException e) {
    int c = code(e) & 0xff;
    return c == 5 || c == 6;
  }

  /**
   * Wraps a driver exception.
   *
   * @param dbName the DB name
   * @param sql the SQL that failed, may be null
   * @param e the driver exception
   * @return the exception to throw
   */
  public static DBException wrap(String dbName, String sql, SQLException e) {
    String msg = e.getMessage();
    if (msg == null) {
      msg = e.getClass().getSimpleName();
    }
    return new DBException(msg, code(e), dbName, sql, e);
  }
}
