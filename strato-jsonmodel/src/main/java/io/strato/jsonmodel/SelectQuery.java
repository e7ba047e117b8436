package io.strato.jsonmodel;

import java.util.List;

/**
 * The SQL that {@link JsonModel#makeSelect} built for a search.
 *
 * @param sql the SELECT
 * @param params its parameters, in order
 * @param cursorColumns the result aliases holding the sort values a cursor is made of (the
 *     id last); empty without a limit
 * @param totalSql the COUNT query for {@code total}, or null when no total is wanted
 * @param totalParams the COUNT query's parameters (empty when none)
 * @param backwards true when the query reads backwards from a previous-page cursor: its rows
 *     come in reverse order and are flipped before they are returned
 */
public record SelectQuery(String sql, List<Object> params, List<String> cursorColumns,
    String totalSql, List<Object> totalParams, boolean backwards) {
  /**
   * Creates a query; lists are copied (they may hold nulls).
   *
   * @param sql the SELECT
   * @param params its parameters
   * @param cursorColumns cursor aliases
   * @param totalSql the COUNT query or null
   * @param totalParams its parameters
   * @param backwards whether rows come in reverse order
   */
  public SelectQuery {
    params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    cursorColumns = List.copyOf(cursorColumns);
    totalParams = totalParams == null ? List.of()
        : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(totalParams));
  }
}
