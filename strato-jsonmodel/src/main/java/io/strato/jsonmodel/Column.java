package io.strato.jsonmodel;

import java.util.List;
import java.util.function.Function;

/**
 * A validated, immutable column of a {@link JsonModel}, as resolved from its
 * {@link ColumnDef} (see {@link JsonModel#columns()}). Every option has its final value here:
 * defaults filled in, {@code where} turned into a function, {@code sql} into the expression
 * used in queries.
 *
 * @param name the column name (the key used in search attributes)
 * @param real whether it is a real table column
 * @param type the SQLite type of a real column, or null for a virtual one
 * @param path the dot-separated path in the item ({@code ""} for the json column)
 * @param parts the path split at dots
 * @param sql the SQL expression selecting the value (table-qualified)
 * @param alias the alias of the value in SELECTs
 * @param get whether the value is selected into results
 * @param index the index kind, or null when not indexed
 * @param unique whether the index is unique
 * @param ignoreNull whether the index leaves out NULLs (a partial index)
 * @param defaultValue the value stored when none is given, or null
 * @param required whether a value is required
 * @param falsyBool whether the value is stored as true/absent
 * @param alwaysObject for JSON columns: NULL reads as {@code {}}
 * @param arrayMode how searching treats arrays
 * @param textSearch whether searching is a substring match
 * @param autoIncrement AUTOINCREMENT on an INTEGER id column
 * @param value the function computing the stored value, or null
 * @param slug whether {@code value} gives text to turn into a unique slug
 * @param parse the conversion after reading, or null
 * @param stringify the conversion before writing, or null
 * @param where the function building the search condition
 * @param whereVal the function turning a search value into parameters
 * @param customWhere whether {@code where} is a function, or {@code whereVal} or
 *     {@code stringify} is set by the definition: then any search value, lists included, is
 *     handed to them
 * @param fullText the FTS5 tokenizer of a full-text column ({@link ColumnDef#fullText()}),
 *     or null
 */
public record Column(
    String name,
    boolean real,
    ColumnType type,
    String path,
    List<String> parts,
    String sql,
    String alias,
    boolean get,
    IndexKind index,
    boolean unique,
    boolean ignoreNull,
    Object defaultValue,
    boolean required,
    boolean falsyBool,
    boolean alwaysObject,
    ArrayMode arrayMode,
    boolean textSearch,
    boolean autoIncrement,
    ValueFunction value,
    boolean slug,
    Function<Object, Object> parse,
    Function<Object, Object> stringify,
    WhereFunction where,
    Function<Object, List<?>> whereVal,
    boolean customWhere,
    String fullText) {

  /** How a column's search treats arrays (SPEC §2.2 {@code isArray}, {@code in}, …). */
  public enum ArrayMode {
    /** A plain value: searching compares with {@code =} (or the column's {@code where}). */
    NONE,
    /** {@code in}: searching with a collection matches any of its values. */
    IN,
    /** {@code isArray}: the stored value is an array; searching matches arrays containing it. */
    IS_ARRAY,
    /** {@code inAll}: the stored array must contain every searched value. */
    IN_ALL,
    /** {@code isAnyOfArray}: the stored array must contain any of the searched values. */
    ANY_OF_ARRAY
  }

  /**
   * Creates a column; {@code parts} is copied.
   *
   * @param name see the record components
   * @param real see the record components
   * @param type see the record components
   * @param path see the record components
   * @param parts see the record components
   * @param sql see the record components
   * @param alias see the record components
   * @param get see the record components
   * @param index see the record components
   * @param unique see the record components
   * @param ignoreNull see the record components
   * @param defaultValue see the record components
   * @param required see the record components
   * @param falsyBool see the record components
   * @param alwaysObject see the record components
   * @param arrayMode see the record components
   * @param textSearch see the record components
   * @param autoIncrement see the record components
   * @param value see the record components
   * @param slug see the record components
   * @param parse see the record components
   * @param stringify see the record components
   * @param where see the record components
   * @param whereVal see the record components
   * @param customWhere see the record components
   * @param fullText see the record components
   */
  public Column {
    parts = List.copyOf(parts);
  }

  /**
   * The column as before full-text search existed (not full-text).
   *
   * @param name see the record components
   * @param real see the record components
   * @param type see the record components
   * @param path see the record components
   * @param parts see the record components
   * @param sql see the record components
   * @param alias see the record components
   * @param get see the record components
   * @param index see the record components
   * @param unique see the record components
   * @param ignoreNull see the record components
   * @param defaultValue see the record components
   * @param required see the record components
   * @param falsyBool see the record components
   * @param alwaysObject see the record components
   * @param arrayMode see the record components
   * @param textSearch see the record components
   * @param autoIncrement see the record components
   * @param value see the record components
   * @param slug see the record components
   * @param parse see the record components
   * @param stringify see the record components
   * @param where see the record components
   * @param whereVal see the record components
   * @param customWhere see the record components
   * @deprecated use the canonical constructor, which adds {@code fullText}
   */
  @Deprecated
  public Column(String name, boolean real, ColumnType type, String path, List<String> parts, String sql,
      String alias, boolean get, IndexKind index, boolean unique, boolean ignoreNull, Object defaultValue,
      boolean required, boolean falsyBool, boolean alwaysObject, ArrayMode arrayMode, boolean textSearch,
      boolean autoIncrement, ValueFunction value, boolean slug, Function<Object, Object> parse,
      Function<Object, Object> stringify, WhereFunction where, Function<Object, List<?>> whereVal,
      boolean customWhere) {
    this(name, real, type, path, parts, sql, alias, get, index, unique, ignoreNull, defaultValue, required,
        falsyBool, alwaysObject, arrayMode, textSearch, autoIncrement, value, slug, parse, stringify, where,
        whereVal, customWhere, null);
  }

  /**
   * Whether the column is searched with FTS5 ({@link ColumnDef#fullText()}).
   *
   * @return true for a full-text column
   */
  public boolean isFullText() {
    return fullText != null;
  }

  /**
   * Whether the column is indexed.
   *
   * @return true when an index exists for it
   */
  public boolean indexed() {
    return index != null;
  }

  /**
   * Whether searches with a collection value are allowed for this column.
   *
   * @return true for {@code in}, {@code inAll} and {@code isAnyOfArray} columns, and columns
   *     with a custom where function or whereVal
   */
  public boolean acceptsCollections() {
    return customWhere || arrayMode == ArrayMode.IN || arrayMode == ArrayMode.IN_ALL
        || arrayMode == ArrayMode.ANY_OF_ARRAY;
  }
}
