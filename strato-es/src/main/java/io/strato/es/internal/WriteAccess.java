package io.strato.es.internal;

/**
 * The right to write an event-sourcing DB's models directly instead of through events. The
 * processing pipeline hands it to its own thread for apply and derive, and the state DB's
 * migration batch gets it through {@code DB.Builder.aroundMigrations}; every ESModel of the DB
 * asks this one object (through its dispatcher) before choosing between a direct write and an
 * event. The right belongs to the thread it was granted on (SPEC §5: another thread calling
 * {@code set} at the same moment still dispatches an event and never writes around the log).
 *
 * <p>Grants nest (a derive inside an apply, a sub-event's apply inside its parent's): the right
 * ends when the outermost grant is closed. Thread-safe.
 */
public final class WriteAccess {
  /** How deeply the current thread holds the right; absent = not at all. */
  private final ThreadLocal<int[]> depth = new ThreadLocal<>();

  /** A held right; closing it gives it back (once). */
  public final class Grant implements AutoCloseable {
    private boolean closed;

    private Grant() {}

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      int[] d = depth.get();
      if (d != null && --d[0] <= 0) {
        depth.remove();
      }
    }
  }

  /**
   * Gives the calling thread the right until the grant is closed.
   *
   * @return the grant, to close in a {@code finally} (try-with-resources)
   */
  public Grant grant() {
    int[] d = depth.get();
    if (d == null) {
      depth.set(new int[] {1});
    } else {
      d[0]++;
    }
    return new Grant();
  }

  /**
   * Whether the calling thread holds the right.
   *
   * @return true between {@link #grant()} and the close of the outermost grant, on its thread
   */
  public boolean heldByThisThread() {
    return depth.get() != null;
  }
}
