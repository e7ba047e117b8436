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
}
