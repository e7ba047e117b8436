package io.strato.jsonmodel.internal;

import io.strato.db.Sql;
import io.strato.jsonmodel.SearchOptions;
import io.strato.jsonmodel.SelectQuery;
import io.strato.jsonmodel.internal.SortPlanner.SortKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Builds the SQL of reads as named query shapes: the search (selected columns, conditions
 * from attributes and options, full-text joins, joins, sort, keyset cursor condition,
 * limit/offset and the COUNT query) and the fixed lookups by id or column; COUNT, EXISTS and
 * aggregates come from its {@link FilteredSelects}. Sorts and cursor conditions come from
 * {@link SortPlanner}. Immutable and thread-safe.
 */
public final class SelectBuilder {
  /** Alias prefixes of the extra values a full-text search selects for hits. */
  public static final String RANK_ALIAS = "_rank:";
  /** See {@link #RANK_ALIAS}. */
  public static final String SNIPPET_ALIAS = "_snippet:";
  private final String model;
  private final String table;
  private final Map<String, ResolvedColumn> columns;
  private final ResolvedColumn id;
  private final CursorCodec codec;
  private final List<ResolvedColumn> defaultSelected;
  private final SortPlanner sorts;
  private final String selectAll;

  private final SearchConditions conditions;
  private final FilteredSelects filtered;

  /**
   * Creates a builder.
   *
   * @param model the model name
   * @param columns the model's columns (the id first)
   * @param tiebreakSql a unique, non-null expression that ends every paged sort
   * @param codec the cursor codec
   */
  public SelectBuilder(String model, Map<String, ResolvedColumn> columns, String tiebreakSql, CursorCodec codec) {
    this.model = model;
    this.table = Sql.quoteId(model);
    this.columns = columns;
    this.id = columns.values().iterator().next();
    this.codec = codec;
    List<ResolvedColumn> sel = new ArrayList<>();
    for (ResolvedColumn c : columns.values()) {
      if (c.get()) {
        sel.add(c);
      }
    }
    sel.sort(Comparator.comparingInt(c -> c.parts().size()));
    this.defaultSelected = List.copyOf(sel);
    this.sorts = new SortPlanner(model, columns, tiebreakSql, this::selected);
    this.conditions = new SearchConditions(model, columns);
    this.filtered = new FilteredSelects(model, table, columns, conditions);
    this.selectAll = selectList("SELECT ", defaultSelected) + " FROM " + table;
  }

  private static String selectList(String start, List<ResolvedColumn> cols) {
    StringBuilder b = new StringBuilder(start);
    boolean first = true;
    for (ResolvedColumn c : cols) {
      b.append(first ? "" : ", ").append(c.sql()).append(" AS ").append(Sql.quoteId(c.alias()));
      first = false;
    }
    return b.toString();
  }

  /**
   * The model's columns.
   *
   * @return the columns by name
   */
  public Map<String, ResolvedColumn> columns() {
    return columns;
  }

  // ------------------------------------------------------------ fixed lookups

  /**
   * The default columns of one item, by id.
   *
   * @return {@code SELECT <default columns> FROM t WHERE id = ?}
   */
  public String byId() {
    return selectAll + " WHERE " + id.sql() + " = ?";
  }

  /**
   * The first item whose column has a value.
   *
   * @param c the column
   * @return {@code SELECT … WHERE col = ? LIMIT 1}
   */
  public String byColumn(ResolvedColumn c) {
    return selectAll + " WHERE " + c.sql() + " = ? LIMIT 1";
  }

  /**
   * Items whose column has one of the values of a JSON array parameter, each row with the
   * matched value as {@code _k} (to put results back in the order of the values).
   *
   * @param c the column
   * @return {@code SELECT …, col AS _k FROM t WHERE col IN (SELECT value FROM json_each(?))}
   */
  public String byValues(ResolvedColumn c) {
    return selectList("SELECT ", defaultSelected) + ", " + c.sql() + " AS \"_k\" FROM " + table + " WHERE " + c.sql()
        + " IN (SELECT value FROM json_each(?))";
  }

