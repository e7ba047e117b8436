package io.strato.jsonmodel.internal;

import io.strato.db.DB;
import io.strato.db.DBException;
import io.strato.db.Row;
import io.strato.jsonmodel.Hit;
import io.strato.jsonmodel.Page;
import io.strato.jsonmodel.SearchOptions;
import io.strato.jsonmodel.SelectQuery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs searches: turns the rows of a {@link SelectQuery} into a page with its cursors and
 * total (or into full-text hits), and runs counts, EXISTS and aggregates. A malformed
 * full-text query becomes an {@link IllegalArgumentException} naming its column. Immutable
 * and thread-safe.
 *
 * @param <T> the item type
 */
public final class ModelSearch<T> {
  private static final int EACH_BATCH = 500;
  private final DB db;
  private final String model;
  private final Map<String, ResolvedColumn> columns;
  private final ItemCodec<T> items;
  private final SelectBuilder selects;
  private final CursorCodec cursors;
  private final boolean spliceDefault;

  /**
   * Creates the searches of a model.
   *
   * @param db the database
   * @param model the model name
   * @param columns the model's columns
   * @param items the item codec
   * @param selects the SQL shapes
   * @param cursors the cursor codec
   */
  public ModelSearch(DB db, String model, Map<String, ResolvedColumn> columns, ItemCodec<T> items,
      SelectBuilder selects, CursorCodec cursors) {
    this.db = db;
    this.model = model;
    this.columns = columns;
    this.items = items;
    this.selects = selects;
    this.cursors = cursors;
    this.spliceDefault = items.canSplice(selects.selected(SearchOptions.options()));
  }

  /**
   * One page of a search.
   *
   * @param attrs the attributes (to explain a failed full-text query)
   * @param o the options the query was built from
   * @param q the query
   * @return the page
   */
  public Page<T> page(Map<String, ?> attrs, SearchOptions o, SelectQuery q) {
    return run(attrs, o, q, (item, r) -> item);
  }

  /**
   * One page of a search, each item with its full-text scores and snippets.
   *
   * @param attrs the attributes
   * @param o the options the query was built from (with {@link SearchOptions#scores()})
   * @param q the query
   * @return the page of hits
   */
  public Page<Hit<T>> hits(Map<String, ?> attrs, SearchOptions o, SelectQuery q) {
    return run(attrs, o, q, this::hit);
  }

  private <R> Page<R> run(Map<String, ?> attrs, SearchOptions o, SelectQuery q, BiFunction<T, Row, R> wrap) {
    List<ResolvedColumn> selected = selects.selected(o);
    boolean splice = o.cols() == null ? spliceDefault : items.canSplice(selected);
    List<Row> result = new ArrayList<>(explaining(attrs, () -> db.all(q.sql(), q.params().toArray())));
    Integer limit = o.limit();
    boolean paged = limit != null && !o.isNoCursor();
    // makeSelect reads limit + 1 rows for a paged search; the extra row only tells that more
    // rows follow in the reading direction.
    boolean more = paged && result.size() > limit;
    if (more) {
      result.subList(limit, result.size()).clear();
    }
    if (q.backwards()) {
      Collections.reverse(result);
    }
    List<R> mapped = new ArrayList<>(result.size());
    for (Row r : result) {
      mapped.add(wrap.apply(items.fromRow(r, selected, splice), r));
    }
    String cursor = null;
    String prevCursor = null;
    if (paged && !result.isEmpty()) {
      int signature = selects.signature(o);
      boolean continued = o.cursor() != null || (o.offset() != null && o.offset() > 0);
      if (q.backwards() || more) {
        cursor = cursors.encode(signature, false, values(result.get(result.size() - 1), q.cursorColumns()));
      }
      if (q.backwards() ? more : continued) {
        prevCursor = cursors.encode(signature, true, values(result.get(0), q.cursorColumns()));
      }
    }
    Long total = null;
    if (q.totalSql() != null) {
      boolean complete = o.cursor() == null && (o.offset() == null || o.offset() == 0)
          && (limit == null || (paged ? !more : result.size() < limit));
      total = complete ? (long) result.size() : explaining(attrs,
          () -> db.get(q.totalSql(), q.totalParams().toArray()).map(r -> r.getLong("t")).orElse(0L));
    }
    return new Page<>(mapped, cursor, prevCursor, total);
  }

