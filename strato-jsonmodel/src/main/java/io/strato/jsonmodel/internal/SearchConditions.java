package io.strato.jsonmodel.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.jsonmodel.SearchOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns search attributes into SQL conditions with their parameters, checking that each value
 * is something its column can be searched for. Immutable and thread-safe.
 */
public final class SearchConditions {
  private final String model;
  private final Map<String, ResolvedColumn> columns;

  /**
   * What the SQL of the conditions is made of.
   *
   * @param sql the conditions, each parenthesised, to AND
   * @param params their parameters, in order
   * @param fullText the full-text columns searched (their FTS5 tables must be joined)
   * @param searched the columns searched, in the order of the attributes
   * @param fixed whether the SQL depends only on which columns are searched (not on the
   *     values, and no raw where clauses), so it can be reused with {@link #paramsFor}
   */
  public record Where(List<String> sql, List<Object> params, List<ResolvedColumn> fullText,
      List<ResolvedColumn> searched, boolean fixed) {}

  /**
   * Creates the conditions builder of a model.
   *
   * @param model the model name
   * @param columns the model's columns
   */
  public SearchConditions(String model, Map<String, ResolvedColumn> columns) {
    this.model = model;
    this.columns = columns;
  }

  /**
   * The conditions of a search: one per non-null attribute (the column's where function and
   * parameters), then the options' raw where clauses.
   *
   * @param attrs column name → searched value; may be null
   * @param o the options
   * @return the conditions, their parameters and the searched full-text columns
   * @throws IllegalArgumentException for unknown columns or values a column cannot search for
   */
  public Where of(Map<String, ?> attrs, SearchOptions o) {
    List<String> sql = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    List<ResolvedColumn> fullText = new ArrayList<>();
    List<ResolvedColumn> searched = new ArrayList<>();
    boolean fixed = o.wheres().isEmpty();
    if (attrs != null) {
      for (Map.Entry<String, ?> e : attrs.entrySet()) {
        Object v = e.getValue();
        if (v instanceof JsonNode n && (n.isNull() || n.isMissingNode())) {
          v = null;
        }
        if (v == null) {
          continue;
        }
        ResolvedColumn c = column(e.getKey());
        fixed &= c.fixedCondition();
        if (condition(c, checkSearchValue(c, v), sql, params)) {
          searched.add(c);
          if (c.isFullText()) {
            fullText.add(c);
          }
        }
      }
    }
    for (SearchOptions.Clause w : o.wheres()) {
      sql.add("(" + w.sql() + ")");
      params.addAll(w.params());
    }
    return new Where(sql, params, fullText, searched, fixed);
  }

  private ResolvedColumn column(String name) {
    ResolvedColumn c = name == null ? null : columns.get(name);
    if (c == null) {
      throw new IllegalArgumentException("JsonModel '" + model + "': Unknown column " + name);
    }
    return c;
  }

  /**
   * Adds the column's condition for a value; false when its whereVal/where skip it (null
   * parameters or an empty condition).
   */
  private static boolean condition(ResolvedColumn c, Object v, List<String> sql, List<Object> params) {
    List<?> vals = c.whereVal().apply(v);
    if (vals == null) {
      return false;
    }
    List<Object> whereVals = new ArrayList<>(vals);
    String cond = c.where().where(whereVals, v);
    if (cond == null || cond.isBlank()) {
      return false;
    }
    sql.add("(" + cond + ")");
    params.addAll(whereVals);
    return true;
  }

  /**
   * The parameters of attributes that search exactly these columns, in this order, all with
   * fixed conditions (a {@link Where#fixed()} shape): then the shape's SQL applies as is.
   *
   * @param attrs column name → searched value; may be null
   * @param shape the columns of the shape
   * @return the parameters, or null when the attributes search other columns
   * @throws IllegalArgumentException for values a column cannot search for
   */
  public List<Object> paramsFor(Map<String, ?> attrs, ResolvedColumn[] shape) {
    List<Object> params = new ArrayList<>(shape.length);
    int i = 0;
    if (attrs != null) {
      for (Map.Entry<String, ?> e : attrs.entrySet()) {
        Object v = e.getValue();
        if (v == null || v instanceof JsonNode n && (n.isNull() || n.isMissingNode())) {
          continue;
        }
        if (i == shape.length || !shape[i].name().equals(e.getKey())) {
          return null;
        }
        ResolvedColumn c = shape[i++];
        params.addAll(c.whereVal().apply(checkSearchValue(c, v)));
      }
    }
    return i == shape.length ? params : null;
  }

  private Object checkSearchValue(ResolvedColumn c, Object v) {
    if (c.isFullText() && !(v instanceof CharSequence || v instanceof JsonNode n && n.isTextual())) {
      throw new IllegalArgumentException(valueError(c, "a " + v.getClass().getName())
          + " (a fullText column is searched with an FTS5 query string)");
    }
    if (v instanceof JsonNode n) {
      if (n.isObject()) {
        throw new IllegalArgumentException(valueError(c, "an object"));
      }
      v = n.isArray() ? elements(n) : Values.toJava(n);
    }
    boolean collection = v instanceof Collection<?> || v.getClass().isArray() && !(v instanceof byte[])
        || v instanceof JsonNode n && n.isArray();
    if (collection && !c.acceptsCollections()) {
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

  /** A JSON array as a list of plain values, so that it searches like the same Java collection. */
  private static List<Object> elements(JsonNode array) {
    List<Object> out = new ArrayList<>(array.size());
    for (JsonNode e : array) {
      out.add(Values.toJava(e));
    }
    return out;
  }

  private String valueError(ResolvedColumn c, String what) {
    return "JsonModel '" + model + "', column '" + c.name() + "': cannot search for " + what;
  }

}
