package io.strato.es.internal.processing;

import io.strato.queue.Event;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * What the thread processing a main event is doing: the attempt's token (ESModel's id counter
 * restarts with it), the transactor's dispatch while one runs, and the first exception the
 * attempt failed with. {@code EventSourcingDB} and {@code ESModel} ask it whether a call comes
 * from inside processing.
 */
public final class ProcessingThread {
  private static final AtomicLong TOKENS = new AtomicLong();

  /** The state of one attempt at a main event. */
  static final class Attempt {
    final long token = TOKENS.incrementAndGet();
    /** Set while a transactor runs: where ESModel writes and es.dispatch go (a sub-event now). */
    BiFunction<String, Object, Event> txDispatch;
    /** The first exception of this attempt (the innermost, for a failed sub-event). */
    Throwable cause;
  }

  private final ThreadLocal<Attempt> current = new ThreadLocal<>();

  Attempt begin() {
    Attempt a = new Attempt();
    current.set(a);
    return a;
  }

  void end() {
    current.remove();
  }

  Attempt attempt() {
    return current.get();
  }

  /** Remembers the first exception of this attempt, for {@code EventFailedException.getCause()}. */
  void causeOnce(Throwable t) {
    Attempt a = current.get();
    if (a != null && a.cause == null) {
      a.cause = t;
    }
  }

  /**
   * Whether the calling thread is processing an event right now.
   *
   * @return true inside a phase
   */
  public boolean isProcessing() {
    return current.get() != null;
  }

  /**
   * A number unique to the processing attempt of the current main event on this thread.
   *
   * @return the token, or -1 outside processing
   */
  public long token() {
    Attempt a = current.get();
    return a == null ? -1 : a.token;
  }

  /**
   * Whether the calling thread is inside a transactor, where dispatching runs a sub-event now.
   *
   * @return true inside transact
   */
  public boolean inTransact() {
    Attempt a = current.get();
    return a != null && a.txDispatch != null;
  }

  /**
   * Runs a sub-event now, from inside a transactor.
   *
   * @param type the event type
   * @param data the payload
   * @return the processed sub-event
   * @throws IllegalStateException outside a transactor
   */
  public Event dispatchInTransact(String type, Object data) {
    Attempt a = current.get();
    if (a == null || a.txDispatch == null) {
      throw new IllegalStateException("dispatch is only available in transact");
    }
    return a.txDispatch.apply(type, data);
  }
}
