package io.strato.jsonmodel;

/** How a column is indexed. */
public enum IndexKind {
  /** An index over every row, NULLs included. */
  ALL,
  /** A partial index {@code WHERE col IS NOT NULL}: small when most rows have no value. */
  SPARSE,
  /**
   * SPEC's {@code index: true}: sparse, unless the column is {@code unique}, has a
   * {@code default} or is {@code required} (then NULLs cannot occur or matter, so it is
   * dense); {@link ColumnDef#ignoreNull(boolean)} overrides the choice.
   */
  DEFAULT
}
