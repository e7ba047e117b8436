package io.strato.jsonmodel.internal;

import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.MatchMode;
import io.strato.jsonmodel.ValueFunction;
import io.strato.jsonmodel.WhereFunction;
import java.util.List;
import java.util.function.Function;

/**
 * A column with every option in its final form (defaults filled in, {@code sql} the
 * table-qualified expression used in queries, {@code where} a function): what the SQL
 * builders, row mappers and writers work with. Built by name with {@link #builder(String)},
 * so a new option is one more builder method, not one more positional argument. Immutable
 * and thread-safe; equality is identity (columns hold functions).
 */
public final class ResolvedColumn {
  private final String name;
  private final boolean real;
  private final ColumnType type;
  private final String path;
  private final List<String> parts;
  private final ExprTemplate expr;
  private final String sql;
  private final String alias;
  private final boolean get;
  private final IndexKind index;
  private final boolean unique;
  private final boolean ignoreNull;
  private final Object defaultValue;
  private final boolean required;
  private final boolean falsyBool;
  private final boolean alwaysObject;
  private final boolean autoIncrement;
  private final ValueFunction value;
  private final boolean slug;
  private final Function<Object, Object> parse;
  private final Function<Object, Object> stringify;
  private final MatchMode match;
  private final String tokenizer;
  private final WhereFunction where;
  private final Function<Object, List<?>> whereVal;
  private final boolean customWhere;
  private final boolean fixedCondition;

  ResolvedColumn(ColumnBuilder b) {
    name = b.name;
    real = b.real;
    type = b.type;
    path = b.path;
    parts = b.parts;
    expr = b.expr;
    sql = b.sql;
    alias = b.alias;
    get = b.get;
    index = b.index;
    unique = b.unique;
    ignoreNull = b.ignoreNull;
    defaultValue = b.defaultValue;
    required = b.required;
    falsyBool = b.falsyBool;
    alwaysObject = b.alwaysObject;
    autoIncrement = b.autoIncrement;
    value = b.value;
    slug = b.slug;
    parse = b.parse;
    stringify = b.stringify;
    match = b.match;
    tokenizer = b.tokenizer;
    where = b.where;
    whereVal = b.whereVal;
    customWhere = b.customWhere;
    fixedCondition = b.fixedCondition;
  }

  /**
   * Starts a column.
   *
   * @param name the column name (the key used in search attributes)
   * @return a builder: virtual, path = name, matched with {@link MatchMode#EQUALS}
   */
  public static ColumnBuilder builder(String name) {
    return new ColumnBuilder(name);
  }

  /** @return the column name */
  public String name() {
    return name;
  }

  /** @return whether it is a real table column */
  public boolean real() {
    return real;
  }

  /** @return the SQLite type of a real column, or null for a virtual one */
  public ColumnType type() {
    return type;
  }

  /** @return the dot-separated path in the item ({@code ""} for the json column) */
  public String path() {
    return path;
  }

  /** @return the path split at dots */
  public List<String> parts() {
    return parts;
  }

  /** @return the SQL expression selecting the value (table-qualified) */
  public String sql() {
    return sql;
  }

  /**
   * The expression selecting the value from a given row: {@code "new"}/{@code "old"} in a
   * trigger, null for an index (unqualified), the table for queries (= {@link #sql()}). Built
   * from the column's parts, so a table name inside a JSON path or literal stays as it is.
   *
   * @param rowAlias the row's qualifier as SQL, or null/empty for none
   * @return the SQL
   */
  public String sqlFor(String rowAlias) {
    return expr.render(rowAlias);
  }

  /** @return the expression with its row references, for expressions built on this one */
  public ExprTemplate expr() {
    return expr;
  }

  /** @return the alias of the value in SELECTs */
  public String alias() {
    return alias;
  }

  /** @return whether the value is selected into results */
  public boolean get() {
    return get;
  }

  /** @return the index kind, or null when not indexed */
  public IndexKind index() {
    return index;
  }

  /** @return whether the column is indexed */
  public boolean indexed() {
    return index != null;
  }

  /** @return whether the index is unique */
  public boolean unique() {
    return unique;
  }

  /** @return whether the index leaves out NULLs (a partial index) */
  public boolean ignoreNull() {
    return ignoreNull;
  }

  /** @return the value stored when none is given, or null */
  public Object defaultValue() {
    return defaultValue;
  }

  /** @return whether a value is required */
  public boolean required() {
    return required;
  }

  /** @return whether the value is stored as true/absent */
  public boolean falsyBool() {
    return falsyBool;
  }

  /** @return for JSON columns: whether NULL reads as {@code {}} */
  public boolean alwaysObject() {
    return alwaysObject;
  }

  /** @return whether an INTEGER id column is AUTOINCREMENT */
  public boolean autoIncrement() {
    return autoIncrement;
  }

  /** @return the function computing the stored value, or null */
  public ValueFunction value() {
    return value;
  }

  /** @return whether {@link #value()} gives text to turn into a unique slug */
  public boolean slug() {
    return slug;
  }

  /** @return the conversion after reading, or null */
  public Function<Object, Object> parse() {
    return parse;
  }

  /** @return the conversion before writing, or null */
  public Function<Object, Object> stringify() {
    return stringify;
  }

  /** @return how searches match the searched value */
  public MatchMode match() {
    return match;
  }

  /** @return the FTS5 tokenizer of a full-text column, or null */
  public String fullText() {
    return tokenizer;
  }

  /** @return whether the column is searched with FTS5 */
  public boolean isFullText() {
    return match == MatchMode.FULL_TEXT;
  }

  /** @return the function building the search condition */
  public WhereFunction where() {
    return where;
  }

  /** @return the function turning a search value into the condition's parameters */
  public Function<Object, List<?>> whereVal() {
    return whereVal;
  }

  /**
   * Whether the where function, whereVal or stringify was given by the definition: then any
   * search value, lists included, is handed to them.
   *
   * @return true for a custom condition
   */
  public boolean customWhere() {
    return customWhere;
  }

  /**
   * Whether the search condition's SQL is the same whatever the searched value (the plain
   * modes without custom where/whereVal functions), so a query's text can be reused.
   *
   * @return true when {@link #where()} ignores its arguments and whereVal never returns null
   */
  public boolean fixedCondition() {
    return fixedCondition;
  }

  /**
   * Whether a search of this column may be given a collection of values.
   *
   * @return true for the array and {@code in} modes and custom conditions
   */
  public boolean acceptsCollections() {
    return customWhere || match.takesCollections();
  }

  @Override
  public String toString() {
    return "Column[" + name + (real ? " " + type : " virtual") + ", " + sql + "]";
  }
}
