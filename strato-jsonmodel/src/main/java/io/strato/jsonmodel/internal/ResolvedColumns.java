package io.strato.jsonmodel.internal;

import io.strato.jsonmodel.Column;
import java.util.function.Function;

/**
 * The resolved form behind a public {@link Column}, for the strato modules this package is
 * exported to ({@code io.strato.es}, whose ESModel needs the id column's value function to
 * assign ids before an event is stored). {@link Column} keeps its resolved column
 * package-private so users see only its small public view, and installs the accessor here
 * when its class initializes (as the JDK's shared-secrets do), so no deprecated public
 * accessor is needed. Thread-safe.
 */
public final class ResolvedColumns {
  private static volatile Function<Column, ResolvedColumn> accessor;

  private ResolvedColumns() {}

  /**
   * Installs the accessor; called once, by {@link Column}.
   *
   * @param f the accessor
   * @throws IllegalStateException when one is installed already
   */
  public static synchronized void install(Function<Column, ResolvedColumn> f) {
    if (accessor != null) {
      throw new IllegalStateException("ResolvedColumns: the accessor is installed already");
    }
    accessor = f;
  }

  /**
   * The resolved column behind a column.
   *
   * @param column a column, as {@link io.strato.jsonmodel.JsonModel#columns()} returns it
   * @return its resolved column
   * @throws IllegalArgumentException when column is null
   */
  public static ResolvedColumn of(Column column) {
    if (column == null) {
      throw new IllegalArgumentException("ResolvedColumns: the column must not be null");
    }
    // a Column instance exists, so its class has initialized and installed the accessor
    return accessor.apply(column);
  }
}
