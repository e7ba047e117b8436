package io.strato.es;

import io.strato.queue.Event;
import java.util.OptionalLong;

/**
 * Processing is halted at a failed event, so nothing after it can be processed: thrown at once
 * by {@code dispatch}, {@code handledVersion} and {@code waitForQueue} instead of making the
 * caller sit through the retry back-off.
 *
 * <p>{@link #failedEvent()} is the event processing is stuck at, with its stored {@code error}.
 * {@link #queuedVersion()} tells what became of the caller's own event: empty when
 * {@code dispatch} refused to add it (nothing was added, so retrying later is safe), or its
 * version when it had already been added and <em>stays queued</em>: it will be processed once
 * the failed event is fixed, so do not dispatch it again.
 *
 * <p>To go on: fix the code and restart; or replace the failed event with a corrected one
 * ({@code operations().replace(v, type, data)}, which retries it at once); or delete the
 * state file to start over. A subclass of {@link EventFailedException}, so code catching that
 * keeps working.
 */
public class ProcessingHaltedException extends EventFailedException {
  private static final long serialVersionUID = 1L;
  private final long queuedV;

  /**
   * Creates the exception.
   *
   * @param dbName the event-sourcing DB's name, for the message
   * @param failed the failed event processing is halted at
   * @param queuedV the caller's event when it was added and stays queued, else 0
   * @param cause the original failure, when it happened in this process (may be null)
   */
  public ProcessingHaltedException(String dbName, Event failed, long queuedV, Throwable cause) {
    super(failed, message(dbName, failed, queuedV), cause);
    this.queuedV = queuedV;
  }

  private static String message(String dbName, Event f, long queuedV) {
    String mine = queuedV > 0
        ? "event " + queuedV + " stays queued and will be processed after it"
        : "the new event was not added";
    return "EventSourcingDB '" + dbName + "': processing is halted at failed event " + f.v() + " (" + f.type() + "): "
        + EventFailedException.summary(f) + "; " + mine + ". Fix the code and restart, or replace event " + f.v()
        + " with a corrected one (operations().replace(" + f.v() + ", type, data))";
  }

  /**
   * The failed event that processing is halted at.
   *
   * @return the event with its error
   */
  public Event failedEvent() {
    return event();
  }

  /**
   * The caller's own event, when it was added before the halt was found: it stays queued and
   * is processed once the failed event is fixed.
   *
   * @return its version, or empty when nothing was added
   */
  public OptionalLong queuedVersion() {
    return queuedV > 0 ? OptionalLong.of(queuedV) : OptionalLong.empty();
  }
}
