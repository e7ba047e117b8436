package io.strato.jsonmodel;

import io.strato.jsonmodel.internal.ResolvedColumn;
import java.util.List;
import java.util.function.Function;

/**
 * A column of a {@link JsonModel} as resolved from its {@link ColumnDef} (see
 * {@link JsonModel#columns()}): its name, SQLite type, whether it is a real table column,
 * its path in the item, its index and how searches match it. Immutable.
 *
 * <p>Until 0.1 this was a record of every resolved option; those accessors and constructors
 * still work but are deprecated: they expose how the model builds its SQL, which is not part
 * of the API.
 */
public final class Column {
  static {
    // the modules the internal package is exported to read the resolved column this way
    io.strato.jsonmodel.internal.ResolvedColumns.install(Column::resolved);
  }

  private final ResolvedColumn c;

  /**
   * How a column's search treats arrays.
   *
   * @deprecated use {@link MatchMode} ({@link #match()})
   */
  @Deprecated
  public enum ArrayMode {
    /** A plain value. */
    NONE,
    /** {@link MatchMode#IN}. */
    IN,
    /** {@link MatchMode#IS_ARRAY}. */
    IS_ARRAY,
    /** {@link MatchMode#IN_ALL}. */
    IN_ALL,
    /** {@link MatchMode#IS_ANY_OF_ARRAY}. */
    ANY_OF_ARRAY
  }

  Column(ResolvedColumn resolved) {
    this.c = resolved;
  }

  /**
   * Creates a column from every resolved option (the former record's canonical constructor).
   * The model never reads such a column; it resolves its own from {@link ColumnDef}s.
   *
   * @throws IllegalArgumentException when the name, sql, alias, where or whereVal is missing
   * @deprecated columns are defined with {@link ColumnDef} and read with
   *     {@link JsonModel#columns()}
   */
  @Deprecated
  public Column(String name, boolean real, ColumnType type, String path, List<String> parts, String sql,
      String alias, boolean get, IndexKind index, boolean unique, boolean ignoreNull, Object defaultValue,
      boolean required, boolean falsyBool, boolean alwaysObject, ArrayMode arrayMode, boolean textSearch,
      boolean autoIncrement, ValueFunction value, boolean slug, Function<Object, Object> parse,
      Function<Object, Object> stringify, WhereFunction where, Function<Object, List<?>> whereVal,
      boolean customWhere, String fullText) {
    this(ResolvedColumn.builder(name).real(real ? (type == null ? ColumnType.BLOB : type) : null).path(path)
        .parts(parts).sql(sql).alias(alias).get(get).index(index, unique, ignoreNull).defaultValue(defaultValue)
        .required(required).falsyBool(falsyBool).alwaysObject(alwaysObject).autoIncrement(autoIncrement)
        .value(value, slug).convert(parse, stringify).match(mode(arrayMode, textSearch, fullText), fullText)
        .where(where, whereVal, customWhere).build());
  }

  /**
   * Like the constructor above, for a column that is not full-text.
   *
   * @throws IllegalArgumentException as the constructor above
   * @deprecated as the constructor above
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

  private static MatchMode mode(ArrayMode arrayMode, boolean textSearch, String fullText) {
    if (fullText != null) {
      return MatchMode.FULL_TEXT;
    }
    if (textSearch) {
      return MatchMode.TEXT_SEARCH;
    }
    return switch (arrayMode == null ? ArrayMode.NONE : arrayMode) {
      case NONE -> MatchMode.EQUALS;
      case IN -> MatchMode.IN;
      case IS_ARRAY -> MatchMode.IS_ARRAY;
      case IN_ALL -> MatchMode.IN_ALL;
      case ANY_OF_ARRAY -> MatchMode.IS_ANY_OF_ARRAY;
    };
  }

  /** The resolved column the model works with. */
  ResolvedColumn resolved() {
    return c;
  }

  /** @return the column name (the key used in search attributes) */
  public String name() {
    return c.name();
  }

  /** @return the SQLite type of a real column, or null for a virtual one */
  public ColumnType type() {
    return c.type();
  }

  /** @return whether it is a real table column (else computed from the stored JSON) */
  public boolean real() {
    return c.real();
  }

  /** @return the dot-separated path of the value in the item ({@code ""} for the json column) */
  public String path() {
    return c.path();
  }

  /** @return whether the column is indexed */
  public boolean indexed() {
    return c.indexed();
  }

  /** @return whether its index is unique */
  public boolean unique() {
    return c.unique();
  }

  /** @return how searches match the searched value */
  public MatchMode match() {
    return c.match();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Column other && other.c == c;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(c);
  }

