package io.strato.es.internal.processing;

import io.strato.db.DB;
import io.strato.es.EventFailedException;
import io.strato.queue.Event;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The {@code dispatch} a transactor gets: runs a sub-event now, in its own savepoint, so a
 * failed sub-event leaves nothing behind even when the transactor catches the exception.
 * While the sub-event's phases run, dispatching is switched off on this thread (only its own
 * transact may dispatch again). Made by {@link EventPipeline} for each transactor call.
 */
final class TransactDispatch implements BiFunction<String, Object, Event> {
  private final ProcessingThread thread;
  private final DB db;
  private final List<Event> subs;
  private final BiFunction<String, Object, Event> handleSub;

  /**
   * A dispatch for one transactor call.
   *
   * @param thread the processing thread's state
   * @param db the state DB (for the savepoint)
   * @param subs where the parent collects its processed sub-events
   * @param handleSub runs a sub-event through the pipeline
   */
  TransactDispatch(ProcessingThread thread, DB db, List<Event> subs, BiFunction<String, Object, Event> handleSub) {
    this.thread = thread;
    this.db = db;
    this.subs = subs;
    this.handleSub = handleSub;
  }

  @Override
  public Event apply(String type, Object data) {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("dispatch in transact: event type must be a non-empty string");
    }
    ProcessingThread.Attempt attempt = thread.attempt();
    BiFunction<String, Object, Event> outer = attempt.txDispatch;
    attempt.txDispatch = null; // the sub-event's own phases may not dispatch (except its transact)
    Event sub;
    try {
      sub = Savepoints.run(db, () -> handleSub.apply(type, data));
    } finally {
      attempt.txDispatch = outer;
    }
    subs.add(sub);
    if (sub.failed()) {
      throw new EventFailedException(sub);
    }
    return sub;
  }
}
