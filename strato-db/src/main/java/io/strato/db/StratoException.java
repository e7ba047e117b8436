package io.strato.db;

/**
 * Root of the unchecked exceptions thrown by strato-db modules for state and storage
 * failures (invalid arguments and configuration throw {@link IllegalArgumentException}).
 *
 * <p>Subclasses: {@link DBException} for SQLite failures; later modules add their own
 * (for example {@code EventFailedException} in strato-es).
 */
public class StratoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that names the database, model or option at fault.
   *
   * @param message the detail message
   */
  public StratoException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and the underlying cause.
   *
   * @param message the detail message
   * @param cause the underlying cause, may be null
   */
  public StratoException(String message, Throwable cause) {
    super(message, cause);
  }
}
