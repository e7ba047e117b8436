package io.strato.jsonmodel;

import java.util.List;

/**
 * Builds the SQL condition used when searching by a column (see
 * {@link ColumnDef#where(WhereFunction)}). The condition is raw SQL: never paste user input
 * into it, bind it through the {@code ?} placeholders instead.
 */
@FunctionalInterface
public interface WhereFunction {
  /**
   * Returns the SQL condition.
   *
   * @param whereVals the parameters that will be bound to the condition's {@code ?}s (from
   *     {@link ColumnDef#whereVal}, or the search value itself)
   * @param searchValue the value searched for
   * @return SQL with one {@code ?} per parameter
   */
  String where(List<Object> whereVals, Object searchValue);
}
