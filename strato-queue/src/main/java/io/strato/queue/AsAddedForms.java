package io.strato.queue;

import io.strato.queue.internal.EventReads;
import io.strato.queue.internal.EventWrites;
import java.util.List;

/**
 * The <em>as-added</em> forms of an {@link EventQueue}'s processed events: a processed event's
 * type and data before processing changed them, kept in its row (key {@code asAdded} of the
 * {@code json} column) beside the processed form.
 *
 * <p>Why: when the state a processing commits to lives in another file than the queue, the
 * processed event reaches the queue before the state commits. If that commit never comes (a
 * rollback, a crash), the event is processed again and must start from the event as it was
 * added, or a preprocessor that is not idempotent runs twice. Rows without the key read as
 * before; older versions and strato-db for JavaScript ignore it. Thread-safe: stateless.
 */
public final class AsAddedForms {
  private final EventReads reads;
  private final EventWrites writes;

  AsAddedForms(EventReads reads, EventWrites writes) {
    this.reads = reads;
    this.writes = writes;
  }

  /**
   * Stores a processed event like {@link EventQueue#storeProcessed(Event)} and keeps the event as
   * added beside it; a null {@code asAdded} keeps nothing (and drops a form kept earlier).
   *
   * @param event the processed event, with {@code v > 0} and a non-empty type
   * @param asAdded the event as it was added (same version, non-empty type), or null
   * @throws IllegalArgumentException when v is missing, a type is empty or the versions differ
   */
  public void store(Event event, Event asAdded) {
    writes.storeProcessed(event, asAdded);
  }

  /**
   * Like {@link EventQueue#getNextBatch(long, int)}, but an event above {@code asAddedAbove}
   * whose row keeps its as-added form comes back as added (nothing processed). Pass the state's
   * version: below it the processed form is the truth (replays read it), above it the processing
   * that stored it never committed.
   *
   * @param afterV the version already handled
   * @param max the most events to return, at least 1
   * @param asAddedAbove the version up to which stored processed forms count
   * @return the events (empty when none)
   * @throws IllegalArgumentException when max is below 1
   */
  public List<Event> nextBatch(long afterV, int max, long asAddedAbove) {
    return reads.after(afterV, max, asAddedAbove);
  }

  /**
   * Drops the forms of versions {@code fromV}..{@code toV} once the state that processed them
   * committed (a lost call costs only space: reads at or below the state's version ignore them).
   *
   * @param fromV the first version, at least 1
   * @param toV the last version, at least fromV
   * @return how many rows changed
   * @throws IllegalArgumentException for a bad range
   */
  public long drop(long fromV, long toV) {
    return writes.dropAsAdded(fromV, toV);
  }
}
