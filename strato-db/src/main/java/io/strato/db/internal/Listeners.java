package io.strato.db.internal;

import io.strato.db.DBListener;
import io.strato.db.QueryEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered {@link DBListener}s; a listener that throws is logged and skipped. */
public final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
  private final List<DBListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * Adds a listener.
   *
   * @param l the listener
   * @return a handle whose {@code close()} removes it
   */
  public AutoCloseable add(DBListener l) {
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  /**
   * Whether any listener is registered (so callers can skip building events).
   *
   * @return true when at least one listener exists
   */
  public boolean any() {
    return !listeners.isEmpty();
  }

  /**
   * Reports a query.
   *
   * @param e the query event
   */
  public void call(QueryEvent e) {
    fire(l -> l.onCall(e));
  }

  /** Reports BEGIN. */
  public void begin() {
    fire(DBListener::onBegin);
  }

  /** Reports a rollback. */
  public void rollback() {
    fire(DBListener::onRollback);
  }

  /** Reports a commit. */
  public void end() {
    fire(DBListener::onEnd);
  }

  /**
   * Reports a retry of a busy {@code BEGIN IMMEDIATE}.
   *
   * @param attempt the attempt that found the lock held
   * @param pauseMillis the pause before the next attempt
   */
  public void busyRetry(int attempt, long pauseMillis) {
    fire(l -> l.onBusyRetry(attempt, pauseMillis));
  }

  /** Reports the end of a transaction, committed or not. */
  public void fin() {
    fire(DBListener::onFinally);
  }

  private void fire(Consumer<DBListener> f) {
    for (DBListener l : listeners) {
      try {
        f.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("DB listener {} failed; ignoring", l, e);
      }
    }
  }
}
