package io.strato.es.internal;

import io.strato.db.DB;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an {@code EventSourcingDB} checks and says when it is built and opened: the one INFO line
 * a user reads to know which file, version and models they got, and the warning for a set-up
 * that would silently do nothing.
 */
public final class OpenReport {
  private static final Logger LOG = LoggerFactory.getLogger("io.strato.es.EventSourcingDB");

  private OpenReport() {}

  /**
   * Refuses the same file as state and queue: two DB objects on one file would fight over its
   * write lock (before this check: {@code SQLITE_BUSY} after the busy timeout).
   *
   * @param file the state file (null: in memory)
   * @param queueFile the queue file (null: in the state file)
   * @throws IllegalArgumentException when both name the same file
   */
  public static void checkDistinctFiles(Path file, Path queueFile) {
    if (file == null || queueFile == null) {
      return;
    }
    Path a = file.toAbsolutePath().normalize();
    Path b = queueFile.toAbsolutePath().normalize();
    boolean same = a.equals(b);
    if (!same && Files.exists(a) && Files.exists(b)) {
      try {
        same = Files.isSameFile(a, b);
      } catch (IOException e) {
        same = false; // cannot tell: the open will report a real problem with either file
      }
    }
    if (same) {
      throw new IllegalArgumentException("EventSourcingDB: file() and queueFile() are the same file (" + a
          + "); leave queueFile() out to keep the queue in the state file");
    }
  }

  /**
   * Logs the open at INFO (file, version, log head, journal mode, models and where they came
   * from), and warns when no model is registered: events would be marked processed with nothing
   * applied.
   *
   * @param name the DB's name
   * @param db the state DB, open
   * @param version the state's version
   * @param head reads the log's head version
   * @param models the registered models and their origin ({@code "none"} when there are none)
   */
  public static void log(String name, DB db, long version, LongSupplier head, String models) {
    if ("none".equals(models)) {
      LOG.warn("EventSourcingDB '{}': no models registered (none given to the builder, none found by discoverModels());"
          + " events will be marked processed with nothing applied. Register models with .model(...) or list them in"
          + " META-INF/services/io.strato.es.spi.EventModel", name);
    }
    if (!LOG.isInfoEnabled()) {
      return;
    }
    String file = db.file().map(p -> p.toAbsolutePath().toString()).orElse(":memory:");
    String journal = db.get("PRAGMA journal_mode").map(r -> r.getString("journal_mode")).orElse("?");
    LOG.info("EventSourcingDB '{}': opened {} at version {}, log head {}, journal mode {}{}; models: {}", name, file,
        version, head.getAsLong(), journal, db.isReadOnly() ? ", read-only" : "", models);
  }
}
