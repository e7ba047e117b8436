package io.strato.jsonmodel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.Sql;
import io.strato.jsonmodel.Column;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.SearchOptions;
import io.strato.jsonmodel.SelectQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Builds the SQL of searches: selected columns, conditions from attributes and options,
 * joins, sort, keyset cursor condition, limit/offset and the COUNT query. Immutable and
 * thread-safe.
 *
 * <p>The cursor condition is written so SQLite can seek the sort index: for an ascending
 * first key it starts with {@code k >= ?}, and it never wraps indexed columns in functions
 * (NULLs are handled with {@code IS NULL} terms, matching SQLite's NULLs-first ordering).
 */
public final class SelectBuilder {
  private static final java.util.regex.Pattern FUNCTION_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private final String model;
  private final String table;
  private final Map<String, Column> columns;
  private final SortKey tiebreak;
  private final String idSql;
  private final CursorCodec codec;
  private final List<Column> defaultSelected;
  /**
   * The sort of the last search. Paging repeats one sort page after page, so a single entry
   * saves resolving the keys twice per page (building the SQL, signing the cursor).
   */
  private volatile SortPlan lastSort;

  /** The resolved keys of one sort request, and the signature its cursors carry. */
  private record SortPlan(List<SearchOptions.Sort> sorts, boolean paged, boolean distinct, List<String> cols,
      List<SortKey> keys, int signature) {
    boolean matches(SearchOptions o) {
      return paged == (o.limit() != null && !o.isNoCursor()) && distinct == o.isDistinct()
          && java.util.Objects.equals(cols, o.cols()) && sorts.equals(o.sorts());
    }
  }

  /**
   * One resolved sort key.
   *
   * @param sql the SQL expression
   * @param desc descending
   * @param notNull whether the expression can never be NULL (allows a seek bound for DESC)
   */
  public record SortKey(String sql, boolean desc, boolean notNull) {}

  /** What the SQL of the conditions is made of. */
  private record Where(List<String> sql, List<Object> params) {}

  /**
   * Creates a builder.
   *
   * @param model the model name
   * @param columns the model's columns
   * @param tiebreakSql a unique, non-null expression that ends every paged sort
   * @param codec the cursor codec
   */
  public SelectBuilder(String model, Map<String, Column> columns, String tiebreakSql, CursorCodec codec) {
    this.model = model;
    this.table = Sql.quoteId(model);
    this.columns = columns;
    this.tiebreak = new SortKey(tiebreakSql, false, true);
    // the id column (first) is NOT NULL, so a descending sort on it can seek too
    this.idSql = columns.isEmpty() ? null : columns.values().iterator().next().sql();
    this.codec = codec;
    List<Column> sel = new ArrayList<>();
    for (Column c : columns.values()) {
      if (c.get()) {
        sel.add(c);
      }
    }
    sel.sort(Comparator.comparingInt(c -> c.parts().size()));
    this.defaultSelected = List.copyOf(sel);
  }

  /**
   * The sort keys of a search: the requested ones by precedence, then the tie-breaker (when
   * there is any sort or a paged search).
   *
   * @param o the options
   * @return the keys, empty when the search is unordered
   */
  public List<SortKey> sortKeys(SearchOptions o) {
    return sortPlan(o).keys();
  }

  /**
   * The signature cursors of this search's sort carry (see {@link #signature(List)}).
   *
   * @param o the options
   * @return the signature
   */
  public int signature(SearchOptions o) {
    return sortPlan(o).signature();
  }

  private SortPlan sortPlan(SearchOptions o) {
    SortPlan p = lastSort;
    if (p != null && p.matches(o)) {
      return p;
    }
    List<SortKey> keys = List.copyOf(resolveSortKeys(o));
    p = new SortPlan(List.copyOf(o.sorts()), o.limit() != null && !o.isNoCursor(), o.isDistinct(),
        o.cols() == null ? null : List.copyOf(o.cols()), keys, signature(keys));
    lastSort = p;
    return p;
  }

  private List<SortKey> resolveSortKeys(SearchOptions o) {
    List<SearchOptions.Sort> sorts = new ArrayList<>(o.sorts());
    boolean paged = o.limit() != null && !o.isNoCursor();
    if (sorts.isEmpty() && !paged) {
      return List.of();
    }
    sorts.sort(Comparator.comparingInt(s -> Math.abs(s.dirPrecedence())));
    List<SortKey> keys = new ArrayList<>();
    for (SearchOptions.Sort s : sorts) {
      if (s.sql()) {
        // Parenthesised: the expression is combined with operators in the cursor condition
        // ("a IS NULL >= ?" would parse as "a IS (NULL >= ?)").
        keys.add(new SortKey("(" + s.key() + ")", s.descending(), false));
      } else {
        Column c = column(s.key(), "sort");
        keys.add(new SortKey(c.sql(), s.descending(), c.real() && (c.required() || c.defaultValue() != null)
            || c.sql().equals(tiebreak.sql()) || c.sql().equals(idSql)));
      }
    }
    boolean desc = !keys.isEmpty() && keys.get(0).desc();
    if (o.isDistinct()) {
      // DISTINCT rows are unique by their selected values: those break ties. Adding the rowId
      // would select it too and make every row distinct.
      for (Column c : selected(o)) {
        if (keys.stream().noneMatch(k -> k.sql().equals(c.sql()))) {
          keys.add(new SortKey(c.sql(), desc, c.sql().equals(tiebreak.sql())));
        }
      }
      return keys;
    }
    if (keys.stream().noneMatch(k -> k.sql().equals(tiebreak.sql()))) {
      keys.add(new SortKey(tiebreak.sql(), desc, true));
    }
    return keys;
  }

  /**
   * A signature of a sort, stored in cursors to reject cursors from another sort.
   *
   * @param keys the sort keys
   * @return the signature
   */
  public static int signature(List<SortKey> keys) {
    StringBuilder b = new StringBuilder();
    for (SortKey k : keys) {
      b.append(k.sql()).append(k.desc() ? " D|" : " A|");
    }
    return b.toString().hashCode();
  }

  /**
   * The aliases the sort values are selected under (the cursor columns).
   *
   * @param keys the sort keys
   * @param selected the selected columns
   * @return one alias per key
   */
  public List<String> cursorAliases(List<SortKey> keys, List<Column> selected) {
    List<String> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      String alias = "_s" + i;
      for (Column c : selected) {
        if (c.sql().equals(keys.get(i).sql()) && c.parse() == null && !c.falsyBool()) {
          alias = c.alias();
          break;
        }
      }
      out.add(alias);
    }
    return out;
  }

  /**
   * The columns a search selects.
   *
   * @param o the options
   * @return the columns whose values are selected
   */
  public List<Column> selected(SearchOptions o) {
    if (o.cols() == null) {
      return defaultSelected;
    }
    List<Column> out = new ArrayList<>();
    {
      for (String name : o.cols()) {
        Column c = column(name, "cols");
        if (!out.contains(c)) {
          out.add(c);
        }
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
    List<Column> selected = selected(o);
    List<SortKey> keys = sortKeys(o);
    boolean paged = o.limit() != null && !o.isNoCursor();
    List<String> cursorAliases = paged ? cursorAliases(keys, selected) : List.of();

    StringBuilder select = new StringBuilder(o.isDistinct() ? "SELECT DISTINCT " : "SELECT ");
    boolean first = true;
    for (Column c : selected) {
      select.append(first ? "" : ", ").append(c.sql()).append(" AS ").append(Sql.quoteId(c.alias()));
      first = false;
    }
    String selectList = select.toString();
    for (int i = 0; i < cursorAliases.size(); i++) {
      if (cursorAliases.get(i).startsWith("_s")) {
        select.append(", ").append(keys.get(i).sql()).append(" AS ").append(Sql.quoteId(cursorAliases.get(i)));
      }
    }

    List<Object> params = new ArrayList<>();
    StringBuilder from = new StringBuilder(" FROM ").append(table);
    for (SearchOptions.Clause j : o.joins()) {
      from.append(' ').append(j.sql());
      params.addAll(j.params());
    }
    Where where = conditions(attrs, o);
    List<Object> totalParams = new ArrayList<>(params);
    totalParams.addAll(where.params());
    String whereSql = where.sql().isEmpty() ? "" : " WHERE " + String.join(" AND ", where.sql());

    boolean backwards = false;
    List<String> conds = new ArrayList<>(where.sql());
    List<Object> condParams = new ArrayList<>(where.params());
    if (o.cursor() != null && !o.isNoCursor()) {
      if (!paged) {
        throw new IllegalArgumentException("JsonModel '" + model + "': a cursor needs a limit");
      }
      CursorCodec.Decoded d = codec.decode(o.cursor(), signature(o), keys.size(), model);
      backwards = d.before();
      cursorCondition(keys, d.values(), backwards, conds, condParams);
    }
    params.addAll(condParams);

    StringBuilder sql = new StringBuilder(select).append(from);
    if (!conds.isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", conds));
    }
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
   * SQL for an aggregate ({@code SELECT op(expr) AS v FROM … WHERE …}).
   *
   * @param function an SQL function name (letters, digits, underscores)
   * @param column the column name, or null for {@code *}
   * @param attrs the attributes
   * @param o the options (joins and wheres are used)
   * @return the query (its params and sql)
   */
  public SelectQuery aggregate(String function, String column, Map<String, ?> attrs, SearchOptions o) {
    if (function == null || !FUNCTION_NAME.matcher(function).matches()) {
      throw new IllegalArgumentException("JsonModel '" + model + "': invalid SQL function name '" + function + "'");
    }
    String expr = column == null ? "*" : numeric(column(column, function));
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT ").append(function).append('(').append(expr).append(") AS v FROM ")
        .append(table);
    for (SearchOptions.Clause j : o.joins()) {
      sql.append(' ').append(j.sql());
      params.addAll(j.params());
    }
    Where where = conditions(attrs, o);
    if (!where.sql().isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", where.sql()));
    }
    params.addAll(where.params());
    return new SelectQuery(sql.toString(), params, List.of(), null, List.of(), false);
  }

  /**
   * A column as a number for the aggregates, as strato-db for JS does ({@code CAST(x AS
   * NUMERIC)}), so "10" beats "9" in a text or JSON value. Real numeric columns are left bare:
   * their values are numbers already, and a bare column lets SQLite answer MIN/MAX from an
   * index instead of scanning the table.
   */
  private static String numeric(Column c) {
    ColumnType t = c.type();
    boolean number = t == ColumnType.INTEGER || t == ColumnType.REAL || t == ColumnType.NUMERIC;
    return c.real() && number ? c.sql() : "CAST(" + c.sql() + " AS NUMERIC)";
  }

  private Where conditions(Map<String, ?> attrs, SearchOptions o) {
    List<String> sql = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (attrs != null) {
      for (Map.Entry<String, ?> e : attrs.entrySet()) {
        Object v = e.getValue();
        if (v instanceof JsonNode n && (n.isNull() || n.isMissingNode())) {
          v = null;
        }
        if (v == null) {
          continue;
        }
        Column c = column(e.getKey(), "search");
        v = checkSearchValue(c, v);
        List<?> vals = c.whereVal().apply(v);
        if (vals == null) {
          continue;
        }
        List<Object> whereVals = new ArrayList<>(vals);
        String cond = c.where().where(whereVals, v);
        if (cond == null || cond.isBlank()) {
          continue;
        }
        sql.add("(" + cond + ")");
        params.addAll(whereVals);
      }
    }
    for (SearchOptions.Clause w : o.wheres()) {
      sql.add("(" + w.sql() + ")");
      params.addAll(w.params());
    }
    return new Where(sql, params);
  }

  private Object checkSearchValue(Column c, Object v) {
    if (v instanceof JsonNode n) {
      if (n.isObject()) {
        throw new IllegalArgumentException(valueError(c, "an object"));
      }
      v = n.isArray() ? Values.toJava(n) : Values.toJava(n);
    }
    boolean collection = v instanceof Collection<?> || v.getClass().isArray() && !(v instanceof byte[])
        || v instanceof JsonNode n && n.isArray();
    if (collection && !(c.acceptsCollections() || c.arrayMode() == Column.ArrayMode.IS_ARRAY)) {
      throw new IllegalArgumentException(valueError(c, "a collection")
          + " (only in/isArray/inAll/isAnyOfArray columns take collections)");
    }
    if (v instanceof Map<?, ?>) {
      throw new IllegalArgumentException(valueError(c, "a map"));
    }
    if (!collection && !(Values.isStorable(v) || v instanceof byte[] || v instanceof Enum<?>
        || v instanceof java.util.UUID || v instanceof Character)) {
      throw new IllegalArgumentException(valueError(c, "a " + v.getClass().getName()));
    }
    return v;
  }

  private String valueError(Column c, String what) {
    return "JsonModel '" + model + "', column '" + c.name() + "': cannot search for " + what;
  }

  private void cursorCondition(List<SortKey> keys, List<Object> values, boolean backwards, List<String> conds,
      List<Object> params) {
    int n = keys.size();
    // Built from the last key outwards: after(i) = strictlyAfter(i) OR (equal(i) AND after(i+1)).
    String cond = null;
    List<Object> condParams = new ArrayList<>();
    for (int i = n - 1; i >= 0; i--) {
      SortKey k = keys.get(i);
      Object v = values.get(i);
      boolean desc = k.desc() != backwards;
      List<Object> p = new ArrayList<>();
      String strict;
      if (v == null) {
        strict = desc ? null : k.sql() + " IS NOT NULL";
      } else {
        strict = desc ? (k.notNull() ? k.sql() + " < ?" : "(" + k.sql() + " < ? OR " + k.sql() + " IS NULL)")
            : k.sql() + " > ?";
        p.add(v);
      }
      if (cond == null) {
        cond = strict == null ? "0" : strict;
        condParams = p;
        continue;
      }
      String eq = v == null ? k.sql() + " IS NULL" : k.sql() + " = ?";
      List<Object> next = new ArrayList<>(p);
      if (v != null) {
        next.add(v);
      }
      next.addAll(condParams);
      cond = (strict == null ? "" : strict + " OR ") + "(" + eq + " AND (" + cond + "))";
      condParams = next;
    }
    SortKey k0 = keys.get(0);
    Object v0 = values.get(0);
    boolean desc0 = k0.desc() != backwards;
    if (v0 != null && (!desc0 || k0.notNull())) {
      // A plain range on the first key lets SQLite seek its index instead of scanning.
      conds.add(k0.sql() + (desc0 ? " <= ?" : " >= ?"));
      params.add(v0);
    }
    conds.add("(" + cond + ")");
    params.addAll(condParams);
  }

  private Column column(String name, String what) {
    Column c = name == null ? null : columns.get(name);
    if (c == null) {
      throw new IllegalArgumentException("JsonModel '" + model + "': Unknown column " + name
          + (what.equals("sort") ? " in sort (use sortSql for SQL expressions)" : ""));
    }
    return c;
  }
}
