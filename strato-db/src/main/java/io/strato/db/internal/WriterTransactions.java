package io.strato.db.internal;

import io.strato.db.DBException;
import io.strato.db.StratoException;
import io.strato.db.TxBody;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * Transactions and savepoints on the writer connection: {@code BEGIN IMMEDIATE} with
 * randomised back-off while another process holds the write lock (each retry reported to
 * {@link io.strato.db.DBListener#onBusyRetry}), commit or rollback, the listener calls around
 * them, and which thread owns the running transaction. Works under the write lock of its
 * {@link ConnectionManager}.
 */
final class WriterTransactions {
  private static final Logger LOG = LoggerFactory.getLogger(WriterTransactions.class);
  private static final String BEGIN = "BEGIN IMMEDIATE";

  private final DbSettings settings;
  private final Listeners listeners;
  private final ReentrantLock writeLock;
  private final Supplier<Conn> writer;
  private final Runnable committed;
  private volatile Thread txOwner;
  private int savepointDepth;

  /**
   * Creates the transaction runner.
   *
   * @param settings the DB settings
   * @param listeners told of begin, commit, rollback, end and busy retries
   * @param writeLock the manager's write lock
   * @param writer the open writer; throws {@link ConnectionManager.ClosedException} when closed
   * @param committed called after each commit
   */
  WriterTransactions(DbSettings settings, Listeners listeners, ReentrantLock writeLock, Supplier<Conn> writer,
      Runnable committed) {
    this.settings = settings;
    this.listeners = listeners;
    this.writeLock = writeLock;
    this.writer = writer;
    this.committed = committed;
  }

  /** Whether the calling thread runs the current transaction. */
  boolean inTransaction() {
    return txOwner == Thread.currentThread();
  }

  /** Whether any thread runs a transaction (else a write is an autocommit statement). */
  boolean anyTransaction() {
    return txOwner != null;
  }

  /** See {@link ConnectionManager#transaction(TxBody)}. */
  <T> T transaction(TxBody<T> body) {
    if (inTransaction()) {
      return call(body);
    }
    if (settings.readOnly()) {
      throw new DBException("cannot start a transaction: the DB is read-only", DBException.SQLITE_READONLY,
          settings.name(), null, null);
    }
    writeLock.lock();
    try {
      Conn w = writer.get();
      beginImmediate(w);
      return commitOrRollback(w, body);
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T commitOrRollback(Conn w, TxBody<T> body) {
    long t0 = System.nanoTime();
    LOG.trace("DB '{}': BEGIN IMMEDIATE", settings.name());
    txOwner = Thread.currentThread();
    savepointDepth = 0;
    listeners.begin();
    try {
      T result = call(body);
      execSimple(settings.name(), w, "COMMIT");
      LOG.trace("DB '{}': COMMIT after {} us", settings.name(), (System.nanoTime() - t0) / 1000);
      committed.run();
      listeners.end();
      return result;
    } catch (RuntimeException | Error e) {
      rollbackQuietly(w);
      LOG.trace("DB '{}': ROLLBACK after {} us: {}", settings.name(), (System.nanoTime() - t0) / 1000, e.toString());
      listeners.rollback();
      throw e;
    } finally {
      txOwner = null;
      listeners.fin();
    }
  }

  /** See {@link ConnectionManager#savepoint(TxBody)}. */
  <T> T savepoint(TxBody<T> body) {
    if (!inTransaction()) {
      return transaction(body);
    }
    Conn w = writer.get();
    String name = "sdb_sp_" + (++savepointDepth);
    execSimple(settings.name(), w, "SAVEPOINT " + name);
    try {
      T result = call(body);
      execSimple(settings.name(), w, "RELEASE " + name);
      return result;
    } catch (RuntimeException | Error e) {
      try {
        execSimple(settings.name(), w, "ROLLBACK TO " + name);
        execSimple(settings.name(), w, "RELEASE " + name);
      } catch (RuntimeException re) {
        e.addSuppressed(re);
      }
      throw e;
    } finally {
      savepointDepth--;
    }
  }

  private <T> T call(TxBody<T> body) {
    try {
      return body.run();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StratoException("DB '" + settings.name() + "': transaction interrupted", e);
    } catch (Exception e) {
      throw new StratoException("DB '" + settings.name() + "': transaction failed: " + e, e);
    }
  }

  /**
   * {@code BEGIN IMMEDIATE} with randomised back-off while another process holds the write
   * lock: SQLite's own busy handler sleeps on a fixed schedule, which lets competing
   * processes fall into lock-step, so it is switched off for the attempt and we jitter instead.
   */
  private void beginImmediate(Conn w) {
    SQLiteConnection sc = (SQLiteConnection) w.jdbc();
    try {
      sc.setBusyTimeout(0);
      beginWithRetries(w);
    } catch (SQLException e) {
      throw SqliteErrors.wrap(settings.name(), BEGIN, e);
    } finally {
      try {
        sc.setBusyTimeout(settings.busyMillis());
      } catch (SQLException e) {
        LOG.warn("DB '{}': could not restore busy timeout", settings.name(), e);
      }
    }
  }

  private void beginWithRetries(Conn w) throws SQLException {
    long deadline = System.nanoTime() + settings.busyTimeout().toNanos();
    BusyBackoff backoff = new BusyBackoff();
    for (int attempts = 1; ; attempts++) {
      SQLException busy = tryBegin(w);
      if (busy == null) {
        return;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new DBException("database is locked by another connection or process; gave up after " + attempts
            + " attempts over " + settings.busyTimeout().toMillis() + " ms (busyTimeout)",
            SqliteErrors.code(busy), settings.name(), BEGIN, busy);
      }
      long pause = backoff.nextPauseMillis(left);
      listeners.busyRetry(attempts, pause);
      sleepQuietly(pause);
    }
  }

  /**
   * One attempt.
   *
   * @return null when the transaction began, the error when the lock is busy
   * @throws SQLException when the statement cannot be prepared
   */
  private SQLException tryBegin(Conn w) throws SQLException {
    Conn.CachedStatement cs = w.acquire(BEGIN);
    try {
      cs.statement().execute();
      return null;
    } catch (SQLException e) {
      if (!SqliteErrors.isBusy(e)) {
        throw SqliteErrors.wrap(settings.name(), BEGIN, e);
      }
      return e;
    } finally {
      w.release(cs);
    }
  }

  private void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new StratoException("DB '" + settings.name() + "': interrupted while waiting for the write lock", ie);
    }
  }

  /**
   * Runs BEGIN/COMMIT/SAVEPOINT-style statements; their few texts stay prepared in the cache.
   *
   * @param dbName the DB name, for errors
   * @param w the writer
   * @param sql the statement
   */
  static void execSimple(String dbName, Conn w, String sql) {
    Conn.CachedStatement cs = null;
    try {
      cs = w.acquire(sql);
      cs.statement().execute();
    } catch (SQLException e) {
      throw SqliteErrors.wrap(dbName, sql, e);
    } finally {
      if (cs != null) {
        w.release(cs);
      }
    }
  }

  private void rollbackQuietly(Conn w) {
    try (java.sql.Statement st = w.jdbc().createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException e) {
      // SQLite may already have rolled back (e.g. after SQLITE_FULL); nothing left to undo.
      if (!String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("no transaction")) {
        LOG.warn("DB '{}': rollback failed", settings.name(), e);
      }
    }
  }
}
