package io.strato.jsonmodel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A document model as code uses it: look documents up, search them, write them, whichever
 * model stores them. {@link JsonModel} implements it, and so does every model built on it: an
 * event-sourced {@code ESModel} reads exactly like the JsonModel it replaces, and its writes
 * go through events, so a service written against {@code DocumentModel<User>} works with
 * either.
 *
 * <pre>{@code
 * User promote(DocumentModel<User> users, String id) {
 *   users.update(Map.of("id", id, "role", "admin"), WriteOptions.defaults());
 *   return users.get(id).orElseThrow();
 * }
 * }</pre>
 *
 * <p>Attributes map column names to searched values: AND-ed, null values ignored, an unknown
 * column is an {@link IllegalArgumentException} ("Unknown column x"); how a value matches is
 * the column's {@link MatchMode}. Implementations are thread-safe.
 *
 * @param <T> the item type
 */
public interface DocumentModel<T> {
  /**
   * The model (and table) name.
   *
   * @return the name
   */
  String name();

  /**
   * The id column's name.
   *
   * @return the name
   */
  String idCol();

  /**
   * The item with this id.
   *
   * @param id the id
   * @return the item, or empty when missing
   * @throws IllegalArgumentException when id is null
   */
  Optional<T> get(Object id);

  /**
   * The first item whose column has this value.
   *
   * @param value the value
   * @param column a column name
   * @return the item, or empty when none
   * @throws IllegalArgumentException for a null value or an unknown column
   */
  Optional<T> get(Object value, String column);

  /**
   * The items with these ids; see {@link #getAll(Collection, String)}.
   *
   * @param ids the ids
   * @return the items, null where missing
   * @throws IllegalArgumentException when ids is null
   */
  default List<T> getAll(Collection<?> ids) {
    return getAll(ids, idCol());
  }

  /**
   * For each value, the first item whose column has it, in the same order, null where none;
   * one query, not one per value.
   *
   * @param values the values
   * @param column a column name
   * @return the items (a mutable list that may hold nulls)
   * @throws IllegalArgumentException when values is null or the column unknown
   */
  List<T> getAll(Collection<?> values, String column);

  /**
   * The item with this id through a per-request cache; see
   * {@link #getCached(LoaderCache, Object, String)}.
   *
   * @param cache the per-request cache
   * @param id the id
   * @return the item, or null when missing
   * @throws IllegalArgumentException when cache or id is null
   */
  default T getCached(LoaderCache cache, Object id) {
    return getCached(cache, id, idCol());
  }

  /**
   * The first item whose column has this value, batched with concurrent lookups in the same
   * cache (DataLoader style: lookups within the batch window, or while the previous batch
   * loads, become one {@link #getAll(Collection, String)} of at most 100 values) and memoised.
   *
   * @param cache the per-request cache
   * @param value the value
   * @param column a column name
   * @return the item, or null when none
   * @throws IllegalArgumentException when cache or value is null, or the column unknown
   */
  T getCached(LoaderCache cache, Object value, String column);

  /**
   * Forgets everything this model memoised in the cache.
   *
   * @param cache the cache
   * @throws IllegalArgumentException when cache is null
   */
  void clearCache(LoaderCache cache);

  /**
   * Forgets one id this model memoised in the cache (looked up by id).
   *
   * @param cache the cache
   * @param id the id
   * @throws IllegalArgumentException when cache or id is null
   */
  void clearCache(LoaderCache cache, Object id);

  /**
   * Searches. With a limit, the page carries a cursor when more rows follow and a prevCursor
   * when rows precede it; passing either to {@link SearchOptions#cursor(String)} with the same
   * attributes and sort continues exactly there. {@code total} counts every match unless
   * {@code noTotal}/{@code noCursor}.
   *
   * @param attrs column name → value; may be null
   * @param options the options; may be null
   * @return the page
   * @throws IllegalArgumentException for unknown columns, wrong value types, a bad cursor or a
   *     malformed full-text query
   */
  Page<T> search(Map<String, ?> attrs, SearchOptions options);

