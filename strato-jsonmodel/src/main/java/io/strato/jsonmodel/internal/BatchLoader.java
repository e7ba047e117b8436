package io.strato.jsonmodel.internal;

import io.strato.db.StratoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * DataLoader-style batching and memoisation of lookups by one column of one model, for one
 * {@code LoaderCache}. The first lookup that finds no open batch opens one and leads it: it
 * waits for the batch window (or until the batch is full, or until the previous batch has
 * loaded), then loads every key that joined with one {@code getAll}. Thread-safe.
 *
 * @param <T> the item type
 */
public final class BatchLoader<T> {
  private final Function<List<Object>, List<T>> loadMany;
  private final long windowNanos;
  private final int maxBatch;
  private final Map<Object, CompletableFuture<T>> memo = new ConcurrentHashMap<>();
  private Batch<T> open;
  private CompletableFuture<Void> loading = CompletableFuture.completedFuture(null);

  private static final class Batch<T> {
    final List<Object> ids = new ArrayList<>();
    final List<Object> keys = new ArrayList<>();
    final List<CompletableFuture<T>> futures = new ArrayList<>();
    final CountDownLatch full = new CountDownLatch(1);
    final CompletableFuture<Void> done = new CompletableFuture<>();
  }

  /**
   * Creates a loader.
   *
   * @param loadMany loads items for ids, in id order, null where missing
   * @param windowNanos how long a batch stays open
   * @param maxBatch the most ids per load
   */
  public BatchLoader(Function<List<Object>, List<T>> loadMany, long windowNanos, int maxBatch) {
    this.loadMany = loadMany;
    this.windowNanos = windowNanos;
    this.maxBatch = maxBatch;
  }

  /**
   * The item for an id, from the memo or loaded in a batch.
   *
   * @param id the id (or column value)
   * @return the item, or null when missing
   */
  public T load(Object id) {
    Object key = Values.key(id);
    CompletableFuture<T> f = memo.get(key);
    if (f == null) {
      Batch<T> lead = null;
      synchronized (this) {
        f = memo.get(key);
        if (f == null) {
          f = new CompletableFuture<>();
          memo.put(key, f);
          if (open == null) {
            open = new Batch<>();
            lead = open;
          }
          Batch<T> b = open;
          b.ids.add(id);
          b.keys.add(key);
          b.futures.add(f);
          if (b.ids.size() >= maxBatch) {
            open = null;
            b.full.countDown();
          }
        }
      }
      if (lead != null) {
        run(lead);
      }
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new StratoException("batched load failed: " + c, c);
    }
  }

  private void run(Batch<T> b) {
    try {
      b.full.await(windowNanos, TimeUnit.NANOSECONDS);
      CompletableFuture<Void> previous;
      synchronized (this) {
        previous = loading;
      }
      previous.handle((r, t) -> null).join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (open == b) {
        open = null;
      }
      loading = b.done;
    }
    try {
      List<T> items = loadMany.apply(b.ids);
      for (int i = 0; i < b.futures.size(); i++) {
        b.futures.get(i).complete(items.get(i));
      }
    } catch (Throwable t) {
      for (int i = 0; i < b.futures.size(); i++) {
        memo.remove(b.keys.get(i), b.futures.get(i));
        b.futures.get(i).completeExceptionally(t);
      }
    } finally {
      b.done.complete(null);
    }
  }

  /** Forgets every memoised item. */
  public void clear() {
    memo.clear();
  }

  /**
   * Forgets one memoised item.
   *
   * @param id the id
   */
  public void clear(Object id) {
    memo.remove(Values.key(id));
  }
}
