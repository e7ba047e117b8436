package io.strato.jsonmodel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One result of {@link JsonModel#searchHits}: the item with what the full-text search found
 * about it.
 *
 * <pre>{@code
 * Page<Hit<Doc>> page = docs.searchHits(Map.of("body", "quick fox"),
 *     options().sortByRank("body", 1).snippet("body").limit(10));
 * for (Hit<Doc> h : page.items()) {
 *   results.add(new SearchResult(h.item().title(), h.snippets().get("body")));   // e.g. for a web page
 * }
 * }</pre>
 *
 * @param item the item, as {@link JsonModel#search} returns it
 * @param ranks per searched full-text column, its {@code bm25} score: lower is more relevant
 *     (FTS5's convention; scores are negative)
 * @param snippets per column asked for with {@link SearchOptions#snippet(String)}, the
 *     highlighted snippet (null values are left out)
 * @param <T> the item type
 */
public record Hit<T>(T item, Map<String, Double> ranks, Map<String, String> snippets) {
  /**
   * Creates a hit; the maps are copied.
   *
   * @param item the item
   * @param ranks the scores
   * @param snippets the snippets
   */
  public Hit {
    ranks = Collections.unmodifiableMap(new LinkedHashMap<>(ranks));
    snippets = Collections.unmodifiableMap(new LinkedHashMap<>(snippets));
  }
}