  /**
   * Searches like {@link #search}, each item with the {@code bm25} score of every searched
   * full-text column and the snippets asked for with {@link SearchOptions#snippet(String)}.
   *
   * @param attrs the attributes (usually with a full-text query); may be null
   * @param options the options; may be null (not changed)
   * @return the page of hits
   * @throws IllegalArgumentException as {@link #search}, and for a snippet or rank of a column
   *     that is not full-text or not searched
   */
  Page<Hit<T>> searchHits(Map<String, ?> attrs, SearchOptions options);

  /**
   * The first match; see {@link #searchOne(Map, SearchOptions)}.
   *
   * @param attrs the attributes; may be null
   * @return the item or empty
   */
  default Optional<T> searchOne(Map<String, ?> attrs) {
    return searchOne(attrs, null);
  }

  /**
   * The first match (limit 1, no cursor, no total).
   *
   * @param attrs the attributes; may be null
   * @param options the options; may be null (not changed)
   * @return the item or empty
   */
  Optional<T> searchOne(Map<String, ?> attrs, SearchOptions options);

  /**
   * All matches; see {@link #searchAll(Map, SearchOptions)}.
   *
   * @param attrs the attributes; may be null
   * @return the items
   */
  default List<T> searchAll(Map<String, ?> attrs) {
    return searchAll(attrs, null);
  }

  /**
   * All matches (within the options' limit), without cursors or total.
   *
   * @param attrs the attributes; may be null
   * @param options the options; may be null (not changed)
   * @return the items
   */
  List<T> searchAll(Map<String, ?> attrs, SearchOptions options);

  /**
   * Every item (use {@link #each} for big tables).
   *
   * @return the items
   */
  default List<T> all() {
    return searchAll(null, null);
  }

  /**
   * Calls fn for every match, reading in cursor-paged batches (the options' limit, or 500) so
   * the whole result is never in memory. The sort is kept (the id breaks ties); an offset
   * applies once, to the first batch.
   *
   * @param attrs the attributes; may be null
   * @param options the options; may be null (not changed)
   * @param fn called once per item, in sort order
   * @throws IllegalArgumentException when fn is null
   */
  void each(Map<String, ?> attrs, SearchOptions options, Consumer<T> fn);

  /**
   * Whether an item with this id exists.
   *
   * @param id the id
   * @return true when it exists
   * @throws IllegalArgumentException when id is null
   */
  boolean exists(Object id);

  /**
   * Whether any item matches (stops at the first match).
   *
   * @param attrs the attributes; may be null
   * @param options the options (where/join); may be null
   * @return true when one matches
   */
  boolean exists(Map<String, ?> attrs, SearchOptions options);

  /**
   * The number of matches; see {@link #count(Map, SearchOptions)}.
   *
   * @param attrs the attributes; may be null
   * @return the count
   */
  default long count(Map<String, ?> attrs) {
    return count(attrs, null);
  }

  /**
   * The number of matches.
   *
   * @param attrs the attributes; may be null
   * @param options the options (where/join; with distinct, distinct selected rows); may be null
   * @return the count
   */
  long count(Map<String, ?> attrs, SearchOptions options);

  /**
   * An SQL aggregate function over a column among matches. Text, JSON and virtual columns
   * compare as numbers ({@code CAST(… AS NUMERIC)}).
   *
   * @param sqlFunction the function name, e.g. {@code MAX} (letters, digits, underscores)
   * @param column the column, or null for {@code *}
   * @param attrs the attributes; may be null
   * @param options the options (where/join); may be null
   * @return the numeric result (Long or Double), or null when nothing matches
   * @throws IllegalArgumentException for an invalid function name, an unknown column or a
   *     non-numeric result
   */
  Number numAggOp(String sqlFunction, String column, Map<String, ?> attrs, SearchOptions options);

