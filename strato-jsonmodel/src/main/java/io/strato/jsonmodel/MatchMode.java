package io.strato.jsonmodel;

/**
 * How searching a column matches the searched value (SPEC §2.2 {@code isArray}, {@code in},
 * {@code inAll}, {@code isAnyOfArray}, {@code textSearch}; SPEC §13 full text). Set with
 * {@link ColumnDef#match(MatchMode)}; a column has exactly one mode.
 *
 * <pre>{@code
 * .column("tags", column().match(MatchMode.IS_ARRAY))      // Map.of("tags", "red") finds ["red","blue"]
 * .column("status", column().match(MatchMode.IN))          // Map.of("status", List.of("new", "open"))
 * .column("title", column().match(MatchMode.TEXT_SEARCH))  // Map.of("title", "ell") finds "Hello"
 * }</pre>
 */
public enum MatchMode {
  /** The default: the stored value equals the searched one ({@code = ?}, or the column's {@code where}). */
  EQUALS,
  /** SPEC's {@code in}: searching with a collection matches any of its values (one value works too). */
  IN,
  /**
   * SPEC's {@code isArray}: the stored value is an array; searching a value matches arrays
   * containing it, searching a collection matches arrays containing any of its values.
   */
  IS_ARRAY,
  /** SPEC's {@code isArray} + {@code inAll}: the stored array must contain every searched value. */
  IN_ALL,
  /** SPEC's {@code isAnyOfArray}: the stored array must contain any of the searched values. */
  IS_ANY_OF_ARRAY,
  /**
   * SPEC's {@code textSearch}: a substring match ({@code LIKE %v%}; case-insensitive for ASCII,
   * {@code %} and {@code _} in the value matched literally).
   */
  TEXT_SEARCH,
  /**
   * SQLite FTS5 full-text search (SPEC §13) with the default tokenizer; see
   * {@link ColumnDef#fullText(String)} to pick another.
   */
  FULL_TEXT;

  /**
   * Whether the column stores an array that searches look into.
   *
   * @return true for {@link #IS_ARRAY}, {@link #IN_ALL} and {@link #IS_ANY_OF_ARRAY}
   */
  public boolean isArray() {
    return this == IS_ARRAY || this == IN_ALL || this == IS_ANY_OF_ARRAY;
  }

  /**
   * Whether a search of the column may be given a collection of values.
   *
   * @return true for {@link #IN} and the array modes
   */
  public boolean takesCollections() {
    return this == IN || isArray();
  }
}
