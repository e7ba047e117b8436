package io.strato.es.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on the log's channels on its own connection, on a daemon thread, and turns each
 * notification into a bump of a counter that waiters watch ({@link #await}). When the connection
 * breaks it reconnects with back-off; meanwhile waiters fall back to polling (their wait is never
 * longer than the poll interval), so a lost notification delays, never stalls.
 */
final class PgNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgNotifier.class);

  private final PgSettings settings;
  private final Object monitor = new Object();
  private final Thread thread;
  /** Guarded by monitor: bumped on every notification, local signal or reconnect. */
  private long count;
  private volatile boolean closed;
  private volatile Connection conn;

  PgNotifier(PgSettings settings) {
    this.settings = settings;
    this.thread = new Thread(this::run, "strato-es-pg-listen-" + settings.schema());
    thread.setDaemon(true);
    thread.start();
  }

  /** The counter now: pass it to {@link #await} to wait for anything after it. */
  long count() {
    synchronized (monitor) {
      return count;
    }
  }

  /** Wakes every waiter (a local append, a publish, or a wake call). */
  void signal() {
    synchronized (monitor) {
      count++;
      monitor.notifyAll();
    }
  }

  /**
   * Waits until the counter moved past {@code seen}, {@code stop} says so, or {@code millis}
   * passed.
   */
  void await(long seen, long millis, BooleanSupplier stop) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    synchronized (monitor) {
      while (count == seen && !stop.getAsBoolean() && !closed) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          return;
        }
        monitor.wait(left);
      }
    }
  }

  private void run() {
    long pause = 100;
    while (!closed) {
      try (Connection c = PgSession.connect(settings)) {
        conn = c;
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + settings.appendChannel() + "; LISTEN " + settings.publishChannel());
        }
        signal(); // something may have happened while not listening: waiters look again
        pause = 100;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications((int) Math.min(1000, settings.pollInterval().toMillis()));
          if (got != null && got.length > 0) {
            signal();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("PostgresEventLog '{}': listening for notifications failed ({}); waits poll every {} ms until it"
            + " reconnects", settings.schema(), e.getMessage(), settings.pollInterval().toMillis());
        try {
          Thread.sleep(pause);
        } catch (InterruptedException ie) {
          return;
        }
        pause = Math.min(2000, pause * 2);
      } finally {
        conn = null;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    signal();
    Connection c = conn;
    if (c != null) {
      try {
        c.close(); // ends a getNotifications in progress
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
