package io.strato.es.postgres;

import io.strato.db.StratoException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL connection that reconnects: calls run one at a time (a lock, so any thread may
 * call); when one fails because the connection broke (server restart, network loss, a terminated
 * backend), the connection is dropped and, for a call that may be repeated, reopened and the
 * call repeated until {@code reconnectTimeout} passed; then a {@link StratoException} says the
 * server is unreachable. Errors that are not about the connection are thrown at once.
 */
final class PgSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgSession.class);

  /** A JDBC call on the session's connection. */
  @FunctionalInterface
  interface Call<T> {
    T run(Connection c) throws SQLException;
  }

  private final PgSettings settings;
  private final String role;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection conn;
  private volatile boolean closed;

  PgSession(PgSettings settings, String role) {
    this.settings = settings;
    this.role = role;
  }

  /** Opens a new connection with the settings' timeouts (the caller owns it). */
  static Connection connect(PgSettings s) throws SQLException {
    Properties p = new Properties();
    p.putAll(s.properties());
    p.putIfAbsent("connectTimeout", String.valueOf(Math.max(1, s.connectTimeout().toSeconds())));
    p.putIfAbsent("socketTimeout", String.valueOf(Math.max(1, s.socketTimeout().toSeconds())));
    p.putIfAbsent("tcpKeepAlive", "true");
    p.putIfAbsent("ApplicationName", "strato-es-postgres");
    Connection c = DriverManager.getConnection(s.url(), p);
    c.setAutoCommit(true);
    return c;
  }

  /** Whether an exception means the connection is gone (class 08, admin shutdown, closed). */
  static boolean isConnectionLoss(SQLException e, Connection c) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String st = s.getSQLState();
        if (st.startsWith("08") || st.equals("57P01") || st.equals("57P02") || st.equals("57P03")) {
          return true;
        }
      }
    }
    try {
      return c == null || c.isClosed();
    } catch (SQLException ignored) {
      return true;
    }
  }

  /**
   * Runs a call that may safely run again (a read, or a write made idempotent by the caller),
   * reconnecting and repeating it while the connection is lost, up to the reconnect timeout.
   */
  <T> T retrying(String what, Call<T> call) {
    long deadline = System.nanoTime() + settings.reconnectTimeout().toNanos();
    long pause = 50;
    while (true) {
      try {
        return once(what, call);
      } catch (ConnectionLost lost) {
        if (closed) {
          throw new StratoException("PostgreSQL " + role + ": closed while " + what, lost.getCause());
        }
        if (System.nanoTime() > deadline) {
          throw new StratoException("PostgreSQL " + role + " at " + settings.url() + ": unreachable for "
              + settings.reconnectTimeout().toSeconds() + " s while " + what + ": " + lost.getCause().getMessage(),
              lost.getCause());
        }
        LOG.warn("PostgreSQL {}: connection lost while {} ({}); reconnecting", role, what,
            lost.getCause().getMessage());
        sleep(pause);
        pause = Math.min(1000, pause * 2);
      }
    }
  }

  /**
   * Runs a call once; a lost connection is a {@link ConnectionLost} (the connection is dropped
   * and reopened on the next call), any other error a {@link StratoException}.
   */
  <T> T once(String what, Call<T> call) {
    lock.lock();
    try {
      if (closed) {
        throw new StratoException("PostgreSQL " + role + ": closed, cannot run " + what);
      }
      try {
        if (conn == null) {
          conn = connect(settings);
        }
        return call.run(conn);
      } catch (SQLException e) {
        if (isConnectionLoss(e, conn)) {
          drop();
          throw new ConnectionLost(e);
        }
        throw new StratoException("PostgreSQL " + role + ": " + what + " failed: " + e.getMessage(), e);
      }
    } finally {
      lock.unlock();
    }
  }

  private void drop() {
    Connection c = conn;
    conn = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already broken
      }
    }
  }

  private static void sleep(long ms) {
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StratoException("PostgreSQL: interrupted while reconnecting", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      drop();
    } finally {
      lock.unlock();
    }
  }

  /** The connection broke during a call; the cause is the driver's exception. */
  static final class ConnectionLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConnectionLost(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
