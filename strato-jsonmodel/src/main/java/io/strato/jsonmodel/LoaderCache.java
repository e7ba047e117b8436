package io.strato.jsonmodel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A per-request cache for {@link JsonModel#getCached}: it batches concurrent lookups into one
 * query and remembers what was loaded. Create one per request or unit of work and drop it
 * afterwards; do not share one globally (it never expires entries). Thread-safe: lookups from
 * several threads of the same request batch together.
 *
 * <pre>{@code
 * LoaderCache cache = new LoaderCache();
 * User a = users.getCached(cache, "u1");   // loaded (together with concurrent lookups)
 * User b = users.getCached(cache, "u1");   // from the cache
 * }</pre>
 */
public final class LoaderCache {
  private final Map<Object, Object> loaders = new ConcurrentHashMap<>();

  /** Creates an empty cache. */
  public LoaderCache() {}

  @SuppressWarnings("unchecked")
  <L> L loader(Object key, Function<Object, L> create) {
    return (L) loaders.computeIfAbsent(key, create);
  }

  void forEachLoader(java.util.function.BiConsumer<Object, Object> fn) {
    loaders.forEach(fn);
  }
}
