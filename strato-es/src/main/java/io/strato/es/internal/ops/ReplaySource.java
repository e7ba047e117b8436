package io.strato.es.internal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.es.log.EventLog;
import io.strato.es.log.ProcessedRecords;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The event log a replica replays from: the live history, read in place up to a bound, and
 * processed records that are not kept. Why: copying every event into the replica's own history
 * table and storing every result there again made a rebuild cost three times the live
 * processing; reading the live log directly leaves only the models' own writes. Skip marks come
 * with the live events, so the pipeline honours them. Thread-safe for one replica.
 */
final class ReplaySource implements EventLog, ProcessedRecords {
  private final EventLog live;
  private volatile long upTo;

  ReplaySource(EventLog live) {
    this.live = live;
  }

  /** Lets the replica see events up to {@code v} (inclusive), no further. */
  void upTo(long v) {
    upTo = v;
  }

  @Override
  public Event append(String type, JsonNode data, long ts) {
    throw new UnsupportedOperationException("a replay adds no events to the history it replays");
  }

  @Override
  public List<Event> read(long afterV, int max) {
    long bound = upTo;
    if (afterV >= bound) {
      return List.of();
    }
    List<Event> page = live.read(afterV, (int) Math.min(max, bound - afterV));
    int n = 0;
    while (n < page.size() && page.get(n).v() <= bound) {
      n++;
    }
    return n == page.size() ? page : page.subList(0, n);
  }

  @Override
  public Optional<Event> get(long v) {
    return v > upTo ? Optional.empty() : live.get(v);
  }

  @Override
  public Optional<Event> awaitNext(long afterV, Duration timeout) {
    List<Event> next = read(afterV, 1);
    return next.isEmpty() ? Optional.empty() : Optional.of(next.get(0));
  }

  @Override
  public void wake() {
    // nobody waits on a replay
  }

  @Override
  public long head() {
    return Math.min(upTo, live.head());
  }

  @Override
  public void store(Event processed, Event queued) {
    // the replica keeps only the models' state; the live history keeps the records
  }

  @Override
  public String toString() {
    return "replay of " + live;
  }
}