  /**
   * Whether an id exists.
   *
   * @return {@code SELECT 1 AS e FROM t WHERE id = ?}
   */
  public String existsById() {
    return "SELECT 1 AS e FROM " + table + " WHERE " + id.sql() + " = ?";
  }

  /**
   * Whether another row (not the one with id {@code ?2}) holds a value in a column.
   *
   * @param c the column
   * @return the query, parameters (value, own id)
   */
  public String valueTakenByOther(ResolvedColumn c) {
    return "SELECT 1 AS e FROM " + table + " WHERE " + c.sql() + " = ? AND " + id.sql() + " IS NOT ? LIMIT 1";
  }

  // ------------------------------------------------------------ searches

  /**
   * The sort keys of a search (see {@link SortPlanner#sortKeys}).
   *
   * @param o the options
   * @return the keys
   */
  public List<SortKey> sortKeys(SearchOptions o) {
    return sorts.sortKeys(o);
  }

  /**
   * The signature cursors of this search's sort carry.
   *
   * @param o the options
   * @return the signature
   */
  public int signature(SearchOptions o) {
    return sorts.signature(o);
  }

  /**
   * The columns a search selects.
   *
   * @param o the options
   * @return the columns whose values are selected
   */
  public List<ResolvedColumn> selected(SearchOptions o) {
    if (o.cols() == null) {
      return defaultSelected;
    }
    List<ResolvedColumn> out = new ArrayList<>();
    for (String name : o.cols()) {
      ResolvedColumn c = column(name, "cols");
      if (!out.contains(c)) {
        out.add(c);
      }
    }
    // Parents before children: reading puts values back in this order, so a real column
    // inside a real JSON column is set after (into) its parent (a stable sort).
    out.sort(Comparator.comparingInt(c -> c.parts().size()));
    return out;
  }

  /**
   * Builds the search SQL.
   *
   * @param attrs column name → searched value (null values are ignored)
   * @param o the options
   * @return the query
   * @throws IllegalArgumentException for unknown columns, wrong value types or a bad cursor
   */
  public SelectQuery build(Map<String, ?> attrs, SearchOptions o) {
    List<ResolvedColumn> selected = selected(o);
    List<SortKey> keys = sortKeys(o);
    boolean paged = o.limit() != null && !o.isNoCursor();
    List<String> cursorAliases = paged ? SortPlanner.cursorAliases(keys, selected) : List.of();
    SearchConditions.Where where = conditions.of(attrs, o);
    checkFullTextOptions(o, where.fullText());

    String selectList = selectList(o.isDistinct() ? "SELECT DISTINCT " : "SELECT ", selected);
    StringBuilder select = new StringBuilder(selectList);
    for (int i = 0; i < cursorAliases.size(); i++) {
      if (cursorAliases.get(i).startsWith("_s")) {
        select.append(", ").append(keys.get(i).sql()).append(" AS ").append(Sql.quoteId(cursorAliases.get(i)));
      }
    }
    List<Object> params = new ArrayList<>();
    hitValues(o, where.fullText(), select, params);

    List<Object> fromParams = new ArrayList<>();
    String from = filtered.from(o, where, fromParams);
    params.addAll(fromParams);
    List<Object> totalParams = new ArrayList<>(fromParams);
    totalParams.addAll(where.params());
    String whereSql = where.sql().isEmpty() ? "" : " WHERE " + String.join(" AND ", where.sql());

    List<String> conds = new ArrayList<>(where.sql());
    List<Object> condParams = new ArrayList<>(where.params());
    boolean backwards = cursorCondition(o, paged, keys, conds, condParams);
    params.addAll(condParams);

    StringBuilder sql = new StringBuilder(select).append(from);
    if (!conds.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", conds));
    }
    orderAndLimit(o, paged, keys, backwards, sql, params);
    String totalSql = null;
    if (!o.isNoTotal()) {
      totalSql = o.isDistinct()
          ? "SELECT COUNT(*) AS t FROM (" + selectList + from + whereSql + ")"
          : "SELECT COUNT(*) AS t" + from + whereSql;
    }
    return new SelectQuery(sql.toString(), params, cursorAliases, totalSql, totalSql == null ? List.of() : totalParams,
        backwards);
  }

