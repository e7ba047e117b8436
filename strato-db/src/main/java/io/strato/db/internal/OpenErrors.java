package io.strato.db.internal;

import io.strato.db.DBException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Turns a failure to open a database file into an error a user can act on: the absolute path,
 * and what is wrong with it where that can be told (a missing directory, a parent that is a
 * file, a file or directory this process may not write, a missing file opened read-only).
 * SQLite itself only says "unable to open database file".
 */
final class OpenErrors {
  private OpenErrors() {}

  /**
   * The exception for a failed open of {@code file}.
   *
   * @param dbName the DB name
   * @param file the file (null: in memory)
   * @param readOnly whether it was opened read-only
   * @param step what failed, e.g. "(opening a read connection)"; may be null
   * @param e the driver's exception
   * @return the exception to throw
   */
  static DBException wrap(String dbName, Path file, boolean readOnly, String step, SQLException e) {
    DBException plain = SqliteErrors.wrap(dbName, step, e);
    if (file == null) {
      return plain;
    }
    Path abs = file.toAbsolutePath().normalize();
    String hint = hint(abs, readOnly);
    // the driver's own words only: getMessage() adds the DB name, code and step once, outside
    String driver = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String msg = "cannot open " + abs + (hint.isEmpty() ? "" : ": " + hint) + " (" + driver + ")";
    return new DBException(msg, plain.sqliteCode(), dbName, step, e);
  }

  private static String hint(Path abs, boolean readOnly) {
    Path dir = abs.getParent();
    if (dir != null && !Files.exists(dir)) {
      Path missing = dir;
      while (missing.getParent() != null && !Files.exists(missing.getParent())) {
        missing = missing.getParent();
      }
      return "the directory " + missing + " does not exist (create it first)";
    }
    if (dir != null && !Files.isDirectory(dir)) {
      return dir + " is not a directory";
    }
    if (Files.isDirectory(abs)) {
      return "it is a directory, not a database file";
    }
    if (readOnly && !Files.exists(abs)) {
      return "the file does not exist, and a read-only DB does not create it";
    }
    if (!readOnly && Files.exists(abs) && !Files.isWritable(abs)) {
      return "the file is not writable by this process; open it with readOnly(true) to read it";
    }
    if (!readOnly && dir != null && !Files.isWritable(dir)) {
      return "the directory " + dir + " is not writable (SQLite needs it for the journal);"
          + " open it with readOnly(true) to read it";
    }
    return "";
  }
}
