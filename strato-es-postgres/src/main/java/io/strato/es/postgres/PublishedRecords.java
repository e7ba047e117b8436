package io.strato.es.postgres;

import io.strato.queue.Event;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The processed records published to PostgreSQL: the fenced publish and the reads followers
 * apply from. Thread-safe (one reconnecting session).
 */
final class PublishedRecords implements AutoCloseable {
  private final PgSettings settings;
  private final PgSession session;
  private final String publishSql;

  PublishedRecords(PgSettings settings, String node) {
    this.settings = settings;
    this.session = new PgSession(settings, "published records of '" + settings.schema() + "' (node " + node + ")");
    // The fence: the leader row moves only when the epoch is still ours and the record is the
    // very next one; otherwise nothing is inserted and no row comes back.
    this.publishSql = "WITH l AS (UPDATE " + settings.table("leader") + " SET processed_v = ?"
        + " WHERE id = 1 AND epoch = ? AND processed_v = ? RETURNING 1),"
        + " ins AS (INSERT INTO " + settings.table("processed") + " (v, epoch, record) SELECT ?, ?, ? FROM l"
        + " RETURNING v)"
        + " SELECT v, pg_notify('" + settings.publishChannel() + "', v::text) FROM ins";
  }

  /**
   * Publishes the record of version v under an epoch: succeeds only while that epoch is the
   * current one and v - 1 is the last published version. A connection lost mid-way is resolved
   * by looking the record up after reconnecting.
   *
   * @return true when published by this call (or by its lost first try)
   */
  boolean publish(long epoch, Event processed) {
    long v = processed.v();
    String json = SqliteProcessedRecords.toJson(processed);
    boolean[] retry = {false};
    return session.retrying("publishing the record of event " + v, c -> {
      if (retry[0]) {
        // the first try's connection broke: it may have published; look before trying again
        try (PreparedStatement check = c.prepareStatement("SELECT epoch FROM " + settings.table("processed")
            + " WHERE v = ?")) {
          check.setLong(1, v);
          try (ResultSet rs = check.executeQuery()) {
            if (rs.next()) {
              return rs.getLong(1) == epoch; // ours (the lost try) or, with another epoch, not ours
            }
          }
        }
      }
      retry[0] = true;
      try (PreparedStatement ps = c.prepareStatement(publishSql)) {
        ps.setLong(1, v);
        ps.setLong(2, epoch);
        ps.setLong(3, v - 1);
        ps.setLong(4, v);
        ps.setLong(5, epoch);
        ps.setString(6, json);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /**
   * Records the leader's failure of the next event, so followers waiting for it fail too. Only
   * while {@code epoch} leads and the event is the next unpublished one; no retry on a lost
   * connection (the next attempt reports again).
   */
  void publishFailure(long epoch, Event failed) {
    session.retrying("reporting the failure of event " + failed.v(), c -> {
      try (PreparedStatement ps = c.prepareStatement("WITH ins AS (INSERT INTO " + settings.table("failures")
          + " (v, epoch, record) SELECT ?, ?, ? FROM " + settings.table("leader")
          + " WHERE id = 1 AND epoch = ? AND processed_v = ? ON CONFLICT (v) DO UPDATE"
          + " SET epoch = EXCLUDED.epoch, record = EXCLUDED.record RETURNING v)"
          + " SELECT pg_notify('" + settings.publishChannel() + "', v::text) FROM ins")) {
        ps.setLong(1, failed.v());
        ps.setLong(2, epoch);
        ps.setString(3, SqliteProcessedRecords.toJson(failed));
        ps.setLong(4, epoch);
        ps.setLong(5, failed.v() - 1);
        ps.executeQuery().close();
        return null;
      }
    });
  }

  /** The leader's last failure of version v, when it has not been published since. */
  Event failure(long v) {
    return session.retrying("reading the failure of event " + v, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT record FROM " + settings.table("failures")
          + " WHERE v = ?")) {
        ps.setLong(1, v);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? SqliteProcessedRecords.fromJson(rs.getString(1), v) : null;
        }
      }
    });
  }

  /** Up to {@code max} published records from version {@code fromV} on, in order. */
  List<Event> from(long fromV, int max) {
    return session.retrying("reading published records from " + fromV, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT v, record FROM " + settings.table("processed")
          + " WHERE v >= ? ORDER BY v LIMIT ?")) {
        ps.setLong(1, fromV);
        ps.setInt(2, max);
        List<Event> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(SqliteProcessedRecords.fromJson(rs.getString(2), rs.getLong(1)));
          }
        }
        return out;
      }
    });
  }

  /** The last published version (the leader row's {@code processed_v}). */
  long lastPublished() {
    return session.retrying("reading the last published version", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT processed_v FROM " + settings.table("leader")
          + " WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0L;
      }
    });
  }

  /** The epoch a version was published under, or -1. */
  long epochOf(long v) {
    return session.retrying("reading the epoch of record " + v, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM " + settings.table("processed")
          + " WHERE v = ?")) {
        ps.setLong(1, v);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getLong(1) : -1L;
        }
      }
    });
  }

  @Override
  public void close() {
    session.close();
  }
}
