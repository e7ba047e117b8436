package io.strato.es;

import io.strato.db.StratoException;
import java.time.Duration;

/**
 * {@code handledVersion(v, timeout)} gave up: event {@code v} was not handled on this node
 * within the timeout. Nothing failed and nothing was lost: the event stays in the log and is
 * processed (or, on a follower of a shared log, applied) as usual; call again to keep waiting.
 *
 * <p>Typical causes: a long batch ahead of it, another process holding the write lock, or, with
 * a shared log, a leader that has not published the event yet (failing over, or far behind).
 */
public class VersionTimeoutException extends StratoException {
  private static final long serialVersionUID = 1L;
  private final long version;
  private final long handled;
  private final transient Duration timeout;

  /**
   * Creates the exception.
   *
   * @param dbName the event-sourcing DB's name, for the message
   * @param version the version waited for
   * @param handled the version this node had handled when the wait ended
   * @param timeout how long the caller waited
   */
  public VersionTimeoutException(String dbName, long version, long handled, Duration timeout) {
    super("EventSourcingDB '" + dbName + "': event " + version + " was not handled within " + timeout.toMillis()
        + " ms (this node is at version " + handled + "); it stays in the log and is handled later, call"
        + " handledVersion again to keep waiting");
    this.version = version;
    this.handled = handled;
    this.timeout = timeout;
  }

  /**
   * The version waited for.
   *
   * @return the version
   */
  public long version() {
    return version;
  }

  /**
   * The version this node had handled when the wait ended (below {@link #version()}).
   *
   * @return the handled version
   */
  public long handledVersion() {
    return handled;
  }

  /**
   * How long the caller waited.
   *
   * @return the timeout given
   */
  public Duration timeout() {
    return timeout;
  }
}
