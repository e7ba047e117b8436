package io.strato.db.internal;

import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * Opens the connections of one DB with their settings: the writer with its pragmas (WAL,
 * synchronous, journal size limit, auto-vacuum) and its background checkpointer, the read
 * connections ({@code query_only}), and the checkpointer's own connection. Stateless apart from
 * the settings; {@link ConnectionManager} owns what it opens.
 */
final class ConnectionOpener {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionOpener.class);

  /**
   * An opened writer.
   *
   * @param conn the connection, pragmas set
   * @param checkpointer its background checkpointer, or null (read-only, in memory, not WAL, or
   *     turned off)
   */
  record Writer(Conn conn, Checkpointer checkpointer) {}

  private final DbSettings settings;

  ConnectionOpener(DbSettings settings) {
    this.settings = settings;
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
   * Opens the writer connection and sets the pragmas; closes it again when that fails.
   *
   * @return the writer
   * @throws io.strato.db.DBException when the file cannot be opened or is not a database
   */
  Writer openWriter() {
    SQLiteConnection c;
    try {
      c = (SQLiteConnection) baseConfig(settings.readOnly()).createConnection(url());
    } catch (SQLException e) {
      throw OpenErrors.wrap(settings.name(), settings.file(), settings.readOnly(), null, e);
    }
    Conn conn = new Conn(c);
    try {
      return new Writer(conn, applyPragmas(conn) ? startCheckpointer(conn) : null);
    } catch (SQLException e) {
      conn.close();
      throw OpenErrors.wrap(settings.name(), settings.file(), settings.readOnly(), "(pragmas on open)", e);
    } catch (RuntimeException e) {
      conn.close();
      throw e;
    }
  }

  /**
   * Opens a read connection ({@code query_only}); also the {@code data_version} probe.
   *
   * @return the connection
   * @throws io.strato.db.DBException when it cannot be opened
   */
  Conn openReader() {
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
   * Hands WAL checkpoints to a background thread when configured; the writer keeps a high
   * auto-checkpoint as a backstop (see {@link Checkpointer}).
   *
   * @return the checkpointer, or null when the interval is zero
   */
  private Checkpointer startCheckpointer(Conn conn) throws SQLException {
    Duration interval = settings.checkpointInterval();
    if (interval == null || interval.isZero() || interval.isNegative()) {
      return null;
    }
    try (java.sql.Statement st = conn.jdbc().createStatement()) {
      st.execute("PRAGMA wal_autocheckpoint = " + Checkpointer.WRITER_BACKSTOP_PAGES);
    }
    return new Checkpointer(settings.name(), interval.toNanos(), this::openCheckpointConnection);
  }

  private java.sql.Connection openCheckpointConnection() {
    try {
      return baseConfig(false).createConnection(url());
    } catch (SQLException e) {
      throw SqliteErrors.wrap(settings.name(), "(opening the checkpoint connection)", e);
    }
  }

  /**
   * Sets the writer's pragmas.
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
      boolean wal = !settings.inMemory() && fileJournal(st);
      // Above the ~40 MB the WAL reaches between resets with background checkpoints: a lower
      // limit truncates the file at every reset, and re-growing it (file-extending writes) cost
      // about 60 us per commit in our benchmarks. It still bounds the file after a big spike.
      st.execute("PRAGMA journal_size_limit = 67108864");
      if (settings.autoVacuum()) {
        incrementalAutoVacuum(st);
      }
      return wal;
    }
  }

  /**
   * WAL journal and the synchronous level of a writable file.
   *
   * @return true when SQLite switched to WAL
   */
  private boolean fileJournal(java.sql.Statement st) throws SQLException {
    boolean wal;
    try (var rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
      String mode = rs.next() ? rs.getString(1) : "?";
      wal = "wal".equalsIgnoreCase(mode);
      if (!wal) {
        LOG.warn("DB '{}': could not switch to WAL journal mode (got {}); readers may block on writes",
            settings.name(), mode);
      }
    }
    st.execute("PRAGMA synchronous = " + (settings.fullSync() ? "FULL" : "NORMAL"));
    return wal;
  }

  private void incrementalAutoVacuum(java.sql.Statement st) throws SQLException {
    try (var rs = st.executeQuery("PRAGMA auto_vacuum")) {
      int mode = rs.next() ? rs.getInt(1) : 0;
      if (mode != 2) {
        LOG.info("DB '{}': switching to incremental auto-vacuum (runs VACUUM once)", settings.name());
        st.execute("PRAGMA auto_vacuum = INCREMENTAL");
        st.execute("VACUUM");
      }
    }
  }
}
