package io.strato.db;

import io.strato.db.internal.PreparedHandle;
import io.strato.db.internal.SqlExecutor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The SQL half of {@link DB}: queries, writes, scripts, streaming and prepared statements, each
 * a validation and one call into the DB's {@link SqlExecutor}, which opens the DB when needed
 * and picks the connection. Package-private: users only ever see these methods on {@code DB},
 * whose documentation includes them. It lives in its own file only so that {@code DB.java}
 * stays a readable facade; nothing but {@code DB} extends it.
 */
abstract class DbQueries {
  private final Map<String, PreparedHandle> statements = new ConcurrentHashMap<>();

  DbQueries() {}

  /** The DB's query choke point: every call below goes through it. */
  abstract SqlExecutor executor();

  private static List<Object> params(Object[] params) {
    return PreparedHandle.params(params);
  }

  private static String requireSql(String sql) {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("SQL must be a non-empty string");
    }
    return sql;
  }

  private static Sql requireSql(Sql sql) {
    return requireArg(sql, "Sql must not be null");
  }

  /** The value, when it is not null; else an IllegalArgumentException with the message. */
  static <T> T requireArg(T value, String message) {
    if (value == null) {
      throw new IllegalArgumentException(message);
    }
    return value;
  }

  /**
   * Runs a query and returns all rows.
   *
   * @param sql the SQL with {@code ?} placeholders
   * @param params values bound by position (Boolean as 0/1, null as NULL)
   * @return the rows, possibly empty
   * @throws IllegalArgumentException for blank SQL or a parameter count/type mismatch
   * @throws DBException when SQLite fails
   */
  public List<Row> all(String sql, Object... params) {
    return executor().all(requireSql(sql), params(params));
  }

  /**
   * Runs a query built with {@link Sql} and returns all rows.
   *
   * @param sql the query
   * @return the rows
   * @throws DBException when SQLite fails
   */
  public List<Row> all(Sql sql) {
    return executor().all(requireSql(requireSql(sql).text()), sql.params());
  }

  /**
   * Runs a query and returns the first row.
   *
   * @param sql the SQL
   * @param params positional parameters
   * @return the first row, or empty
   * @throws DBException when SQLite fails
   */
  public Optional<Row> get(String sql, Object... params) {
    return executor().get(requireSql(sql), params(params));
  }

  /**
   * Runs a query built with {@link Sql} and returns the first row.
   *
   * @param sql the query
   * @return the first row, or empty
   * @throws DBException when SQLite fails
   */
  public Optional<Row> get(Sql sql) {
    return executor().get(requireSql(requireSql(sql).text()), sql.params());
  }

  /**
   * Runs a write statement.
   *
   * @param sql the SQL
   * @param params positional parameters
   * @return the last inserted rowid and the number of changed rows
   * @throws DBException when SQLite fails (e.g. SQLITE_READONLY on a read-only DB)
   */
  public RunResult run(String sql, Object... params) {
    return executor().run(requireSql(sql), params(params));
  }

  /**
   * Runs a write statement built with {@link Sql}.
   *
   * @param sql the statement
   * @return the last inserted rowid and the number of changed rows
   * @throws DBException when SQLite fails
   */
  public RunResult run(Sql sql) {
    return executor().run(requireSql(requireSql(sql).text()), sql.params());
  }

  /**
   * Runs one or more statements separated by semicolons, without parameters.
   *
   * @param script the SQL script
   * @throws DBException when SQLite fails (statements before the failing one have run)
   */
  public void exec(String script) {
    executor().exec(requireSql(script));
  }

  /**
   * Streams the rows of a query one at a time, never holding the whole result in memory.
   * The callback runs on the calling thread while the statement is open; it may run other
   * queries.
   *
   * @param sql the SQL
   * @param params positional parameters (null = none)
   * @param onRow called for each row
   * @throws DBException when SQLite fails
   */
  public void each(String sql, List<?> params, Consumer<Row> onRow) {
    requireArg(onRow, "each: onRow callback must not be null");
    executor().each(requireSql(sql), params == null ? List.of() : params, onRow);
  }

  /**
   * Streams the rows of a query built with {@link Sql}.
   *
   * @param sql the query
   * @param onRow called for each row
   * @throws DBException when SQLite fails
   */
  public void each(Sql sql, Consumer<Row> onRow) {
    each(requireSql(sql).text(), sql.params(), onRow);
  }

  /**
   * A statement handle cached per SQL text: preparing the same SQL twice returns the same
   * handle. It survives {@link DB#close()} and reopen (re-prepared lazily on each connection).
   *
   * @param sql the SQL
   * @return the handle
   * @throws IllegalArgumentException for blank SQL
   */
  public Statement prepare(String sql) {
    requireSql(sql);
    return statements.computeIfAbsent(sql, s -> new PreparedHandle(s, executor(), h -> statements.remove(s, h)));
  }
}
