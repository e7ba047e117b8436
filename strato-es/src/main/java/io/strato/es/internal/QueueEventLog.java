package io.strato.es.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.util.List;
import java.util.Optional;

/** The {@link EventLog} on an {@link EventQueue}. */
public final class QueueEventLog implements EventLog {
  private final EventQueue queue;

  /**
   * Wraps a queue.
   *
   * @param queue the queue
   */
  public QueueEventLog(EventQueue queue) {
    this.queue = queue;
  }

  @Override
  public Event append(String type, JsonNode data, long ts) {
    return queue.add(type, data, ts);
  }

  @Override
  public List<Event> next(long afterV, int max) {
    return queue.getNextBatch(afterV, max);
  }

  @Override
  public Optional<Event> awaitNext(long afterV) {
    return queue.getNext(afterV, false);
  }

  @Override
  public void cancelWaits() {
    queue.cancelNext();
  }

  @Override
  public Optional<Event> get(long v) {
    return queue.get(v);
  }

  @Override
  public void store(Event event, Event queued) {
    boolean same = event.type().equals(queued.type()) && java.util.Objects.equals(event.data(), queued.data());
    queue.storeProcessed(event, !same);
  }

  @Override
  public long maxV() {
    return queue.getMaxV();
  }

  @Override
  public void knownV(long v) {
    queue.setKnownV(v);
  }
}
