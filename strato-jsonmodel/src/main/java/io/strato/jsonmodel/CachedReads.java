package io.strato.jsonmodel;

import io.strato.jsonmodel.internal.BatchLoader;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The batching loader of one model ({@link JsonModel#getCached}): one {@link BatchLoader} per
 * model and column in each {@link LoaderCache}. Package-private: it uses the cache's
 * package-private loader map. Immutable and thread-safe.
 *
 * @param <T> the item type
 */
final class CachedReads<T> {
  private static final int MAX_BATCH = 100;

  private final Object owner;
  private final long windowNanos;
  private final BiFunction<List<Object>, String, List<T>> getAll;

  /**
   * Creates the loader part of a model.
   *
   * @param owner the model (part of the cache key)
   * @param windowNanos the batch window
   * @param getAll loads many values of a column, in order, null where missing
   */
  CachedReads(Object owner, long windowNanos, BiFunction<List<Object>, String, List<T>> getAll) {
    this.owner = owner;
    this.windowNanos = windowNanos;
    this.getAll = getAll;
  }

  T load(LoaderCache cache, Object value, String column) {
    return loader(cache, column).load(value);
  }

  void clear(LoaderCache cache) {
    cache.forEachLoader((k, l) -> {
      if (k instanceof LoaderKey lk && lk.model == owner) {
        ((BatchLoader<?>) l).clear();
      }
    });
  }

  void clear(LoaderCache cache, Object value, String column) {
    loader(cache, column).clear(value);
  }

  private BatchLoader<T> loader(LoaderCache cache, String column) {
    return cache.loader(new LoaderKey(owner, column),
        k -> new BatchLoader<T>(ids -> getAll.apply(ids, column), windowNanos, MAX_BATCH));
  }

  /** Identity of the model (models are not value objects) and the column. */
  private record LoaderKey(Object model, String column) {
    @Override
    public boolean equals(Object o) {
      return o instanceof LoaderKey k && k.model == model && k.column.equals(column);
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(model) * 31 + column.hashCode();
    }
  }
}
