package io.strato.db.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A small pool of read connections. A thread that already holds a reader reuses it for
 * nested reads (for example a query inside an {@code each} callback), so nesting never waits
 * on the pool.
 *
 * <p>Thread-safe. {@link #close()} closes idle connections at once and leased ones when
 * they come back, so a reader that outlives a close never returns to a new generation.
 */
final class ReaderPool {
  private static final class Lease {
    final Conn conn;
    final int generation;
    int depth;

    Lease(Conn conn, int generation) {
      this.conn = conn;
      this.generation = generation;
    }
  }

  private final int max;
  private final Supplier<Conn> factory;
  private final BlockingQueue<Conn> idle;
  private final ThreadLocal<Lease> current = new ThreadLocal<>();
  private int created;
  private volatile int generation;

  ReaderPool(int max, Supplier<Conn> factory) {
    this.max = max;
    this.factory = factory;
    this.idle = new ArrayBlockingQueue<>(max);
  }

  /**
   * Leases a reader for the calling thread; pair with {@link #release()}.
   *
   * @param waitMillis how long to wait for a free reader
   * @return the connection
   */
  Conn lease(long waitMillis) throws InterruptedException {
    Lease l = current.get();
    if (l != null) {
      l.depth++;
      return l.conn;
    }
    Conn c = idle.poll();
    if (c == null) {
      boolean create;
      synchronized (this) {
        create = created < max;
        if (create) {
          created++;
        }
      }
      if (create) {
        try {
          c = factory.get();
        } catch (RuntimeException e) {
          synchronized (this) {
            created--;
          }
          throw e;
        }
      } else {
        c = idle.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (c == null) {
          return null;
        }
      }
    }
    l = new Lease(c, generation);
    l.depth = 1;
    current.set(l);
    return c;
  }

  /** Returns the calling thread's reader (after its outermost use). */
  void release() {
    Lease l = current.get();
    if (l == null || --l.depth > 0) {
      return;
    }
    current.remove();
    if (l.generation != generation || !idle.offer(l.conn)) {
      l.conn.close();
      synchronized (this) {
        created--;
      }
    }
  }

  /** Closes idle readers; leased ones are closed when released. */
  void close() {
    synchronized (this) {
      generation++;
      Conn c;
      while ((c = idle.poll()) != null) {
        c.close();
        created--;
      }
    }
  }
}