  /**
   * Adds the keyset condition of the options' cursor (see {@link SortPlanner#cursorCondition}).
   *
   * @return whether the cursor reads backwards (a previous-page cursor)
   */
  private boolean cursorCondition(SearchOptions o, boolean paged, List<SortKey> keys, List<String> conds,
      List<Object> params) {
    if (o.cursor() == null || o.isNoCursor()) {
      return false;
    }
    if (!paged) {
      throw new IllegalArgumentException("JsonModel '" + model + "': a cursor needs a limit");
    }
    CursorCodec.Decoded d = codec.decode(o.cursor(), signature(o), keys.size(), model);
    SortPlanner.cursorCondition(keys, d.values(), d.before(), conds, params);
    return d.before();
  }

  /** ORDER BY the keys (reversed when reading backwards), LIMIT (one more row when paged), OFFSET. */
  private static void orderAndLimit(SearchOptions o, boolean paged, List<SortKey> keys, boolean backwards,
      StringBuilder sql, List<Object> params) {
    if (!keys.isEmpty()) {
      sql.append(" ORDER BY ");
      for (int i = 0; i < keys.size(); i++) {
        SortKey k = keys.get(i);
        sql.append(i == 0 ? "" : ", ").append(k.sql()).append(k.desc() != backwards ? " DESC" : "");
      }
    }
    if (o.limit() != null || o.offset() != null) {
      sql.append(" LIMIT ?");
      // A paged search reads one row more than the limit: it tells whether a next page exists.
      params.add(o.limit() == null ? -1 : paged ? o.limit() + 1 : o.limit());
      if (o.offset() != null) {
        sql.append(" OFFSET ?");
        params.add(o.offset());
      }
    }
  }

  /** Relevance sorts and snippets need their column's FTS5 table in the query. */
  private void checkFullTextOptions(SearchOptions o, List<ResolvedColumn> searched) {
    for (SearchOptions.Sort s : o.sorts()) {
      if (s.rank()) {
        requireSearched(s.key(), "sortByRank", searched);
      }
    }
    for (SearchOptions.Snippet s : o.snippets()) {
      requireSearched(s.column(), "snippet", searched);
    }
  }

  private void requireSearched(String name, String what, List<ResolvedColumn> searched) {
    ResolvedColumn c = column(name, what);
    if (!c.isFullText()) {
      throw new IllegalArgumentException("JsonModel '" + model + "', column '" + name + "': " + what
          + " needs a fullText column");
    }
    if (!searched.contains(c)) {
      throw new IllegalArgumentException("JsonModel '" + model + "', column '" + name + "': " + what
          + " needs a full-text search on the column in the same call");
    }
  }

  /** The bm25 scores and snippets hits carry, selected under {@code _rank:}/{@code _snippet:} aliases. */
  private void hitValues(SearchOptions o, List<ResolvedColumn> searched, StringBuilder select, List<Object> params) {
    if (o.isScores()) {
      for (ResolvedColumn c : searched) {
        select.append(", ").append(FullTextSql.bm25(model, c.name())).append(" AS ")
            .append(Sql.quoteId(RANK_ALIAS + c.name()));
      }
    }
    for (SearchOptions.Snippet s : o.snippets()) {
      select.append(", ").append(FullTextSql.snippet(model, s.column())).append(" AS ")
          .append(Sql.quoteId(SNIPPET_ALIAS + s.column()));
      params.add(s.open());
      params.add(s.close());
      params.add(s.ellipsis());
      params.add(s.tokens());
    }
  }

  /**
   * The COUNT, EXISTS and aggregate shapes.
   *
   * @return the filtered-query shapes of this model
   */
  public FilteredSelects filtered() {
    return filtered;
  }

  private ResolvedColumn column(String name, String what) {
    ResolvedColumn c = name == null ? null : columns.get(name);
    if (c == null) {
      throw new IllegalArgumentException("JsonModel '" + model + "': Unknown column " + name
          + (what.equals("sort") ? " in sort (use sortSql for SQL expressions)" : ""));
    }
    return c;
  }
}
