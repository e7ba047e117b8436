package io.strato.es.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects one processing leader among the nodes sharing a log: a session-level
 * {@code pg_try_advisory_lock} held on a connection of its own, checked every
 * {@code checkInterval} on a daemon thread. Winning the lock starts a term: the {@code leader}
 * row's epoch goes up by one, and the term remembers the last published version at its start.
 *
 * <p>PostgreSQL releases the lock when the holder's session ends: at once when its process dies
 * (the OS closes the socket), after the TCP keepalive probes set on the session when the network
 * is lost. The holder checks its connection every interval and steps down when the check fails;
 * even a holder that has not noticed yet cannot publish, because every publish is fenced on the
 * epoch ({@link PublishedRecords}).
 */
final class LeaderElection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

  /**
   * One term as leader.
   *
   * @param epoch the term's epoch
   * @param startV the last published version when the term began
   */
  record Term(long epoch, long startV) {}

  private final PgSettings settings;
  private final String node;
  private final Duration checkInterval;
  private final Thread thread;
  private final Object monitor = new Object();
  private volatile Term term;
  private volatile boolean closed;
  private volatile boolean stepDown;
  private Connection conn;

  LeaderElection(PgSettings settings, String node, Duration checkInterval) {
    this.settings = settings;
    this.node = node;
    this.checkInterval = checkInterval;
    this.thread = new Thread(this::run, "strato-es-pg-leader-" + node);
    thread.setDaemon(true);
    thread.start();
  }

  /** The current term, or null while this node is not the leader. */
  Term term() {
    return term;
  }

  /** Gives up the lock now (a publish was refused: another node leads); the thread rejoins later. */
  void stepDown() {
    term = null;
    stepDown = true;
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  private void run() {
    while (!closed) {
      try {
        if (stepDown) {
          stepDown = false;
          term = null; // also a term this thread won while the processing thread asked it to step down
          dropConnection();
          pause(checkInterval.toMillis()); // let the node that fenced us keep the lock
        }
        if (conn == null) {
          conn = PgSession.connect(settings);
          keepalives(conn);
        }
        if (term == null) {
          tryToLead();
        } else {
          heartbeat();
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          break;
        }
        if (term != null) {
          LOG.warn("PostgreSQL leader election '{}': node {} lost its lock connection ({}); stepping down",
              settings.schema(), node, e.getMessage());
        } else {
          LOG.debug("leader election '{}': {}", settings.schema(), e.toString());
        }
        term = null;
        dropConnection();
      }
      pause(checkInterval.toMillis());
    }
    term = null;
    dropConnection();
  }

  /** Server-side TCP keepalives, so a leader cut off by the network loses the lock in seconds. */
  private void keepalives(Connection c) {
    long idle = Math.max(1, checkInterval.toSeconds());
    try (Statement st = c.createStatement()) {
      st.execute("SET tcp_keepalives_idle = " + idle + "; SET tcp_keepalives_interval = 1;"
          + " SET tcp_keepalives_count = 3; SET tcp_user_timeout = " + (idle + 3) * 1000);
    } catch (SQLException e) {
      LOG.debug("leader election: keepalive settings refused: {}", e.getMessage());
    }
  }

  private void tryToLead() throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      ps.setLong(1, settings.lockKey("leader"));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return;
        }
      }
    }
    try (PreparedStatement ps = conn.prepareStatement("UPDATE " + settings.table("leader")
        + " SET epoch = epoch + 1, node = ?, since = now() WHERE id = 1 RETURNING epoch, processed_v")) {
      ps.setString(1, node);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        term = new Term(rs.getLong(1), rs.getLong(2));
      }
    }
    LOG.info("PostgreSQL log '{}': node {} leads, epoch {}, published up to {}", settings.schema(), node,
        term.epoch(), term.startV());
  }

  private void heartbeat() throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.setQueryTimeout((int) Math.max(1, checkInterval.toSeconds() * 2));
      st.execute("SELECT 1");
    }
  }

  private void pause(long ms) {
    synchronized (monitor) {
      if (closed || stepDown) {
        return;
      }
      try {
        monitor.wait(Math.max(1, ms));
      } catch (InterruptedException e) {
        closed = true;
      }
    }
  }

  private void dropConnection() {
    Connection c = conn;
    conn = null;
    if (c != null) {
      try {
        c.close(); // ends the session: PostgreSQL releases the lock
      } catch (SQLException ignored) {
        // broken already
      }
    }
  }

  /** Stops the thread and releases the lock. */
  @Override
  public void close() {
    closed = true;
    term = null;
    synchronized (monitor) {
      monitor.notifyAll();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
