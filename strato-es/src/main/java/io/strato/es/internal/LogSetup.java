package io.strato.es.internal;

import io.strato.db.DB;
import io.strato.es.log.EventLog;
import io.strato.es.log.ProcessedRecords;
import io.strato.es.log.SqliteEventLog;
import io.strato.queue.EventQueue;
import io.strato.queue.QueueConfig;
import io.strato.queue.SubEventStorage;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Where an {@code EventSourcingDB}'s events live, chosen once at build: a log given with
 * {@code eventLog(...)}, a queue given with {@code queue(...)}, a queue in its own file
 * ({@code queueFile(...)}), or (the default) a queue in the state file.
 *
 * @param queueDb the queue's own DB when this set-up opened one (closed with the ES DB), else null
 * @param queue the SQLite queue, when the log is one (else null)
 * @param log the event log
 * @param records where processed records go
 */
public record LogSetup(DB queueDb, EventQueue queue, EventLog log, ProcessedRecords records) {
  /**
   * What the builder asked for.
   *
   * @param log a log given with {@code eventLog(...)}, or null
   * @param records processed records given with it, or null (then the log must hold them)
   * @param queue a queue given with {@code queue(...)}, or null
   * @param queueFile the queue's own file, or null
   * @param inMemory whether the state DB is in memory
   * @param withViews add the queue's size triggers and views
   * @param readOnly open read-only
   */
  public record Request(EventLog log, ProcessedRecords records, EventQueue queue, Path queueFile, boolean inMemory,
      boolean withViews, boolean readOnly) {}

  /**
   * Chooses and builds the log (nothing is opened yet).
   *
   * @param r what the builder asked for
   * @param stateDb the state DB
   * @param dbBuilder a tuned DB builder for a queue file
   * @return the set-up
   * @throws IllegalArgumentException for a log without processed records, or two ways at once
   */
  public static LogSetup choose(Request r, DB stateDb, Supplier<DB.Builder> dbBuilder) {
    int ways = (r.log() != null ? 1 : 0) + (r.queue() != null ? 1 : 0) + (r.queueFile() != null ? 1 : 0);
    if (ways > 1) {
      throw new IllegalArgumentException("EventSourcingDB: give at most one of eventLog(), queue() and queueFile()");
    }
    if (r.log() != null) {
      ProcessedRecords records = r.records() != null ? r.records()
          : r.log() instanceof ProcessedRecords p ? p : null;
      if (records == null) {
        throw new IllegalArgumentException("EventSourcingDB: the event log " + r.log() + " keeps no processed records;"
            + " give processedRecords(...) too");
      }
      EventQueue q = r.log() instanceof SqliteEventLog s ? s.queue() : null;
      return new LogSetup(null, q, r.log(), records);
    }
    // Upstream's layouts: its queue always has an `events` column, filled for a queue in its
    // own file or in memory; for a history in the state file its result writer leaves the
    // column NULL and keeps sub-events inside json.
    QueueConfig.Builder qb = QueueConfig.builder().withViews(r.withViews());
    DB queueDb = null;
    EventQueue q;
    if (r.queue() != null) {
      q = r.queue();
    } else if (r.queueFile() != null) {
      QueueConfig cfg = qb.subEvents(SubEventStorage.COLUMN).build();
      queueDb = dbBuilder.get().file(r.queueFile()).readOnly(r.readOnly()).build();
      q = queueDb.addModel(d -> new EventQueue(d, cfg));
    } else {
      QueueConfig cfg = qb.subEvents(r.inMemory() ? SubEventStorage.COLUMN : SubEventStorage.JSON_WITH_COLUMN).build();
      q = stateDb.addModel(d -> new EventQueue(d, cfg));
    }
    SqliteEventLog log = SqliteEventLog.on(q);
    return new LogSetup(queueDb, q, log, log);
  }
}
