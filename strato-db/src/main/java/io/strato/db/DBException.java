package io.strato.db;

/**
 * A failure reported by SQLite (or the JDBC driver), with the SQLite result code, the
 * name of the database and the SQL that failed.
 *
 * <p>strato-db never lets a bare {@link java.sql.SQLException} escape: every SQLite
 * failure becomes a {@code DBException}. Typical codes: {@code 5} SQLITE_BUSY (locked by
 * another process past the retry budget), {@code 8} SQLITE_READONLY, {@code 13}
 * SQLITE_FULL, {@code 19} SQLITE_CONSTRAINT, {@code 26} SQLITE_NOTADB.
 */
public class DBException extends StratoException {
  private static final long serialVersionUID = 1L;

  /** Primary result code for "database is locked / busy". */
  public static final int SQLITE_BUSY = 5;
  /** Primary result code for "attempt to write a readonly database". */
  public static final int SQLITE_READONLY = 8;
  /** Primary result code for a constraint violation (unique, not null, foreign key...). */
  public static final int SQLITE_CONSTRAINT = 19;

  private final int sqliteCode;
  private final String dbName;
  private final String sql;

  /**
   * Creates the exception.
   *
   * @param message what went wrong (the DB name and SQL are appended by {@link #getMessage()})
   * @param sqliteCode the SQLite result code (primary or extended), 0 when not known
   * @param dbName the name of the {@link DB}
   * @param sql the SQL that failed, may be null
   * @param cause the driver exception, may be null
   */
  public DBException(String message, int sqliteCode, String dbName, String sql, Throwable cause) {
    super(message, cause);
    this.sqliteCode = sqliteCode;
    this.dbName = dbName;
    this.sql = sql;
  }

  /**
   * The SQLite result code as reported by the driver. Compare the primary code with
   * {@code sqliteCode() & 0xff}.
   *
   * @return the result code, 0 when unknown
   */
  public int sqliteCode() {
    return sqliteCode;
  }

  /**
   * The primary SQLite result code ({@code sqliteCode() & 0xff}).
   *
   * @return the primary code, e.g. {@link #SQLITE_BUSY}
   */
  public int primaryCode() {
    return sqliteCode & 0xff;
  }

  /**
   * The SQL that failed.
   *
   * @return the SQL text, or null when the failure was not tied to a statement
   */
  public String sql() {
    return sql;
  }

  /**
   * The name of the database the failure happened in.
   *
   * @return the DB name
   */
  public String dbName() {
    return dbName;
  }

  @Override
  public String getMessage() {
    StringBuilder b = new StringBuilder();
    b.append("DB '").append(dbName).append("': ").append(super.getMessage());
    if (sqliteCode != 0) {
      b.append(" [SQLite code ").append(sqliteCode).append(']');
    }
    if (sql != null) {
      String shown = sql.length() > 500 ? sql.substring(0, 500) + "…" : sql;
      b.append(" in SQL: ").append(shown);
    }
    return b.toString();
  }
}
