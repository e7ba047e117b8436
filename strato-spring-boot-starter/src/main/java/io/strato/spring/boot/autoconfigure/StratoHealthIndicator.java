package io.strato.spring.boot.autoconfigure;

import io.strato.es.EventFailedException;
import io.strato.es.EventSourcingDB;
import io.strato.queue.Event;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the auto-configured {@link EventSourcingDB}: DOWN while processing is halted at a
 * failed event (seen by {@link ProcessingStatus}, or found stored as the next event to handle,
 * e.g. after a restart), UP otherwise. Details: {@code version}, {@code head}, {@code lag}, and
 * for a halt the failed event's {@code v}, {@code type}, {@code error} summary,
 * {@code attempts} and {@code retriesStopped}.
 */
public class StratoHealthIndicator implements HealthIndicator {
  private final EventSourcingDB es;
  private final ProcessingStatus status;

  /**
   * Creates the indicator.
   *
   * @param es the DB
   * @param status the processing status listener registered on it
   */
  public StratoHealthIndicator(EventSourcingDB es, ProcessingStatus status) {
    this.es = es;
    this.status = status;
  }

  @Override
  public Health health() {
    long version = es.getVersion();
    long head = es.queue().getMaxV();
    Optional<ProcessingStatus.Halt> halt = status.halt();
    Optional<Event> failed = halt.map(ProcessingStatus.Halt::event)
        .or(() -> es.queue().get(version + 1).filter(e -> e.error() != null && !e.error().isNull()));
    Health.Builder b = failed.isPresent() ? Health.down() : Health.up();
    b.withDetail("version", version).withDetail("head", head).withDetail("lag", Math.max(0, head - version));
    failed.ifPresent(e -> {
      b.withDetail("failedEvent", e.v()).withDetail("failedType", e.type())
          .withDetail("error", EventFailedException.summary(e));
      halt.ifPresent(h -> b.withDetail("attempts", h.attempts()).withDetail("retriesStopped", h.stopped()));
    });
    return b.build();
  }
}