  @Override
  public String toString() {
    return "Column[" + c.name() + ", " + (c.real() ? c.type() : "virtual") + ", path '" + c.path() + "'"
        + (c.indexed() ? c.unique() ? ", unique index" : ", index" : "") + ", " + c.match() + "]";
  }

  // ------------------------------------------------------------ deprecated: resolution details

  /**
   * @return the path split at dots
   * @deprecated an internal detail; split {@link #path()}
   */
  @Deprecated
  public List<String> parts() {
    return c.parts();
  }

  /**
   * @return the SQL expression selecting the value
   * @deprecated an internal detail
   */
  @Deprecated
  public String sql() {
    return c.sql();
  }

  /**
   * @return the alias in SELECTs
   * @deprecated an internal detail
   */
  @Deprecated
  public String alias() {
    return c.alias();
  }

  /**
   * @return whether results include the value
   * @deprecated an internal detail
   */
  @Deprecated
  public boolean get() {
    return c.get();
  }

  /**
   * @return the index kind, or null
   * @deprecated use {@link #indexed()}
   */
  @Deprecated
  public IndexKind index() {
    return c.index();
  }

  /**
   * @return whether the index leaves out NULLs
   * @deprecated an internal detail
   */
  @Deprecated
  public boolean ignoreNull() {
    return c.ignoreNull();
  }

  /**
   * @return the default value, or null
   * @deprecated an internal detail
   */
  @Deprecated
  public Object defaultValue() {
    return c.defaultValue();
  }

  /**
   * @return whether a value is required
   * @deprecated an internal detail
   */
  @Deprecated
  public boolean required() {
    return c.required();
  }

  /**
   * @return whether stored as true/absent
   * @deprecated an internal detail
   */
  @Deprecated
  public boolean falsyBool() {
    return c.falsyBool();
  }

  /**
   * @return whether NULL reads as {@code {}}
   * @deprecated an internal detail
   */
  @Deprecated
  public boolean alwaysObject() {
    return c.alwaysObject();
  }

  /**
   * @return how searches treat arrays
   * @deprecated use {@link #match()}
   */
  @Deprecated
  public ArrayMode arrayMode() {
    return switch (c.match()) {
      case IN -> ArrayMode.IN;
      case IS_ARRAY -> ArrayMode.IS_ARRAY;
      case IN_ALL -> ArrayMode.IN_ALL;
      case IS_ANY_OF_ARRAY -> ArrayMode.ANY_OF_ARRAY;
      default -> ArrayMode.NONE;
    };
  }

  /**
   * @return whether searching is a substring match
   * @deprecated use {@link #match()}
   */
  @Deprecated
  public boolean textSearch() {
    return c.match() == MatchMode.TEXT_SEARCH;
  }

  /**
   * @return whether the INTEGER id is AUTOINCREMENT
   * @deprecated an internal detail
   */
  @Deprecated
  public boolean autoIncrement() {
    return c.autoIncrement();
  }

  /**
   * @return the computed-value function, or null
   * @deprecated an internal detail
   */
  @Deprecated
  public ValueFunction value() {
    return c.value();
  }

  /**
   * @return whether the value becomes a unique slug
   * @deprecated an internal detail
   */
  @Deprecated
  public boolean slug() {
    return c.slug();
  }

  /**
   * @return the conversion after reading, or null
   * @deprecated an internal detail
   */
  @Deprecated
  public Function<Object, Object> parse() {
    return c.parse();
  }

  /**
   * @return the conversion before writing, or null
   * @deprecated an internal detail
   */
  @Deprecated
  public Function<Object, Object> stringify() {
    return c.stringify();
  }

  /**
   * @return the search-condition function
   * @deprecated an internal detail
   */
  @Deprecated
  public WhereFunction where() {
    return c.where();
  }

  /**
   * @return the search-parameter function
   * @deprecated an internal detail
   */
  @Deprecated
  public Function<Object, List<?>> whereVal() {
    return c.whereVal();
  }

  /**
   * @return whether the definition gave its own condition
   * @deprecated an internal detail
   */
  @Deprecated
  public boolean customWhere() {
    return c.customWhere();
  }

  /**
   * @return the FTS5 tokenizer, or null
   * @deprecated an internal detail; see {@link #match()}
   */
  @Deprecated
  public String fullText() {
    return c.fullText();
  }

  /**
   * @return whether searched with FTS5
   * @deprecated use {@code match() == MatchMode.FULL_TEXT}
   */
  @Deprecated
  public boolean isFullText() {
    return c.isFullText();
  }

  /**
   * @return whether searches take collections
   * @deprecated use {@link MatchMode#takesCollections()}
   */
  @Deprecated
  public boolean acceptsCollections() {
    return c.acceptsCollections();
  }
}
