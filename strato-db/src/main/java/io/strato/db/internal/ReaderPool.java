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
    boolean wrote;

    Lease(Conn conn, int generation) {
      this.conn = conn;
      this.generation = generation;
    }
  }

  private static final long WAIT_SLICE_MILLIS = 20;
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
   * @return the connection, or null when none became free in time
   * @throws InterruptedException when interrupted while waiting
   */
  Conn lease(long waitMillis) throws InterruptedException {
    Lease l = current.get();
    if (l != null) {
      l.depth++;
      return l.conn;
    }
    // Read the generation before taking a connection: when close() runs meanwhile, the
    // connection is retired on release instead of outliving the close.
    int gen = generation;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    Conn c;
    while ((c = idle.poll()) == null) {
      c = tryCreate();
      if (c != null) {
        break;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      // Wake up now and then: a reader retired after close() frees a slot without coming
      // back to the idle queue, so waiting on the queue alone could miss it.
      c = idle.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(WAIT_SLICE_MILLIS)), TimeUnit.NANOSECONDS);
      if (c != null) {
        break;
      }
    }
    l = new Lease(c, gen);
    l.depth = 1;
    current.set(l);
    return c;
  }

  /** A new connection when the pool is below its maximum, else null. */
  private Conn tryCreate() {
    synchronized (this) {
      if (created >= max) {
        return null;
      }
      created++;
    }
    try {
      return factory.get();
    } catch (RuntimeException e) {
      synchronized (this) {
        created--;
      }
      throw e;
    }
  }

  /**
   * Notes that the calling thread wrote through the writer connection. When it holds a reader
   * (a read still running, e.g. an {@code each} whose callback writes), that reader's snapshot
   * predates the write, so {@link #wroteDuringLease()} tells callers to read from the writer.
   */
  void markWrite() {
    Lease l = current.get();
    if (l != null) {
      l.wrote = true;
    }
  }

  /**
   * Whether the calling thread holds a reader and wrote since it leased it.
   *
   * @return true when the held reader's snapshot may miss the thread's own writes
   */
  boolean wroteDuringLease() {
    Lease l = current.get();
    return l != null && l.wrote;
  }

  /** Returns the calling thread's reader (after its outermost use). */
  void release() {
    Lease l = current.get();
    if (l == null || --l.depth > 0) {
      return;
    }
    // set(null), not remove(): the thread's entry stays, so the next lease's get/set just
    // update it; remove() made every read expunge and re-insert the entry (a measurable part
    // of a short query). The entry holds no connection once released.
    current.set(null);
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
