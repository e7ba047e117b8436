package io.strato.db.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Immutable settings of one DB, produced by {@code DB.Builder}.
 *
 * @param file the database file, or null for an in-memory database
 * @param name the name used in errors and logs
 * @param readOnly open read-only, skip migrations
 * @param readers maximum number of read connections (file DBs only)
 * @param busyTimeout how long to wait for a lock held by another process
 * @param fullSync {@code synchronous=FULL} instead of NORMAL
 * @param autoVacuum enable incremental auto-vacuum
 * @param vacuumInterval how often to run an incremental vacuum step
 * @param vacuumPageCount pages freed per vacuum step
 * @param optimizeInterval how often to run {@code PRAGMA optimize}; null or zero disables it
 * @param checkpointInterval how long commits gather before the background checkpoint; zero
 *     leaves checkpoints to SQLite's auto-checkpoint on commit
 */
public record DbSettings(
    Path file,
    String name,
    boolean readOnly,
    int readers,
    Duration busyTimeout,
    boolean fullSync,
    boolean autoVacuum,
    Duration vacuumInterval,
    int vacuumPageCount,
    Duration optimizeInterval,
    Duration checkpointInterval) {

  /**
   * Whether this is an in-memory database (a single connection).
   *
   * @return true for {@code :memory:}
   */
  public boolean inMemory() {
    return file == null;
  }

  /**
   * The busy timeout in whole milliseconds, clamped to an int.
   *
   * @return milliseconds
   */
  public int busyMillis() {
    return (int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis());
  }
}