  private Hit<T> hit(T item, Row r) {
    Map<String, Double> ranks = new LinkedHashMap<>();
    Map<String, String> snippets = new LinkedHashMap<>();
    for (String col : r.asMap().keySet()) {
      if (col.startsWith(SelectBuilder.RANK_ALIAS)) {
        Double d = r.getDouble(col);
        if (d != null) {
          ranks.put(col.substring(SelectBuilder.RANK_ALIAS.length()), d);
        }
      } else if (col.startsWith(SelectBuilder.SNIPPET_ALIAS)) {
        String s = r.getString(col);
        if (s != null) {
          snippets.put(col.substring(SelectBuilder.SNIPPET_ALIAS.length()), s);
        }
      }
    }
    return new Hit<>(item, ranks, snippets);
  }

  private static List<Object> values(Row r, List<String> aliases) {
    List<Object> v = new ArrayList<>(aliases.size());
    for (String a : aliases) {
      v.add(r.get(a));
    }
    return v;
  }

  /**
   * The COUNT of a search's total query.
   *
   * @param attrs the attributes
   * @param q the query (with a total query)
   * @return the count
   */
  public long total(Map<String, ?> attrs, SelectQuery q) {
    return explaining(attrs, () -> db.get(q.totalSql(), q.totalParams().toArray()).map(r -> r.getLong("t"))
        .orElse(0L));
  }

  /**
   * The number of matches. With distinct, the distinct selected rows: the COUNT a paged search
   * reports as its total, so the search SQL (which a model may override) is built for it.
   *
   * @param attrs the attributes
   * @param o the options
   * @param select builds the search SQL of options (the model's makeSelect)
   * @return the count
   */
  public long count(Map<String, ?> attrs, SearchOptions o, Function<SearchOptions, SelectQuery> select) {
    if (o.isDistinct()) {
      SelectQuery q = select.apply(o.copy().cursor(null));
      if (q.totalSql() != null) {
        return total(attrs, q);
      }
    }
    FilteredSelects.Query q = selects.filtered().count(attrs, o);
    Object v = explaining(attrs, () -> db.get(q.sql(), q.params().toArray()).map(r -> r.get("v")).orElse(null));
    return v == null ? 0 : ((Number) v).longValue();
  }

  /**
   * Calls fn for every match, reading cursor-paged batches (the options' limit, or 500);
   * an offset applies once, to the first batch.
   *
   * @param o the options (not changed)
   * @param search runs one page (the model's search)
   * @param fn called per item
   * @param <R> the item type
   */
  public static <R> void each(SearchOptions o, Function<SearchOptions, Page<R>> search, Consumer<R> fn) {
    SearchOptions paged = o.copy().noTotal();
    if (paged.limit() == null) {
      paged.limit(EACH_BATCH);
    }
    String cursor = paged.cursor();
    do {
      Page<R> page = search.apply(paged.cursor(cursor));
      page.items().forEach(fn);
      cursor = page.cursor();
      paged.offset(0);
    } while (cursor != null);
  }

  /**
   * Whether anything matches.
   *
   * @param attrs the attributes
   * @param o the options
   * @return true when a row matches
   */
  public boolean exists(Map<String, ?> attrs, SearchOptions o) {
    FilteredSelects.Query q = selects.filtered().exists(attrs, o);
    return explaining(attrs, () -> db.get(q.sql(), q.params().toArray()).map(r -> r.getLong("v")).orElse(0L)) != 0;
  }

  /**
   * An aggregate over the matches.
   *
   * @param sqlFunction the function
   * @param column the column or null
   * @param attrs the attributes
   * @param o the options
   * @return the value (Long or Double) or null
   */
  public Number aggregate(String sqlFunction, String column, Map<String, ?> attrs, SearchOptions o) {
    FilteredSelects.Query q = selects.filtered().aggregate(sqlFunction, column, attrs, o);
    Object v = explaining(attrs, () -> db.get(q.sql(), q.params().toArray()).map(r -> r.get("v")).orElse(null));
    if (v == null || v instanceof Number) {
      return (Number) v;
    }
    try {
      return Double.parseDouble(v.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("JsonModel '" + model + "', column '" + column + "': " + sqlFunction
          + " gave a non-numeric result");
    }
  }

  /** Runs a query; a failure of a full-text search is explained (see {@link FullTextSql#explain}). */
  private <R> R explaining(Map<String, ?> attrs, Supplier<R> query) {
    try {
      return query.get();
    } catch (DBException e) {
      throw FullTextSql.explain(db, model, columns, attrs, e);
    }
  }
}
