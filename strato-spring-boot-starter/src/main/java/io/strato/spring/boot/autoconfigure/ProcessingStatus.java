package io.strato.spring.boot.autoconfigure;

import io.strato.es.ProcessingListener;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.Optional;

/**
 * Tracks whether processing is halted at a failed event, as a {@link ProcessingListener}
 * registered on the auto-configured EventSourcingDB: a failed attempt sets it, the next
 * processed event clears it. Read by the health indicator. Thread-safe.
 */
public class ProcessingStatus implements ProcessingListener {
  /**
   * The failure processing is halted at.
   *
   * @param event the failed event with its error
   * @param attempts attempts so far
   * @param stopped whether automatic retries stopped
   */
  public record Halt(Event event, int attempts, boolean stopped) {}

  private volatile Halt halt;

  /** Creates a status that is not halted. */
  public ProcessingStatus() {}

  @Override
  public void eventProcessed(Event event, long nanos) {
    halt = null;
  }

  @Override
  public void eventFailed(Event event, int attempt, Duration nextRetry, boolean stopped) {
    halt = new Halt(event, attempt, stopped);
  }

  /**
   * The failure processing is halted at, if any.
   *
   * @return the halt, or empty while processing goes on
   */
  public Optional<Halt> halt() {
    return Optional.ofNullable(halt);
  }
}
