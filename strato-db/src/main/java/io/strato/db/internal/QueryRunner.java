package io.strato.db.internal;

import io.strato.db.QueryEvent;
import io.strato.db.Row;
import io.strato.db.RunResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.sqlite.core.CoreResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes SQL on a {@link Conn}: binds parameters, maps rows, times the call, tells
 * listeners and logs at debug level, and turns driver errors into {@code DBException}s.
 * Stateless apart from its configuration, so one instance serves every connection of a DB.
 */
public final class QueryRunner {
  private static final Logger LOG = LoggerFactory.getLogger("io.strato.db.queries");
  private static final String LAST_ID_SQL = "SELECT last_insert_rowid()";

  private final String dbName;
  private final Listeners listeners;

  /**
   * Creates a runner.
   *
   * @param dbName the DB name used in errors and logs
   * @param listeners the listeners to notify
   */
  public QueryRunner(String dbName, Listeners listeners) {
    this.dbName = dbName;
    this.listeners = listeners;
  }

  /**
   * Runs a query and collects every row.
   *
   * @param c the connection
   * @param sql the SQL
   * @param params the parameters
   * @return the rows
   */
  public List<Row> all(Conn c, String sql, List<?> params) {
    List<Row> rows = new ArrayList<>();
    query(c, sql, params, rows::add, Integer.MAX_VALUE);
    return rows;
  }

  /**
   * Runs a query and returns its first row.
   *
   * @param c the connection
   * @param sql the SQL
   * @param params the parameters
   * @return the first row or empty
   */
  public Optional<Row> get(Conn c, String sql, List<?> params) {
    Row[] holder = new Row[1];
    query(c, sql, params, r -> holder[0] = r, 1);
    return Optional.ofNullable(holder[0]);
  }

  /**
   * Streams rows to a callback.
   *
   * @param c the connection
   * @param sql the SQL
   * @param params the parameters
   * @param onRow the callback
   */
  public void each(Conn c, String sql, List<?> params, Consumer<Row> onRow) {
    query(c, sql, params, onRow, Integer.MAX_VALUE);
  }

  private void query(Conn c, String sql, List<?> params, Consumer<Row> onRow, int max) {
    execute(c, sql, params, ps -> {
      try (ResultSet rs = ps.executeQuery()) {
        readRows(rs, onRow, max);
      }
      return null;
    });
  }

  /** What runs on a bound statement. */
  @FunctionalInterface
  private interface Work<T> {
    T apply(PreparedStatement ps) throws SQLException;
  }

  /**
   * The one place a statement is taken from the cache, bound, run, released and reported to
   * listeners; SQLite errors become {@link io.strato.db.DBException}s.
   */
  private <T> T execute(Conn c, String sql, List<?> params, Work<T> work) {
    long start = System.nanoTime();
    Throwable error = null;
    Conn.CachedStatement cs = null;
    try {
      cs = c.acquire(sql);
      PreparedStatement ps = cs.statement();
      Binder.bind(ps, params);
      return work.apply(ps);
    } catch (SQLException e) {
      error = SqliteErrors.wrap(dbName, sql, e);
      throw (RuntimeException) error;
    } catch (RuntimeException | Error e) {
      error = e;
      throw e;
    } finally {
      if (cs != null) {
        c.release(cs);
      }
      report(sql, params, start, error);
    }
  }

  private static void readRows(ResultSet rs, Consumer<Row> onRow, int max) throws SQLException {
    String[] names = null;
    int n = 0;
    while (n < max && rs.next()) {
      if (names == null) {
        names = labels(rs);
      }
      Object[] values = new Object[names.length];
      for (int i = 0; i < names.length; i++) {
        Object v = rs.getObject(i + 1);
        values[i] = v instanceof Integer iv ? Long.valueOf(iv.longValue()) : v;
      }
      n++;
      onRow.accept(Row.of(names, values));
    }
  }

  /**
   * The column labels of a result. sqlite-jdbc reads them when it runs the statement and keeps
   * them in its result set's public {@code cols}; asking the metadata instead fetches each one
   * again through JNI, a measurable part of a short query. Other result sets (or a driver
   * without that field filled) go through the metadata.
   */
  private static String[] labels(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    if (rs instanceof CoreResultSet core && core.cols != null && core.cols.length == n) {
      return core.cols.clone();
    }
    ResultSetMetaData md = rs.getMetaData();
    String[] names = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = md.getColumnLabel(i + 1);
    }
    return names;
  }

  /**
   * Runs a write statement.
   *
   * @param c the connection
   * @param sql the SQL
   * @param params the parameters
   * @return the rowid of the last insert and the number of changed rows
   */
  public RunResult run(Conn c, String sql, List<?> params) {
    return execute(c, sql, params, ps -> {
      long changes = ps.executeLargeUpdate();
      return new RunResult(lastInsertId(c), changes);
    });
  }

  private static long lastInsertId(Conn c) throws SQLException {
    Conn.CachedStatement cs = c.acquire(LAST_ID_SQL);
    try (ResultSet rs = cs.statement().executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } finally {
      c.release(cs);
    }
  }

  /**
   * Runs one or more statements without parameters.
   *
   * @param c the connection
   * @param script the SQL script
   */
  public void exec(Conn c, String script) {
    long start = System.nanoTime();
    Throwable error = null;
    try (java.sql.Statement st = c.jdbc().createStatement()) {
      st.executeUpdate(script);
    } catch (SQLException e) {
      error = SqliteErrors.wrap(dbName, script, e);
      throw (RuntimeException) error;
    } catch (RuntimeException | Error e) {
      error = e;
      throw e;
    } finally {
      report(script, List.of(), start, error);
    }
  }

  private void report(String sql, List<?> params, long start, Throwable error) {
    boolean debug = LOG.isDebugEnabled();
    if (!debug && !listeners.any()) {
      return;
    }
    long nanos = System.nanoTime() - start;
    if (debug) {
      if (error == null) {
        LOG.debug("[{}] {} {} ({} µs)", dbName, sql, params, nanos / 1000);
      } else {
        LOG.debug("[{}] {} {} failed after {} µs: {}", dbName, sql, params, nanos / 1000, error.toString());
      }
    }
    if (listeners.any()) {
      List<Object> copy = Collections.unmodifiableList(new ArrayList<>(params));
      listeners.call(new QueryEvent(dbName, sql, copy, nanos, error));
    }
  }
}
