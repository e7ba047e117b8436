package io.strato.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command that opens a strato file has: the file, its queue file, and how to
 * print.
 */
public final class CommonOptions {
  /** The state file; {@code STRATO_DB} when not given. */
  @Option(names = {"-d", "--db"}, paramLabel = "FILE", defaultValue = "${env:STRATO_DB}",
      description = "The strato (SQLite) file; default: $STRATO_DB.")
  Path db;

  /** The queue file, when the history is kept apart. */
  @Option(names = "--queue-file", paramLabel = "FILE", description = "The queue file, when the history is kept in its own file.")
  Path queueFile;

  /** Whether to print stack traces. */
  @Option(names = {"-v", "--verbose"}, description = "Print stack traces with errors.")
  boolean verbose;

  /** Whether colours are off. */
  @Option(names = "--no-color", description = "No colours (also when NO_COLOR is set, or not on a terminal).")
  boolean noColor;

  /**
   * The state file.
   *
   * @return the file
   * @throws CliException (usage) when neither --db nor STRATO_DB gives one
   */
  public Path db() {
    if (db == null) {
      throw new CliException(ExitCode.USAGE, "no strato file: give --db FILE or set STRATO_DB");
    }
    return db;
  }

  /**
   * The queue file.
   *
   * @return the file, or null
   */
  public Path queueFile() {
    return queueFile;
  }

  /**
   * Whether stack traces are wanted.
   *
   * @return true with --verbose
   */
  public boolean verbose() {
    return verbose;
  }

  /**
   * Whether colours are off.
   *
   * @return true with --no-color
   */
  public boolean noColor() {
    return noColor;
  }
}
