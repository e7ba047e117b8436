package io.strato.es;

import io.strato.queue.Event;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Everything an operator does with the history of an {@link EventSourcingDB}: look at it,
 * repair a failed event, rebuild or replay models, check for drift, copy, prune, export and
 * import. Get it with {@link EventSourcingDB#operations()}.
 *
 * <pre>{@code
 * Operations ops = es.operations();
 * Status s = ops.status();
 * if (s.halted()) {
 *   Event bad = s.failing().orElseThrow();
 *   ops.replace(bad.v(), "account/opened", Map.of("id", "a1", "owner", "Ada"));   // fix it, process it
 *   // or: ops.skip(bad.v(), "duplicate from the old import, ticket OPS-12");
 * }
 * ops.rebuild("accounts");                        // after a reducer fix
 * long v = ops.snapshot(Path.of("backup.db"));    // an online copy at version v
 * ops.prune(v, Path.of("history-upto-" + v + ".jsonl.gz"));
 * }</pre>
 *
 * <h2>Safety</h2>
 * Every operation is safe while other threads and processes use the same files: operations that
 * write take this DB's processing lock and SQLite's write lock (a transaction), so they wait for
 * an event being processed and hold up processing only while they write. Bad input (an unknown
 * model, a version out of range, a processed event to replace, a prune without a snapshot)
 * throws {@link IllegalArgumentException} with a message naming what is wrong, and changes
 * nothing. Operations that need the SQLite history table ({@link #history}, {@link #replace},
 * {@link #skip}, {@link #prune}, {@link #importHistory}) throw {@link io.strato.db.StratoException}
 * with another {@link io.strato.es.log.EventLog}.
 *
 * <h2>Replays</h2>
 * {@link #rebuild}, {@link #replayInto} and {@link #verify} run the whole history through the
 * current code (upcasters, every model's phases, sub-events, transactors) in a separate file;
 * events marked skipped stay skipped. Transactors with side effects outside the database run
 * again there: guard them if that matters. A history whose first events were pruned cannot be
 * replayed (a clear error): restore the snapshot instead.
 */
public interface Operations {
  /**
   * Where the DB stands now: versions, lag, the failing event, rows and file sizes.
   *
   * @return an immutable snapshot
   */
  Status status();

  /**
   * One page of the history, in version order (one SQL query with a LIMIT; never the whole log).
   *
   * @param filter which events, e.g. {@code HistoryFilter.all().failedOnly()}
   * @return at most {@code filter.limit()} events, as stored (with result or error)
   * @throws IllegalArgumentException for a null filter
   */
  List<Event> history(HistoryFilter filter);

  /**
   * Processes what is queued now, retrying a failed event at once (also after its retries ran out).
   *
   * @return the last handled (processed, rejected or skipped) event, or null when none
   */
  Event retry();

  /**
   * Rewrites an event that is not processed yet (a failed one, usually) with a new type and
   * data, then processes up to it. Processed history is immutable.
   *
   * @param v the event's version: above the state's version, at most the log's head
   * @param type the new type, non-empty
   * @param data the new data (anything Jackson serialises), may be null
   * @return the event processed
   * @throws IllegalArgumentException when v is processed already or not in the log, or the type is empty
   * @throws EventFailedException when it still fails
   */
  Event replace(long v, String type, Object data);

  /**
   * Marks the next event due (the failing head event) skipped: its result becomes
   * {@code {"_skipped":{"reason":…,"ts":…}}}, the version advances past it, nothing is applied.
   * Replays and rebuilds skip it too. Never automatic.
   *
   * @param v the version: the state's version + 1
   * @param reason why, non-empty (kept on the event)
   * @return the stored, skipped event
   * @throws IllegalArgumentException when v is not the next event due, or the reason is empty
   */
  Event skip(long v, String reason);

  /**
   * {@link #rebuild(Collection, Progress)} without progress.
   *
   * @param models the model names
   */
  void rebuild(String... models);

  /**
   * Rebuilds model tables from the whole history through the current code: replays into a
   * scratch file (the shadow tables), then in one transaction replaces the live tables of these
   * models with the shadow ones, at the same version. The live tables stay untouched until that
   * transaction, also when the process dies during the rebuild. Dispatches go on while the
   * replay runs; during the swap they wait for it (SQLite's write lock). Other models are not
   * touched, even where a deriver of a rebuilt model writes into them.
   *
   * @param models the model names, at least one
   * @param progress told about the replay
   * @throws IllegalArgumentException for an unknown model or none
   * @throws io.strato.db.StratoException when another rebuild of this file is running (in any
   *     process), or the replay fails
   */
  void rebuild(Collection<String> models, Progress progress);

  /**
   * Replays the whole history through the current code into a fresh file, which becomes a
   * complete state DB (history included) at the same version. The live file is not touched.
   *
   * @param file where to write; must not exist
   * @throws IllegalArgumentException when the file exists
   */
  void replayInto(Path file);

  /**
   * {@link #replayInto(Path)}, telling {@code progress} after each page of 1,000 events.
   *
   * <pre>{@code
   * ops.replayInto(Path.of("replayed.db"), (done, total) -> log.info("replayed {} of {}", done, total));   // an SLF4J logger
   * }</pre>
   *
   * @param file where to write; must not exist
   * @param progress told how many events were replayed of how many
   * @throws IllegalArgumentException when the file exists
   */
  void replayInto(Path file, Progress progress);

  /**
   * Replays into a scratch file and compares every model table with the live state, row by row.
   *
   * @return the rows that differ
   */
  VerifyReport verify();

  /**
   * A consistent online copy of the state file ({@code VACUUM INTO}), recorded in the table
   * {@code {sdb} snapshots} (version, file, time) so that {@link #prune} knows of it.
   *
   * @param file where to write; must not exist
   * @return the version the copy holds
   * @throws IllegalArgumentException when the file exists
   */
  long snapshot(Path file);

  /**
   * Moves processed events below {@code beforeV} out of the log into a gzipped JSON-lines
   * archive, when a recorded snapshot at or above {@code beforeV} still exists.
   *
   * @param beforeV events with {@code v < beforeV} leave the log; at most the state's version + 1
   * @param archive the archive file to write (must not exist)
   * @return how many events left the log
   * @throws IllegalArgumentException without such a snapshot, or for a version out of range
   */
  long prune(long beforeV, Path archive);

  /**
   * Writes the whole history as JSON lines (format in the module README).
   *
   * @param out where to write (not closed)
   * @return events written
   */
  long exportHistory(OutputStream out);

  /**
   * Appends events read as JSON lines (as {@link #exportHistory} writes them) with their
   * versions, in one transaction; each version must be above the log's head.
   *
   * @param in what to read (not closed)
   * @return events read
   * @throws IllegalArgumentException for a malformed line or a version at or below the head
   */
  long importHistory(InputStream in);
}
