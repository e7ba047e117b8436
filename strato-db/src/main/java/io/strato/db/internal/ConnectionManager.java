package io.strato.db.internal;

import io.strato.db.DBException;
import io.strato.db.StratoException;
import io.strato.db.TxBody;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the connections of one DB and decides which one runs each call.
 *
 * <p>Threading model: one writer connection guarded by a re-entrant write lock; every write,
 * every transaction and every call made by the thread that owns the running transaction goes
 * through it. Reads from other threads go to a pool of read connections (file DBs; WAL lets
 * them read the last committed state while a transaction runs). An in-memory DB has only the
 * writer, so other threads wait for the transaction to end.
 *
 * <p>Opening the connections is {@link ConnectionOpener}'s job, transactions on the writer
 * {@link WriterTransactions}'; this class routes calls and closes everything.
 */
public final class ConnectionManager {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionManager.class);

  /** Work to do with a connection. */
  @FunctionalInterface
  public interface ConnWork<T> {
    /**
     * Does the work.
     *
     * @param c the connection
     * @return the result
     */
    T apply(Conn c);
  }

  /**
   * Thrown when a call finds the connections closed (a concurrent {@code close()}); nothing ran
   * yet, so the caller may open again and retry.
   */
  public static final class ClosedException extends StratoException {
    private static final long serialVersionUID = 1L;

    ClosedException(String message) {
      super(message);
    }
  }

  private final DbSettings settings;
  private final ConnectionOpener opener;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final WriterTransactions tx;
  private final Object probeLock = new Object();
  private final ReaderPool readers;
  private volatile Conn writer;
  /** Background WAL checkpoints (writable file DBs in WAL mode); null otherwise. */
  private volatile Checkpointer checkpointer;
  private Conn probe;

  /**
   * Creates the manager; nothing is opened yet.
   *
   * @param settings the DB settings
   * @param listeners listeners told about transactions
   */
  public ConnectionManager(DbSettings settings, Listeners listeners) {
    this.settings = settings;
    this.opener = new ConnectionOpener(settings);
    this.tx = new WriterTransactions(settings, listeners, writeLock, this::requireWriter, this::committed);
    this.readers = settings.inMemory() ? null : new ReaderPool(Math.max(1, settings.readers()), opener::openReader);
  }

  /**
   * Opens the writer connection and sets the pragmas, unless it is open.
   *
   * @throws io.strato.db.DBException when the file cannot be opened or is not a database
   */
  public void openWriter() {
    writeLock.lock();
    try {
      if (writer == null) {
        ConnectionOpener.Writer w = opener.openWriter();
        checkpointer = w.checkpointer();
        writer = w.conn();
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Tells the checkpointer about a write that is committed now. */
  private void committed() {
    Checkpointer cp = checkpointer;
    if (cp != null) {
      cp.written();
    }
  }

  /**
   * Whether the calling thread runs the current transaction.
   *
   * @return true inside {@link #transaction(TxBody)} on this thread
   */
  public boolean inTransaction() {
    return tx.inTransaction();
  }

  /**
   * Whether the write lock is held by the calling thread.
   *
   * @return true when held
   */
  public boolean holdsWriteLock() {
    return writeLock.isHeldByCurrentThread();
  }

  /**
   * Runs work on the writer connection under the write lock.
   *
   * @param work the work
   * @param <T> result type
   * @return the work's result
   */
  public <T> T onWriter(ConnWork<T> work) {
    writeLock.lock();
    try {
      Conn w = requireWriter();
      if (readers != null) {
        readers.markWrite();
      }
      T result = work.apply(w);
      if (!tx.anyTransaction()) {
        committed(); // an autocommit statement
      }
      return result;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Runs a read: on the writer inside this thread's transaction (and for in-memory DBs),
   * else on a read connection. A thread that holds a reader (a read still running, such as an
   * {@code each} whose callback queries) and has written since reads from the writer, so it
   * sees its own writes. A read-only violation on a reader (for example a {@code WITH ...
   * INSERT} sent as a read) is retried on the writer.
   *
   * @param work the work
   * @param <T> result type
   * @return the work's result
   */
  public <T> T onReader(ConnWork<T> work) {
    if (readers == null || tx.inTransaction() || writeLock.isHeldByCurrentThread()
        || readers.wroteDuringLease()) {
      return onWriter(work);
    }
    Conn c;
    try {
      c = readers.lease(settings.busyMillis() + 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StratoException("DB '" + settings.name() + "': interrupted while waiting for a read connection", e);
    }
    if (c == null) {
      throw new DBException("no read connection became free in time", DBException.SQLITE_BUSY, settings.name(), null, null);
    }
    try {
      return work.apply(c);
    } catch (DBException e) {
      if (e.primaryCode() == DBException.SQLITE_READONLY && !settings.readOnly()) {
        return onWriter(work);
      }
      throw e;
    } finally {
      readers.release();
    }
  }

  /**
   * Runs work on a connection of its own that sees every commit, for {@code data_version}.
   *
   * @param work the work
   * @param <T> result type
   * @return the work's result
   */
  public <T> T onProbe(ConnWork<T> work) {
    if (readers == null) {
      return onWriter(work);
    }
    synchronized (probeLock) {
      if (probe == null) {
        probe = opener.openReader();
      }
      return work.apply(probe);
    }
  }

  private Conn requireWriter() {
    Conn w = writer;
    if (w == null) {
      throw new ClosedException("DB '" + settings.name() + "' is closed");
    }
    return w;
  }

  /**
   * Runs the body in a transaction ({@code BEGIN IMMEDIATE}), or inside the calling thread's
   * current transaction.
   *
   * @param body the work
   * @param <T> result type
   * @return the body's result
   */
  public <T> T transaction(TxBody<T> body) {
    return tx.transaction(body);
  }

  /**
   * Runs the body inside a savepoint of the calling thread's transaction (starting one when
   * there is none). On failure only the savepoint's changes are rolled back.
   *
   * @param body the work
   * @param <T> result type
   * @return the body's result
   */
  public <T> T savepoint(TxBody<T> body) {
    return tx.savepoint(body);
  }

  /**
   * Tries to run housekeeping on the writer without waiting for the write lock.
   *
   * @param sql the statement
   * @return true when it ran
   */
  public boolean tryOnWriter(String sql) {
    if (!writeLock.tryLock()) {
      return false;
    }
    try {
      Conn w = writer;
      if (w == null) {
        return false;
      }
      execDrain(w, sql);
      return true;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Runs a statement to completion. Needed for {@code PRAGMA incremental_vacuum(N)}, which
   * frees one page per step and declares no result columns: {@code execute()} steps once and
   * frees a single page. sqlite-jdbc runs {@code Statement.executeUpdate(String)} through
   * {@code sqlite3_exec}, which steps until done.
   */
  private void execDrain(Conn w, String sql) {
    try (java.sql.Statement st = w.jdbc().createStatement()) {
      st.executeUpdate(sql);
    } catch (SQLException e) {
      throw SqliteErrors.wrap(settings.name(), sql, e);
    }
  }

  /**
   * Closes every connection (waits for a running transaction to end).
   *
   * @param optimize run {@code PRAGMA optimize} first (cheap; keeps query plans fresh)
   */
  public void closeAll(boolean optimize) {
    writeLock.lock();
    try {
      Checkpointer cp = checkpointer;
      checkpointer = null;
      if (cp != null) {
        cp.close();
      }
      if (readers != null) {
        readers.close();
      }
      synchronized (probeLock) {
        if (probe != null) {
          probe.close();
          probe = null;
        }
      }
      Conn w = writer;
      writer = null;
      if (w != null) {
        if (optimize && !settings.readOnly()) {
          try {
            WriterTransactions.execSimple(settings.name(), w, "PRAGMA optimize");
          } catch (RuntimeException e) {
            LOG.debug("DB '{}': PRAGMA optimize on close failed", settings.name(), e);
          }
        }
        w.close();
      }
    } finally {
      writeLock.unlock();
    }
  }
}
