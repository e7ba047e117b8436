package io.strato.db.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JDBC connection plus its cache of prepared statements.
 *
 * <p>Not thread-safe: a {@code Conn} is used by one thread at a time (the writer under the
 * write lock, a reader while leased). Statements are cached per SQL text in an LRU map; a
 * statement still in use (for example by a streaming {@code each} whose callback runs the same
 * SQL again) is not handed out twice: the nested use gets a throw-away statement instead.
 */
public final class Conn implements AutoCloseable {
  private static final int CACHE_SIZE = 256;

  private final Connection connection;
  private final Map<String, CachedStatement> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedStatement> eldest) {
          if (size() > CACHE_SIZE) {
            eldest.getValue().evict();
            return true;
          }
          return false;
        }
      };

  /**
   * Wraps an open connection.
   *
   * @param connection the JDBC connection, owned by this object from now on
   */
  public Conn(Connection connection) {
    this.connection = connection;
  }

  /**
   * The underlying JDBC connection.
   *
   * @return the connection
   */
  public Connection jdbc() {
    return connection;
  }

  /**
   * Gets a prepared statement for the SQL, from the cache when possible. Pair every call with
   * {@link #release(CachedStatement)}.
   *
   * @param sql the SQL text
   * @return a statement ready to bind
   * @throws SQLException when SQLite cannot prepare it
   */
  public CachedStatement acquire(String sql) throws SQLException {
    CachedStatement cs = cache.get(sql);
    if (cs == null) {
      cs = new CachedStatement(connection.prepareStatement(sql), true);
      cache.put(sql, cs);
    } else if (cs.inUse) {
      return new CachedStatement(connection.prepareStatement(sql), false);
    }
    cs.inUse = true;
    return cs;
  }

  /**
   * Returns a statement obtained from {@link #acquire(String)}.
   *
   * @param cs the statement
   */
  public void release(CachedStatement cs) {
    cs.inUse = false;
    if (!cs.cached || cs.evicted) {
      cs.closeQuietly();
    } else {
      try {
        cs.statement.clearParameters();
      } catch (SQLException e) {
        cs.closeQuietly();
        cache.values().remove(cs);
      }
    }
  }

  /** Finalises every cached statement and closes the connection. */
  @Override
  public void close() {
    for (Iterator<CachedStatement> it = cache.values().iterator(); it.hasNext(); ) {
      it.next().closeQuietly();
      it.remove();
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // Closing is best effort: the connection is unusable either way.
    }
  }

  /** A prepared statement with its cache bookkeeping. */
  public static final class CachedStatement {
    final PreparedStatement statement;
    final boolean cached;
    boolean inUse;
    boolean evicted;

    CachedStatement(PreparedStatement statement, boolean cached) {
      this.statement = statement;
      this.cached = cached;
    }

    /**
     * The JDBC statement.
     *
     * @return the statement
     */
    public PreparedStatement statement() {
      return statement;
    }

    void evict() {
      evicted = true;
      if (!inUse) {
        closeQuietly();
      }
    }

    void closeQuietly() {
      try {
        statement.close();
      } catch (SQLException e) {
        // Finalising a statement cannot fail in a way the caller could act on.
      }
    }
  }
}
