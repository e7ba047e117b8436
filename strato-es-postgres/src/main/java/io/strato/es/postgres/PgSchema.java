package io.strato.es.postgres;

import io.strato.db.StratoException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the log's tables. Versioned (the {@code strato_schema} row) and
 * idempotent; nodes starting at once serialise on a session-level {@code pg_advisory_lock}, so
 * exactly one of them runs each step and the others find it done. Each step runs in its own
 * transaction together with the version bump.
 *
 * <p>Tables: {@code events} (the log: version, type, ts, data as the exact JSON text, and the
 * append token that makes a retried append idempotent), {@code head} (the one counter row that
 * serialises appends and hands out gapless versions), {@code leader} (the current term's epoch
 * and the last published processed version: the fence), {@code processed} (published
 * processed records) and, since version 2, {@code failures} (the leader's last failure of an
 * event not yet published).
 */
final class PgSchema {
  private static final Logger LOG = LoggerFactory.getLogger(PgSchema.class);

  private PgSchema() {}

  /** The steps, in order; step i brings the schema to version i + 1. Append only. */
  private static List<String> steps(PgSettings s) {
    return List.of(
        "CREATE TABLE " + s.table("events") + " (v bigint PRIMARY KEY, type text NOT NULL, ts bigint NOT NULL,"
            + " data text, token uuid);"
            + "CREATE INDEX ON " + s.table("events") + " (token);"
            + "CREATE TABLE " + s.table("head") + " (id int PRIMARY KEY CHECK (id = 1), v bigint NOT NULL);"
            + "INSERT INTO " + s.table("head") + " VALUES (1, 0);"
            + "CREATE TABLE " + s.table("leader") + " (id int PRIMARY KEY CHECK (id = 1), epoch bigint NOT NULL,"
            + " processed_v bigint NOT NULL, node text, since timestamptz);"
            + "INSERT INTO " + s.table("leader") + " VALUES (1, 0, 0, NULL, NULL);"
            + "CREATE TABLE " + s.table("processed") + " (v bigint PRIMARY KEY, epoch bigint NOT NULL,"
            + " record text NOT NULL)",
        // 2: the last failure of the event the leader is stuck at, so followers fail it too
        "CREATE TABLE " + s.table("failures") + " (v bigint PRIMARY KEY, epoch bigint NOT NULL,"
            + " record text NOT NULL)");
  }

  /** The schema version this code writes. */
  static int latest(PgSettings s) {
    return steps(s).size();
  }

  /**
   * Brings the schema up to date.
   *
   * @throws StratoException when the schema is newer than this code, or a step fails
   */
  static void migrate(Connection c, PgSettings s) throws SQLException {
    long key = s.lockKey("migrate");
    try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
      lock.setLong(1, key);
      lock.execute();
    }
    try (Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS " + s.schema());
      st.execute("CREATE TABLE IF NOT EXISTS " + s.table("strato_schema")
          + " (id int PRIMARY KEY CHECK (id = 1), version int NOT NULL)");
      st.execute("INSERT INTO " + s.table("strato_schema") + " VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
      int version;
      try (ResultSet rs = st.executeQuery("SELECT version FROM " + s.table("strato_schema"))) {
        rs.next();
        version = rs.getInt(1);
      }
      List<String> steps = steps(s);
      if (version > steps.size()) {
        throw new StratoException("PostgresEventLog: schema '" + s.schema() + "' is at version " + version
            + ", newer than this strato-es-postgres (" + steps.size() + "); upgrade the library");
      }
      for (int i = version; i < steps.size(); i++) {
        c.setAutoCommit(false);
        try {
          st.execute(steps.get(i));
          st.execute("UPDATE " + s.table("strato_schema") + " SET version = " + (i + 1));
          c.commit();
        } catch (SQLException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
        LOG.info("PostgresEventLog: schema '{}' migrated to version {}", s.schema(), i + 1);
      }
    } finally {
      try (PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        unlock.setLong(1, key);
        unlock.execute();
      }
    }
  }
}
