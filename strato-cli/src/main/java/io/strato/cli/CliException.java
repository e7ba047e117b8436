package io.strato.cli;

/**
 * An error the CLI reports as one line on stderr, with its exit code (see {@link ExitCode}).
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /**
   * Creates the error.
   *
   * @param exitCode the exit code, e.g. {@link ExitCode#FILE}
   * @param message what is wrong, naming the file, model or version
   */
  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /**
   * The exit code.
   *
   * @return the code to exit with
   */
  public int exitCode() {
    return exitCode;
  }
}
