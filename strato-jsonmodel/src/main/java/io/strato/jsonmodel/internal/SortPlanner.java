package io.strato.jsonmodel.internal;

import io.strato.jsonmodel.SearchOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The sort of a search and its keyset cursor: resolves sort requests into SQL keys (ending
 * with a tie-breaker), signs them for cursors, and writes the condition that continues after
 * (or before) a cursor's row. Thread-safe.
 *
 * <p>The cursor condition is written so SQLite can seek the sort index: for an ascending
 * first key it starts with {@code k >= ?}, and it never wraps indexed columns in functions
 * (NULLs are handled with {@code IS NULL} terms, matching SQLite's NULLs-first ordering).
 */
public final class SortPlanner {
  private final String model;
  private final Map<String, ResolvedColumn> columns;
  private final SortKey tiebreak;
  private final String idSql;
  private final Function<SearchOptions, List<ResolvedColumn>> selected;
  /**
   * The sort of the last search. Paging repeats one sort page after page, so a single entry
   * saves resolving the keys twice per page (building the SQL, signing the cursor).
   */
  private volatile SortPlan lastSort;

  /**
   * One resolved sort key.
   *
   * @param sql the SQL expression
   * @param desc descending
   * @param notNull whether the expression can never be NULL (allows a seek bound for DESC)
   */
  public record SortKey(String sql, boolean desc, boolean notNull) {}

  /** The resolved keys of one sort request, and the signature its cursors carry. */
  private record SortPlan(List<SearchOptions.Sort> sorts, boolean paged, boolean distinct, List<String> cols,
      List<SortKey> keys, int signature) {
    boolean matches(SearchOptions o) {
      return paged == (o.limit() != null && !o.isNoCursor()) && distinct == o.isDistinct()
          && Objects.equals(cols, o.cols()) && sorts.equals(o.sorts());
    }
  }

  /**
   * Creates a planner.
   *
   * @param model the model name
   * @param columns the model's columns (the id first)
   * @param tiebreakSql a unique, non-null expression that ends every paged sort
   * @param selected the columns a search selects (DISTINCT breaks ties with them)
   */
  public SortPlanner(String model, Map<String, ResolvedColumn> columns, String tiebreakSql,
      Function<SearchOptions, List<ResolvedColumn>> selected) {
    this.model = model;
    this.columns = columns;
    this.tiebreak = new SortKey(tiebreakSql, false, true);
    // the id column (first) is NOT NULL, so a descending sort on it can seek too
    this.idSql = columns.isEmpty() ? null : columns.values().iterator().next().sql();
    this.selected = selected;
  }

  /**
   * The sort keys of a search: the requested ones by precedence, then the tie-breaker (when
   * there is any sort or a paged search).
   *
   * @param o the options
   * @return the keys, empty when the search is unordered
   */
  public List<SortKey> sortKeys(SearchOptions o) {
    return plan(o).keys();
  }

  /**
   * The signature cursors of this search's sort carry.
   *
   * @param o the options
   * @return the signature
   */
  public int signature(SearchOptions o) {
    return plan(o).signature();
  }

  private SortPlan plan(SearchOptions o) {
    SortPlan p = lastSort;
    if (p != null && p.matches(o)) {
      return p;
    }
    List<SortKey> keys = List.copyOf(resolve(o));
    p = new SortPlan(List.copyOf(o.sorts()), o.limit() != null && !o.isNoCursor(), o.isDistinct(),
        o.cols() == null ? null : List.copyOf(o.cols()), keys, signature(keys));
    lastSort = p;
    return p;
  }

  private List<SortKey> resolve(SearchOptions o) {
    List<SearchOptions.Sort> sorts = new ArrayList<>(o.sorts());
    boolean paged = o.limit() != null && !o.isNoCursor();
    if (sorts.isEmpty() && !paged) {
      return List.of();
    }
    sorts.sort(Comparator.comparingInt(s -> Math.abs(s.dirPrecedence())));
    List<SortKey> keys = new ArrayList<>();
    for (SearchOptions.Sort s : sorts) {
      if (s.rank()) {
        ResolvedColumn c = column(s.key(), "sortByRank");
        if (!c.isFullText()) {
          throw new IllegalArgumentException("JsonModel '" + model + "', column '" + c.name()
              + "': sortByRank needs a fullText column");
        }
        // bm25 is lower for better matches: "most relevant first" is ascending
        keys.add(new SortKey(FullTextSql.bm25(model, c.name()), s.descending(), true));
      } else if (s.sql()) {
        // Parenthesised: the expression is combined with operators in the cursor condition
        // ("a IS NULL >= ?" would parse as "a IS (NULL >= ?)").
        keys.add(new SortKey("(" + s.key() + ")", s.descending(), false));
      } else {
        ResolvedColumn c = column(s.key(), "sort");
        keys.add(new SortKey(c.sql(), s.descending(), c.real() && (c.required() || c.defaultValue() != null)
            || c.sql().equals(tiebreak.sql()) || c.sql().equals(idSql)));
      }
    }
    boolean desc = !keys.isEmpty() && keys.get(0).desc();
    if (o.isDistinct()) {
      // DISTINCT rows are unique by their selected values: those break ties. Adding the rowId
      // would select it too and make every row distinct.
      for (ResolvedColumn c : selected.apply(o)) {
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
  public static List<String> cursorAliases(List<SortKey> keys, List<ResolvedColumn> selected) {
    List<String> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      String alias = "_s" + i;
      for (ResolvedColumn c : selected) {
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
   * Adds the condition selecting the rows after (or, backwards, before) a cursor's row.
   *
   * @param keys the sort keys
   * @param values the cursor row's sort values
   * @param backwards whether reading backwards
   * @param conds the conditions to add to
   * @param params their parameters
   */
  public static void cursorCondition(List<SortKey> keys, List<Object> values, boolean backwards, List<String> conds,
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

  private ResolvedColumn column(String name, String what) {
    ResolvedColumn c = name == null ? null : columns.get(name);
    if (c == null) {
      throw new IllegalArgumentException("JsonModel '" + model + "': Unknown column " + name
          + (what.equals("sort") ? " in sort (use sortSql for SQL expressions)" : " in " + what));
    }
    return c;
  }
}
