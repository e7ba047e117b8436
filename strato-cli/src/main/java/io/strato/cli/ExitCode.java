package io.strato.cli;

/**
 * The exit codes of {@code strato}, documented in the module README and in {@code --help}.
 */
public final class ExitCode {
  /** The command did what it was asked. */
  public static final int OK = 0;
  /** The operation failed or refused (bad version, unknown model, event still failing, drift found). */
  public static final int FAILURE = 1;
  /** The command line was wrong (unknown option, missing parameter). */
  public static final int USAGE = 2;
  /** A file problem: missing, unreadable, not a SQLite file, or a target that exists already. */
  public static final int FILE = 3;

  private ExitCode() {}
}
