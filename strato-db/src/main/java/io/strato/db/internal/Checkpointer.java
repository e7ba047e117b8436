package io.strato.db.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies committed WAL frames into the database file on a daemon thread of its own, so that
 * commits do not pay for it.
 *
 * <p>Why: with SQLite's default the connection whose commit pushes the WAL past 1,000 pages
 * runs the checkpoint itself, inside that commit, including two fsyncs. On the bank-ledger
 * shaped workload of the benchmarks that is about 40 % of the cost of a small write
 * transaction. Here the writer only bumps a counter; this thread wakes on the first write
 * after an idle spell, lets {@code interval} worth of commits gather (a page written many
 * times is copied once), and runs {@code PRAGMA wal_checkpoint(PASSIVE)} on its own
 * connection, which never blocks readers or the writer. The writer keeps a higher
 * {@code wal_autocheckpoint} as a backstop, see {@link #WRITER_BACKSTOP_PAGES}.
 *
 * <p>Durability is unchanged in kind: with {@code synchronous=NORMAL} a power cut can lose the
 * commits not yet checkpointed, never corrupt the file. In time it is tighter than SQLite's
 * default, which leaves a quiet database's commits unsynced until 1,000 pages have piled up:
 * here every write is checkpointed within about {@code interval}.
 *
 * <p>Thread-safety: {@link #written()} is called by the writer (under the write lock);
 * {@link #close()} by whoever closes the DB.
 */
final class Checkpointer implements AutoCloseable {
  /**
   * The writer's own {@code wal_autocheckpoint}: only reached when this thread cannot keep up
   * or, under a continuous stream of commits, because a WAL that always has fresh frames past
   * the last passive checkpoint is never reset; the writer's checkpoint then finds little left
   * to copy and lets the next transaction start the WAL from the beginning.
   */
  static final int WRITER_BACKSTOP_PAGES = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

  private final String dbName;
  private final long intervalNanos;
  private final Supplier<Connection> opener;
  private final Thread thread;
  private final Object signal = new Object();
  /** Bumped by the single writer after each write; read by this thread. */
  private volatile long writes;
  /** True while this thread waits for a first write; only then does the writer notify. */
  private volatile boolean idle;
  private volatile boolean running = true;

  /**
   * Starts the thread.
   *
   * @param dbName the DB name, for the thread name and logs
   * @param intervalNanos how long commits gather before a checkpoint
   * @param opener opens the connection the checkpoints run on (called on this thread)
   */
  Checkpointer(String dbName, long intervalNanos, Supplier<Connection> opener) {
    this.dbName = dbName;
    this.intervalNanos = intervalNanos;
    this.opener = opener;
    this.thread = new Thread(this::run, "strato-db-checkpoint-" + dbName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Tells the thread that the writer committed something. Cheap: two volatile accesses. */
  void written() {
    writes++; // only the writer, under the write lock, increments
    if (idle) {
      synchronized (signal) {
        signal.notifyAll();
      }
    }
  }

  private void run() {
    Connection conn = null;
    long seen = 0;
    try {
      while (running) {
        if (!awaitWrite(seen)) {
          return;
        }
        TimeUnit.NANOSECONDS.sleep(intervalNanos);
        seen = writes;
        if (conn == null) {
          conn = opener.get();
        }
        checkpoint(conn);
      }
    } catch (InterruptedException e) {
      // close() interrupts
    } catch (RuntimeException e) {
      LOG.warn("DB '{}': background checkpoints stopped; the writer's auto-checkpoint takes over", dbName, e);
    } finally {
      if (conn != null) {
        try {
          conn.close();
        } catch (SQLException e) {
          LOG.debug("DB '{}': closing the checkpoint connection failed", dbName, e);
        }
      }
    }
  }

  /** Waits until the writer has written past {@code seen}; false when closed meanwhile. */
  private boolean awaitWrite(long seen) throws InterruptedException {
    if (writes != seen) {
      return running;
    }
    idle = true;
    try {
      synchronized (signal) {
        // writes is re-read after idle became visible: a writer that missed idle=true
        // incremented before this read, so the loop sees its write.
        while (running && writes == seen) {
          signal.wait();
        }
      }
    } finally {
      idle = false;
    }
    return running;
  }

  private void checkpoint(Connection conn) {
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      if (rs.next() && LOG.isTraceEnabled()) {
        LOG.trace("DB '{}': checkpoint busy={} log={} copied={}", dbName, rs.getInt(1), rs.getInt(2), rs.getInt(3));
      }
    } catch (SQLException e) {
      // Another process checkpointing at the same moment answers SQLITE_BUSY: the next round copies it.
      if (SqliteErrors.isBusy(e)) {
        LOG.debug("DB '{}': checkpoint skipped, busy", dbName);
      } else {
        LOG.warn("DB '{}': background checkpoint failed: {}", dbName, e.getMessage());
      }
    }
  }

  /** Stops the thread (a running checkpoint finishes) and closes its connection. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    synchronized (signal) {
      signal.notifyAll();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
