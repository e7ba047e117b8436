package io.strato.db;

/**
 * Observes a {@link DB}: transaction boundaries and every query (prepared ones included).
 *
 * <p>Register with {@link DB#addListener(DBListener)}; closing the returned handle
 * unregisters. Listeners run on the thread doing the work, so keep them fast; an exception
 * thrown by a listener is logged and ignored.
 */
public interface DBListener {
  /** A transaction began (after {@code BEGIN IMMEDIATE} succeeded). */
  default void onBegin() {}

  /** A transaction was rolled back. */
  default void onRollback() {}

  /** A transaction committed. */
  default void onEnd() {}

  /** A transaction finished, committed or not. */
  default void onFinally() {}

  /**
   * A query ran.
   *
   * @param call the SQL, parameters, duration and error (null on success)
   */
  default void onCall(QueryEvent call) {}

  /**
   * {@code BEGIN IMMEDIATE} found the write lock held by another connection or process
   * ({@code SQLITE_BUSY}) and will try again after a randomised pause. Called once per retry, on
   * the waiting thread, before it sleeps. When the busy timeout runs out no retry follows: the
   * transaction fails with a {@link DBException} ({@code SQLITE_BUSY}) and no {@link #onBegin}.
   *
   * @param attempt the attempt that found the lock held (1 for the first)
   * @param pauseMillis how long the thread sleeps before the next attempt
   */
  default void onBusyRetry(int attempt, long pauseMillis) {}
}