  /**
   * The largest value of a column among matches; see {@link #numAggOp}.
   *
   * @param column the column
   * @param attrs the attributes; may be null
   * @param options the options; may be null
   * @return the value, or null when nothing matches
   * @throws IllegalArgumentException for a null or unknown column
   */
  default Number max(String column, Map<String, ?> attrs, SearchOptions options) {
    return numAggOp("MAX", requireColumn(column), attrs, options);
  }

  /**
   * The smallest value of a column among matches; see {@link #numAggOp}.
   *
   * @param column the column
   * @param attrs the attributes; may be null
   * @param options the options; may be null
   * @return the value, or null when nothing matches
   * @throws IllegalArgumentException for a null or unknown column
   */
  default Number min(String column, Map<String, ?> attrs, SearchOptions options) {
    return numAggOp("MIN", requireColumn(column), attrs, options);
  }

  /**
   * The sum of a column among matches; see {@link #numAggOp}.
   *
   * @param column the column
   * @param attrs the attributes; may be null
   * @param options the options; may be null
   * @return the sum, or null when nothing matches
   * @throws IllegalArgumentException for a null or unknown column
   */
  default Number sum(String column, Map<String, ?> attrs, SearchOptions options) {
    return numAggOp("SUM", requireColumn(column), attrs, options);
  }

  /**
   * The average of a column among matches; see {@link #numAggOp}.
   *
   * @param column the column
   * @param attrs the attributes; may be null
   * @param options the options; may be null
   * @return the average, or null when nothing matches
   * @throws IllegalArgumentException for a null or unknown column
   */
  default Number avg(String column, Map<String, ?> attrs, SearchOptions options) {
    return numAggOp("AVG", requireColumn(column), attrs, options);
  }

  /**
   * Inserts or replaces the whole object; see {@link #set(Object, WriteOptions)}.
   *
   * @param obj the item
   * @return the item as {@link #get(Object)} would return it
   */
  default T set(T obj) {
    return set(obj, WriteOptions.defaults());
  }

  /**
   * Inserts or replaces the whole object: fills in a missing id, computes column values, and
   * stores it.
   *
   * @param obj the item
   * @param options {@link WriteOptions#insertOnly()} and/or {@link WriteOptions#noReturn()}
   * @return the item as {@link #get(Object)} would return it, or null with noReturn
   * @throws IllegalArgumentException for a null item or options, upsert options, a value that
   *     does not fit its column, or a missing required value
   * @throws io.strato.db.StratoException when insertOnly and the id exists, or a unique index
   *     is violated
   */
  T set(T obj, WriteOptions options);

  /**
   * Shallow-merges changes into the stored object; see {@link #update(Map, WriteOptions)}.
   *
   * @param changes the changes, including the id
   * @return the updated item
   */
  default T update(Map<String, ?> changes) {
    return update(changes, WriteOptions.defaults());
  }

  /**
   * Shallow-merges changes (top-level keys; a null value deletes the key) into the stored
   * object, atomically.
   *
   * @param changes the changes, including the id
   * @param options {@link WriteOptions#upsert()} and/or {@link WriteOptions#noReturn()}
   * @return the updated item, or null with noReturn
   * @throws IllegalArgumentException when changes or options are null, options are insertOnly,
   *     or the id is missing and not upsert (an upsert without an id inserts a new object)
   * @throws io.strato.db.StratoException when the object is missing and not upsert
   */
  T update(Map<String, ?> changes, WriteOptions options);

  /**
   * Deletes the item with this id (or the id of this item); no error when missing.
   *
   * @param idOrObj an id, or an item
   * @throws IllegalArgumentException when null or the item has no id
   */
  void remove(Object idOrObj);

  private String requireColumn(String column) {
    if (column == null) {
      throw new IllegalArgumentException("JsonModel '" + name() + "': a column name is required");
    }
    return column;
  }
}
