package io.strato.db.internal;

import io.strato.db.DBException;
import io.strato.db.StratoException;
import io.strato.db.TxBody;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * Owns the connections of one DB and decides which one runs each call.
 *
 * <p>Threading model: one writer connection guarded by a re-entrant write lock; every write,
 * every transaction and every call made by the thread that owns the running transaction goes
 * through it. Reads from other threads go to a pool of read connections (file DBs; WAL lets
 * them read the last committed state while a transaction runs). An in-memory DB has only the
 * writer, so other threads wait for the transaction to end.
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
  private final Listeners listeners;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Object probeLock = new Object();
  private final ReaderPool readers;
  private volatile Conn writer;
  /** Background WAL checkpoints (writable file DBs in WAL mode); null otherwise. */
  private volatile Checkpointer checkpointer;
  private Conn probe;
  private volatile Thread txOwner;
  private int savepointDepth;

  /**
   * Creates the manager; nothing is opened yet.
   *
   * @param settings the DB settings
   * @param listeners listeners told about transactions
   */
  public ConnectionManager(DbSettings settings, Listeners listeners) {
    this.settings = settings;
    this.listeners = listeners;
    this.readers = settings.inMemory() ? null : new ReaderPool(Math.max(1, settings.readers()), this::openReader);
  }

  private String url() {
    return settings.inMemory() ? "jdbc:sqlite::memory:" : "jdbc:sqlite:" + settings.file().toAbsolutePath();
  }

  private SQLiteConfig baseConfig(boolean readOnly) {
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setBusyTimeout(settings.busyMillis());
    // The driver would otherwise run an unprepared "SELECT last_insert_rowid()" after every
    // INSERT; QueryRunner reads the rowid itself with a cached statement.
    cfg.setGetGeneratedKeys(false);
    if (readOnly) {
      cfg.setReadOnly(true);
    }
    return cfg;
  }

  /**
   * Opens the writer connection and sets the pragmas. Called with the write lock held.
   *
   * @throws DBException when the file cannot be opened or is not a database
   */
  public void openWriter() {
    writeLock.lock();
    try {
      if (writer != null) {
        return;
      }
      SQLiteConnection c;
      try {
        c = (SQLiteConnection) baseConfig(settings.readOnly()).createConnection(url());
      } catch (SQLException e) {
        throw OpenErrors.wrap(settings.name(), settings.file(), settings.readOnly(), null, e);
      }
      Conn conn = new Conn(c);
      try {
        if (applyPragmas(conn)) {
          startCheckpointer(conn);
        }
      } catch (SQLException e) {
        conn.close();
        throw OpenErrors.wrap(settings.name(), settings.file(), settings.readOnly(), "(pragmas on open)", e);
      } catch (RuntimeException e) {
        conn.close();
        throw e;
      }
      writer = conn;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Hands WAL checkpoints to a background thread when configured; the writer keeps a high
   * auto-checkpoint as a backstop (see {@link Checkpointer}).
   */
  private void startCheckpointer(Conn conn) throws SQLException {
    java.time.Duration interval = settings.checkpointInterval();
    if (interval == null || interval.isZero() || interval.isNegative()) {
      return;
    }
    try (java.sql.Statement st = conn.jdbc().createStatement()) {
      st.execute("PRAGMA wal_autocheckpoint = " + Checkpointer.WRITER_BACKSTOP_PAGES);
    }
    checkpointer = new Checkpointer(settings.name(), interval.toNanos(), this::openCheckpointConnection);
  }

  private java.sql.Connection openCheckpointConnection() {
    try {
      return baseConfig(false).createConnection(url());
    } catch (SQLException e) {
      throw SqliteErrors.wrap(settings.name(), "(opening the checkpoint connection)", e);
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
   * Sets the connection pragmas.
   *
   * @return true when the file is writable and in WAL mode
   */
  private boolean applyPragmas(Conn conn) throws SQLException {
    try (java.sql.Statement st = conn.jdbc().createStatement()) {
      // Reading the schema first makes a non-database file fail here, with SQLITE_NOTADB,
      // instead of on the first user query.
      st.execute("SELECT count(*) FROM sqlite_master");
      st.execute("PRAGMA foreign_keys = ON");
      st.execute("PRAGMA recursive_triggers = ON");
      if (settings.readOnly()) {
        return false;
      }
      boolean wal = false;
      if (!settings.inMemory()) {
        try (var rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
          String mode = rs.next() ? rs.getString(1) : "?";
          wal = "wal".equalsIgnoreCase(mode);
          if (!wal) {
            LOG.warn("DB '{}': could not switch to WAL journal mode (got {}); readers may block on writes",
                settings.name(), mode);
          }
        }
        st.execute("PRAGMA synchronous = " + (settings.fullSync() ? "FULL" : "NORMAL"));
      }
      // Above the ~40 MB the WAL reaches between resets with background checkpoints: a lower
      // limit truncates the file at every reset, and re-growing it (file-extending writes) cost
      // about 60 us per commit in our benchmarks. It still bounds the file after a big spike.
      st.execute("PRAGMA journal_size_limit = 67108864");
      if (settings.autoVacuum()) {
        try (var rs = st.executeQuery("PRAGMA auto_vacuum")) {
          int mode = rs.next() ? rs.getInt(1) : 0;
          if (mode != 2) {
            LOG.info("DB '{}': switching to incremental auto-vacuum (runs VACUUM once)", settings.name());
            st.execute("PRAGMA auto_vacuum = INCREMENTAL");
            st.execute("VACUUM");
          }
        }
      }
      return wal;
    }
  }

  private Conn openReader() {
    try {
      SQLiteConnection c = (SQLiteConnection) baseConfig(settings.readOnly()).createConnection(url());
      Conn conn = new Conn(c);
      try (java.sql.Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only = ON");
      }
      return conn;
    } catch (SQLException e) {
      throw OpenErrors.wrap(settings.name(), settings.file(), settings.readOnly(), "(opening a read connection)", e);
    }
  }

  /**
   * Whether the writer connection is open.
   *
   * @return true when open
   */
  public boolean isOpen() {
    return writer != null;
  }

  /**
   * Whether the calling thread runs the current transaction.
   *
   * @return true inside {@link #transaction(TxBody)} on this thread
   */
  public boolean inTransaction() {
    return txOwner == Thread.currentThread();
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
      if (txOwner == null) {
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
    if (readers == null || txOwner == Thread.currentThread() || writeLock.isHeldByCurrentThread()
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
        probe = openReader();
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
    if (txOwner == Thread.currentThread()) {
      return call(body);
    }
    if (settings.readOnly()) {
      throw new DBException("cannot start a transaction: the DB is read-only", DBException.SQLITE_READONLY,
          settings.name(), null, null);
    }
    writeLock.lock();
    try {
      Conn w = requireWriter();
      beginImmediate(w);
      long t0 = System.nanoTime();
      LOG.trace("DB '{}': BEGIN IMMEDIATE", settings.name());
      txOwner = Thread.currentThread();
      savepointDepth = 0;
      listeners.begin();
      try {
        T result = call(body);
        execSimple(w, "COMMIT");
        LOG.trace("DB '{}': COMMIT after {} us", settings.name(), (System.nanoTime() - t0) / 1000);
        committed();
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
    } finally {
      writeLock.unlock();
    }
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
    if (txOwner != Thread.currentThread()) {
      return transaction(body);
    }
    Conn w = requireWriter();
    String name = "sdb_sp_" + (++savepointDepth);
    execSimple(w, "SAVEPOINT " + name);
    try {
      T result = call(body);
      execSimple(w, "RELEASE " + name);
      return result;
    } catch (RuntimeException | Error e) {
      try {
        execSimple(w, "ROLLBACK TO " + name);
        execSimple(w, "RELEASE " + name);
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
    long deadline = System.nanoTime() + settings.busyTimeout().toNanos();
    long backoffMs = 2;
    int attempts = 0;
    try {
      sc.setBusyTimeout(0);
      while (true) {
        attempts++;
        Conn.CachedStatement cs = w.acquire("BEGIN IMMEDIATE");
        try {
          cs.statement().execute();
          return;
        } catch (SQLException e) {
          if (!SqliteErrors.isBusy(e)) {
            throw SqliteErrors.wrap(settings.name(), "BEGIN IMMEDIATE", e);
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new DBException(
                "database is locked by another connection or process; gave up after " + attempts
                    + " attempts over " + settings.busyTimeout().toMillis() + " ms (busyTimeout)",
                SqliteErrors.code(e), settings.name(), "BEGIN IMMEDIATE", e);
          }
          long sleep = ThreadLocalRandom.current().nextLong(backoffMs / 2, backoffMs + 1);
          sleep = Math.min(sleep, Math.max(1, left / 1_000_000));
          backoffMs = Math.min(backoffMs * 2, 200);
          listeners.busyRetry(attempts, sleep);
          sleepQuietly(sleep);
        } finally {
          w.release(cs);
        }
      }
    } catch (SQLException e) {
      throw SqliteErrors.wrap(settings.name(), "BEGIN IMMEDIATE", e);
    } finally {
      try {
        sc.setBusyTimeout(settings.busyMillis());
      } catch (SQLException e) {
        LOG.warn("DB '{}': could not restore busy timeout", settings.name(), e);
      }
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

  /** Runs BEGIN/COMMIT/SAVEPOINT-style statements; their few texts stay prepared in the cache. */
  private void execSimple(Conn w, String sql) {
    Conn.CachedStatement cs = null;
    try {
      cs = w.acquire(sql);
      cs.statement().execute();
    } catch (SQLException e) {
      throw SqliteErrors.wrap(settings.name(), sql, e);
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
            execSimple(w, "PRAGMA optimize");
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
