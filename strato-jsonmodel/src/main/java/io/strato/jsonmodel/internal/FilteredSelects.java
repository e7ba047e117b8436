package io.strato.jsonmodel.internal;

import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.SearchOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The named shapes of the queries that only filter, without selecting items: COUNT, EXISTS
 * and aggregates ({@code SELECT <head> FROM t [joins] WHERE <conditions>}), and the FROM
 * clause searches share with them.
 *
 * <p>These run often and are cheap in SQLite, so building their SQL would be a fixed cost per
 * call comparable to the query itself: the text of each shape is kept (per head, the last set
 * of searched columns) and reused while the searched columns stay the same and their
 * conditions do not depend on the searched values. Reusing the same text also lets the DB find
 * its prepared statement without hashing a new string. Immutable apart from that cache;
 * thread-safe.
 */
public final class FilteredSelects {
  private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String COUNT = "SELECT COUNT(*) AS v";
  private static final String EXISTS = "SELECT EXISTS(SELECT 1";
  /** Beyond this many heads (function × column) the cache starts over, so it stays small. */
  private static final int MAX_SHAPES = 64;

  private final String model;
  private final String table;
  private final Map<String, ResolvedColumn> columns;
  private final SearchConditions conditions;
  private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

  /**
   * Empty options for the model's own COUNT/EXISTS/aggregate calls without options: shared,
   * so never handed to user code (SearchOptions are mutable) and never changed here.
   */
  public static final SearchOptions NO_OPTIONS = SearchOptions.options();

  /** A query text and the searched columns it was built for, in attribute order. */
  private record Shape(ResolvedColumn[] searched, String sql) {}

  /**
   * A filtered query: its SQL and parameters (not copied: built for one call).
   *
   * @param sql the SQL
   * @param params the parameters
   */
  public record Query(String sql, List<Object> params) {}

  /**
   * Creates the shapes of a model.
   *
   * @param model the model name
   * @param table the quoted table name
   * @param columns the model's columns
   * @param conditions the attribute conditions
   */
  public FilteredSelects(String model, String table, Map<String, ResolvedColumn> columns, SearchConditions conditions) {
    this.model = model;
    this.table = table;
    this.columns = columns;
    this.conditions = conditions;
  }

  /**
   * {@code SELECT COUNT(*) AS v FROM … WHERE …}.
   *
   * @param attrs the attributes
   * @param o the options (joins and wheres are used)
   * @return the query
   */
  public Query count(Map<String, ?> attrs, SearchOptions o) {
    return filtered(COUNT, "", attrs, o);
  }

  /**
   * {@code SELECT EXISTS(SELECT 1 FROM … WHERE …) AS v}, which stops at the first match where
   * a COUNT would read them all.
   *
   * @param attrs the attributes
   * @param o the options (joins and wheres are used)
   * @return the query
   */
  public Query exists(Map<String, ?> attrs, SearchOptions o) {
    return filtered(EXISTS, ") AS v", attrs, o);
  }

  /**
   * {@code SELECT fn(expr) AS v FROM … WHERE …}; text, JSON and virtual columns are compared
   * as numbers ({@code CAST(x AS NUMERIC)}, as strato-db for JS does, so "10" beats "9"); real
   * numeric columns stay bare so SQLite can answer MIN/MAX from their index.
   *
   * @param function an SQL function name (letters, digits, underscores)
   * @param column the column, or null for {@code *}
   * @param attrs the attributes
   * @param o the options (joins and wheres are used)
   * @return the query
   * @throws IllegalArgumentException for an invalid function name or an unknown column
   */
  public Query aggregate(String function, String column, Map<String, ?> attrs, SearchOptions o) {
    if (function == null || !FUNCTION_NAME.matcher(function).matches()) {
      throw new IllegalArgumentException("JsonModel '" + model + "': invalid SQL function name '" + function + "'");
    }
    if (column == null) {
      return filtered("SELECT " + function + "(*) AS v", "", attrs, o);
    }
    ResolvedColumn c = columns.get(column);
    if (c == null) {
      throw new IllegalArgumentException("JsonModel '" + model + "': Unknown column " + column);
    }
    ColumnType t = c.type();
    boolean number = t == ColumnType.INTEGER || t == ColumnType.REAL || t == ColumnType.NUMERIC;
    String expr = c.real() && number ? c.sql() : "CAST(" + c.sql() + " AS NUMERIC)";
    return filtered("SELECT " + function + "(" + expr + ") AS v", "", attrs, o);
  }

  private Query filtered(String head, String tail, Map<String, ?> attrs, SearchOptions o) {
    boolean plain = o == NO_OPTIONS || o.wheres().isEmpty() && o.joins().isEmpty();
    if (plain) {
      Shape s = shapes.get(head);
      List<Object> params = s == null ? null : conditions.paramsFor(attrs, s.searched());
      if (params != null) {
        return new Query(s.sql(), params);
      }
    }
    SearchConditions.Where where = conditions.of(attrs, o);
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder(head).append(from(o, where, params));
    if (!where.sql().isEmpty()) {
      sql.append(" WHERE ").append(String.join(" AND ", where.sql()));
    }
    params.addAll(where.params());
    String text = sql.append(tail).toString();
    if (plain && where.fixed()) {
      if (shapes.size() >= MAX_SHAPES) {
        shapes.clear();
      }
      shapes.put(head, new Shape(where.searched().toArray(new ResolvedColumn[0]), text));
    }
    return new Query(text, params);
  }

  /**
   * The FROM clause: the table, the joins of searched full-text columns, the options' joins.
   *
   * @param o the options
   * @param where the conditions (their full-text columns)
   * @param params receives the joins' parameters
   * @return {@code " FROM t …"}
   */
  public String from(SearchOptions o, SearchConditions.Where where, List<Object> params) {
    StringBuilder from = new StringBuilder(" FROM ").append(table);
    for (ResolvedColumn c : where.fullText()) {
      from.append(FullTextSql.join(model, c.name()));
    }
    for (SearchOptions.Clause j : o.joins()) {
      from.append(' ').append(j.sql());
      params.addAll(j.params());
    }
    return from.toString();
  }
}
