package io.strato.es.internal.ops;

import io.strato.db.DB;
import io.strato.db.Sql;
import io.strato.db.StratoException;
import io.strato.es.EventFailedException;
import io.strato.es.EventSourcingDB;
import io.strato.es.Progress;
import io.strato.es.internal.processing.SkipMark;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the live history through the current code in a replica: an {@code EventSourcingDB} with
 * the same models, phases and upcasters on a fresh file, whose event log is the live history
 * read in place ({@link ReplaySource}) a page at a time, so memory stays bounded and progress is
 * reported per page. Used by replayInto, verify and rebuild.
 */
final class Replayer {
  private Replayer() {}

  static void replayInto(OpsContext c, Path file, Progress progress) {
    long v = c.version();
    try (Replica r = open(c, file)) {
      catchUp(c, r, v, progress);
    }
    copyHistory(c, file, v);
  }

  /**
   * Gives a replayed file the history it was built from (v, type, ts, data and skip marks; the
   * results are this replay's, not stored per event), so it opens as a complete strato file.
   */
  private static void copyHistory(OpsContext c, Path file, long upTo) {
    try (DB target = DB.file(file)) {
      EventQueue q = target.addModel(EventQueue::new);
      String sql = "INSERT INTO " + Sql.quoteId(q.name()) + "(v, type, ts, data, result, size) VALUES (?, ?, ?, ?, ?, 0)";
      long after = 0;
      while (after < upTo) {
        List<Event> page = c.log().read(after, HistoryLines.PAGE);
        if (page.isEmpty()) {
          break;
        }
        long[] last = {after};
        target.withTransaction(() -> {
          for (Event e : page) {
            if (e.v() > upTo) {
              break;
            }
            String mark = SkipMark.isSkipped(e) ? SkipMark.result(SkipMark.reason(e), e.result().get(SkipMark.KEY)
                .path("ts").asLong()).toString() : null;
            target.prepare(sql).run(e.v(), e.type(), e.ts(), e.data() == null ? null : e.data().toString(), mark);
            last[0] = e.v();
          }
        });
        after = last[0];
        if (page.size() < HistoryLines.PAGE) {
          break;
        }
      }
      q.setKnownV(upTo);
    }
  }

  /**
   * A replica on a fresh file.
   *
   * @throws IllegalArgumentException when the file exists
   * @throws StratoException when the history's first events were pruned
   */
  static Replica open(OpsContext c, Path file) {
    if (file == null) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': a replay needs a target file");
    }
    if (Files.exists(file)) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': the replay target " + file
          + " exists; give a new file");
    }
    List<Event> first = c.log().read(0, 1);
    if (!first.isEmpty() && first.get(0).v() > 1) {
      throw new StratoException("EventSourcingDB '" + c.name() + "': the history starts at version " + first.get(0).v()
          + " (earlier events were pruned or never here), so it cannot be replayed from the start; restore a"
          + " snapshot instead");
    }
    ReplaySource source = new ReplaySource(c.log());
    EventSourcingDB r = c.replicas().apply(file, source);
    try {
      r.open();
      return new Replica(r, source);
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  /**
   * Copies the live events above the replica's version up to {@code upTo} into the replica and
   * processes them there.
   *
   * @return the replica's version afterwards (= upTo)
   * @throws StratoException when an event fails in the replay
   */
  static long catchUp(OpsContext c, Replica replica, long upTo, Progress progress) {
    EventSourcingDB r = replica.db();
    ReplaySource source = replica.source();
    long after = r.getVersion();
    long start = after;
    while (after < upTo) {
      // a page at a time, for progress; the replica reads the live history in place
      long target = Math.min(upTo, after + HistoryLines.PAGE);
      source.upTo(target);
      process(c, r, target);
      if (r.getVersion() <= after) {
        break; // nothing moved: events missing from the log
      }
      after = r.getVersion();
      progress.update(after - start, upTo - start);
    }
    if (r.getVersion() != upTo) {
      throw new StratoException("EventSourcingDB '" + c.name() + "': the replay reached version " + r.getVersion()
          + ", not " + upTo + " (events missing from the log?)");
    }
    return upTo;
  }

  private static void process(OpsContext c, EventSourcingDB r, long v) {
    try {
      r.handledVersion(v);
    } catch (EventFailedException e) {
      Event f = e.event();
      throw new StratoException("EventSourcingDB '" + c.name() + "': the replay failed at event " + f.v() + " ("
          + f.type() + "): " + f.error() + "; the current code cannot process the history", e);
    }
  }

  /** Deletes a replica's file and its WAL and shared-memory files. */
  static void delete(Path file) {
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      try {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
      } catch (IOException e) {
        // best effort: a scratch file left behind is removed by the next run
      }
    }
  }
}
