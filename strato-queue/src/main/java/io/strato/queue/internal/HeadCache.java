package io.strato.queue.internal;

import io.strato.db.DB;
import io.strato.db.DBListener;

/**
 * The queue's head version ({@code MAX(v)}), cached per {@link DB#dataVersion()} and told of
 * every write through the queue, so it never answers below what this process wrote.
 *
 * <p>Writes made inside a transaction are pending until the commit: the writing thread sees
 * them at once; other threads, and waiters on the {@link AddSignal}, only after the commit, when
 * the head is re-read (so an add undone by a rolled-back savepoint is not counted). A rollback
 * forgets them. A generation counter keeps a query that raced with an invalidation
 * from storing its stale answer.
 *
 * <p>Thread-safe.
 */
public final class HeadCache {
  /** What the current thread's open transaction wrote through the queue. */
  private static final class Pending {
    long maxAdded;
    boolean rewrote;
  }

  private final DB db;
  private final String maxSql;
  private final AddSignal signal;
  private final ThreadLocal<Pending> pending = new ThreadLocal<>();
  // Guarded by this. cachedMax is the committed MAX(v) as of data version cachedDv (-1 =
  // unknown); generation changes whenever the cache is invalidated or raised.
  private long cachedMax = -1;
  private long cachedDv;
  private long generation;
  private long knownV;

  /**
   * The cache of one queue table; listens to the DB's transactions.
   *
   * @param db the queue's DB
   * @param maxSql the query of the highest version, returning column {@code v}
   * @param signal woken when committed writes may have added versions
   */
  public HeadCache(DB db, String maxSql, AddSignal signal) {
    this.db = db;
    this.maxSql = maxSql;
    this.signal = signal;
    db.addListener(new DBListener() {
      @Override
      public void onEnd() {
        Pending p = pending.get();
        if (p != null) {
          pending.remove();
          committed(p);
        }
      }

      @Override
      public void onRollback() {
        if (pending.get() != null) {
          pending.remove();
          invalidate();
        }
      }

      @Override
      public void onFinally() {
        pending.remove();
      }
    });
  }

  private void committed(Pending p) {
    // Re-read at the next get() rather than trusting p.maxAdded: an add inside a savepoint that
    // rolled back (the transaction itself committed) is gone, and the DB tells no listener of
    // savepoint rollbacks. One indexed MAX(v) per committed transaction that wrote the queue.
    invalidate();
    signal.added();
  }

  /**
   * The highest version, never below {@link #knownV(long)} nor below this thread's pending
   * adds.
   *
   * @return the head, 0 for an empty table
   */
  public long get() {
    boolean inTx = db.inTransaction();
    Pending p = inTx ? pending.get() : null;
    long own = p == null ? 0 : p.maxAdded;
    long dv = db.dataVersion();
    long gen;
    synchronized (this) {
      if (cachedMax >= 0 && dv == cachedDv && (p == null || !p.rewrote)) {
        return Math.max(Math.max(cachedMax, knownV), own);
      }
      gen = generation;
    }
    Long max = db.prepare(maxSql).get().map(r -> r.getLong("v")).orElse(null);
    long m = max == null ? 0 : max;
    synchronized (this) {
      // Inside a transaction the query also sees its uncommitted rows: use the answer but do
      // not cache it.
      if (!inTx && gen == generation) {
        cachedMax = Math.max(cachedMax, m);
        cachedDv = dv;
        m = cachedMax;
      }
      return Math.max(Math.max(m, knownV), own);
    }
  }

  /**
   * An event was appended with version v: known at once outside a transaction, at its commit
   * inside one.
   *
   * @param v the new version
   */
  public void added(long v) {
    Pending p = db.inTransaction() ? pendingOfThisThread() : null;
    if (p != null) {
      p.maxAdded = Math.max(p.maxAdded, v);
    } else {
      raise(v);
      signal.added();
    }
  }

  /**
   * Rows were replaced or deleted: any version may have appeared or gone, so the head is
   * re-read (at the commit, inside a transaction) and waiters look again.
   */
  public void rewritten() {
    Pending p = db.inTransaction() ? pendingOfThisThread() : null;
    if (p != null) {
      p.rewrote = true;
    }
    invalidate();
    if (p == null) {
      signal.added();
    }
  }

  private Pending pendingOfThisThread() {
    Pending p = pending.get();
    if (p == null) {
      p = new Pending();
      pending.set(p);
    }
    return p;
  }

  /**
   * Raises the floor of {@link #get()}.
   *
   * @param v a version known to be used
   */
  public synchronized void knownV(long v) {
    knownV = Math.max(knownV, v);
  }

  /**
   * A committed add: the cache (when valid) now knows v. The generation moves too, so a query
   * that ran before this add cannot store its older answer afterwards.
   */
  private synchronized void raise(long v) {
    generation++;
    if (cachedMax >= 0 && v > cachedMax) {
      cachedMax = v;
    }
  }

  private synchronized void invalidate() {
    cachedMax = -1;
    generation++;
  }
}
