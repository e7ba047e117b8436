package io.strato.queue.internal;

import io.strato.db.DB;
import io.strato.db.StratoException;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Waiting for the next event: checks the head, reads the event through the read path, and
 * otherwise sleeps on the {@link AddSignal} (no spinning) for at most one poll interval at a
 * time, so events added by other processes are noticed within that interval. Thread-safe:
 * immutable.
 */
public final class NextWait {
  private final DB db;
  private final String label;
  private final AddSignal signal;
  private final HeadCache head;
  private final EventReads reads;
  private final long pollNanos;

  /**
   * The waits of one queue.
   *
   * @param db the queue's DB
   * @param queue the queue's name, for messages
   * @param signal woken by committed writes and by cancels
   * @param head the head version
   * @param reads the read path
   * @param pollInterval the longest sleep before looking at the table again
   */
  public NextWait(DB db, String queue, AddSignal signal, HeadCache head, EventReads reads, Duration pollInterval) {
    this.db = db;
    this.label = "EventQueue '" + queue + "'";
    this.signal = signal;
    this.head = head;
    this.reads = reads;
    this.pollNanos = pollInterval.toNanos();
  }

  /**
   * The first event above afterV, waiting at most timeoutNanos for it.
   *
   * @param afterV the version already handled
   * @param timeoutNanos 0 for no wait, {@code Long.MAX_VALUE} for no limit
   * @return the event, or empty when none came in time or the wait was cancelled
   * @throws StratoException when interrupted, or when it would have to wait inside a transaction
   */
  public Optional<Event> next(long afterV, long timeoutNanos) {
    boolean noWait = timeoutNanos <= 0;
    long deadline = noWait || timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
    AddSignal.Mark start = signal.mark();
    boolean polled = false;
    while (true) {
      AddSignal.Mark mark = signal.mark();
      if (signal.cancelledSince(start)) {
        return Optional.empty();
      }
      // After a poll timeout, look at the table itself instead of trusting the cached MAX(v):
      // writes that bypass the queue on an in-memory DB do not change its data version.
      if (polled || afterV < head.get()) {
        List<Event> next = reads.after(afterV, 1);
        if (!next.isEmpty()) {
          return Optional.of(next.get(0));
        }
      }
      long left = deadline - System.nanoTime();
      if (noWait || left <= 0) {
        return Optional.empty();
      }
      AddSignal.Result r = await(mark, Math.min(pollNanos, left));
      if (r == AddSignal.Result.CANCELLED) {
        return Optional.empty();
      }
      polled = r == AddSignal.Result.TIMEOUT;
    }
  }

  private AddSignal.Result await(AddSignal.Mark mark, long nanos) {
    if (db.inTransaction()) {
      throw new StratoException(label + ": getNext cannot wait inside a transaction"
          + " (no other writer can add an event until it ends); use noWait");
    }
    try {
      return signal.await(mark, nanos);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new StratoException(label + ": interrupted while waiting for events", ie);
    }
  }
}
