package io.strato.jsonmodel.internal;

import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.IndexKind;
import io.strato.jsonmodel.MatchMode;
import io.strato.jsonmodel.ValueFunction;
import io.strato.jsonmodel.WhereFunction;
import java.util.List;
import java.util.function.Function;

/** Builds a {@link ResolvedColumn} option by option ({@link ResolvedColumn#builder(String)}); not thread-safe. */
public final class ColumnBuilder {
  final String name;
  boolean real;
  ColumnType type;
  String path;
  List<String> parts;
  ExprTemplate expr;
  String rowAlias;
  String sql;
  String alias;
  boolean get;
  IndexKind index;
  boolean unique;
  boolean ignoreNull;
  Object defaultValue;
  boolean required;
  boolean falsyBool;
  boolean alwaysObject;
  boolean autoIncrement;
  ValueFunction value;
  boolean slug;
  Function<Object, Object> parse;
  Function<Object, Object> stringify;
  MatchMode match = MatchMode.EQUALS;
  String tokenizer;
  WhereFunction where;
  Function<Object, List<?>> whereVal;
  boolean customWhere;
  boolean fixedCondition;

  ColumnBuilder(String name) {
    this.name = name;
  }

  /**
   * @param type the SQLite type; non-null makes the column real
   * @return this
   */
  public ColumnBuilder real(ColumnType type) {
    this.real = type != null;
    this.type = type;
    return this;
  }

  /**
   * @param path the dot-separated path in the item (default: the name)
   * @return this
   */
  public ColumnBuilder path(String path) {
    this.path = path;
    return this;
  }

  /**
   * @param parts the path's parts, when they are not simply the path split at dots
   * @return this
   */
  public ColumnBuilder parts(List<String> parts) {
    this.parts = parts == null ? null : List.copyOf(parts);
    return this;
  }

  /**
   * A fixed expression, the same for every row alias (for columns not built by the model,
   * whose references to the row are unknown); the model's own columns use {@link #expr}.
   *
   * @param sql the table-qualified SQL expression (this or {@link #expr} is required)
   * @return this
   */
  public ColumnBuilder sql(String sql) {
    this.expr = sql == null ? null : ExprTemplate.fixed(sql);
    this.rowAlias = null;
    return this;
  }

  /**
   * The expression with its row references (see {@link ResolvedColumn#sqlFor}).
   *
   * @param expr the expression (this or {@link #sql} is required)
   * @param table the table's qualifier as SQL, which {@link ResolvedColumn#sql()} uses
   * @return this
   */
  public ColumnBuilder expr(ExprTemplate expr, String table) {
    this.expr = expr;
    this.rowAlias = table;
    return this;
  }

  /**
   * @param alias the SELECT alias (required)
   * @return this
   */
  public ColumnBuilder alias(String alias) {
    this.alias = alias;
    return this;
  }

  /**
   * @param get whether results include the value
   * @return this
   */
  public ColumnBuilder get(boolean get) {
    this.get = get;
    return this;
  }

  /**
   * The index.
   *
   * @param index the kind, or null for none
   * @param unique whether it is unique
   * @param ignoreNull whether it leaves out NULLs
   * @return this
   */
  public ColumnBuilder index(IndexKind index, boolean unique, boolean ignoreNull) {
    this.index = index;
    this.unique = unique;
    this.ignoreNull = ignoreNull;
    return this;
  }

  /**
   * @param defaultValue stored when the item has none
   * @return this
   */
  public ColumnBuilder defaultValue(Object defaultValue) {
    this.defaultValue = defaultValue;
    return this;
  }

  /**
   * @param required whether a value is required
   * @return this
   */
  public ColumnBuilder required(boolean required) {
    this.required = required;
    return this;
  }

  /**
   * @param falsyBool whether the value is stored as true/absent
   * @return this
   */
  public ColumnBuilder falsyBool(boolean falsyBool) {
    this.falsyBool = falsyBool;
    return this;
  }

  /**
   * @param alwaysObject for JSON columns: NULL reads as {@code {}}
   * @return this
   */
  public ColumnBuilder alwaysObject(boolean alwaysObject) {
    this.alwaysObject = alwaysObject;
    return this;
  }

  /**
   * @param autoIncrement AUTOINCREMENT (INTEGER id only)
   * @return this
   */
  public ColumnBuilder autoIncrement(boolean autoIncrement) {
    this.autoIncrement = autoIncrement;
    return this;
  }

  /**
   * The computed value.
   *
   * @param value the function, or null
   * @param slug whether its text becomes a unique slug
   * @return this
   */
  public ColumnBuilder value(ValueFunction value, boolean slug) {
    this.value = value;
    this.slug = slug;
    return this;
  }

  /**
   * The conversions.
   *
   * @param parse after reading, or null
   * @param stringify before writing, or null
   * @return this
   */
  public ColumnBuilder convert(Function<Object, Object> parse, Function<Object, Object> stringify) {
    this.parse = parse;
    this.stringify = stringify;
    return this;
  }

  /**
   * How searches match.
   *
   * @param match the mode (required)
   * @param tokenizer the FTS5 tokenizer for {@link MatchMode#FULL_TEXT}, else null
   * @return this
   */
  public ColumnBuilder match(MatchMode match, String tokenizer) {
    this.match = match;
    this.tokenizer = tokenizer;
    return this;
  }

  /**
   * The search condition.
   *
   * @param where builds the condition (required)
   * @param whereVal turns the searched value into parameters (required)
   * @param custom whether they (or stringify) come from the definition
   * @return this
   */
  public ColumnBuilder where(WhereFunction where, Function<Object, List<?>> whereVal, boolean custom) {
    this.where = where;
    this.whereVal = whereVal;
    this.customWhere = custom;
    return this;
  }

  /**
   * @param fixed whether the condition's SQL is the same whatever the searched value (see
   *     {@link ResolvedColumn#fixedCondition()}); default false
   * @return this
   */
  public ColumnBuilder fixedCondition(boolean fixed) {
    this.fixedCondition = fixed;
    return this;
  }

  /**
   * The column.
   *
   * @return the immutable column
   * @throws IllegalArgumentException naming the column when a required part is missing or
   *     the parts contradict each other
   */
  public ResolvedColumn build() {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Column: the name must be non-empty");
    }
    path = path == null ? name : path;
    parts = parts == null ? JsonPaths.split(path) : parts;
    sql = expr == null ? null : expr.render(rowAlias);
    require(sql != null && !sql.isBlank(), "an SQL expression");
    require(alias != null && !alias.isEmpty(), "an alias");
    require(match != null, "a match mode");
    require(where != null && whereVal != null, "a where function and a whereVal function");
    require((tokenizer != null) == (match == MatchMode.FULL_TEXT), "a tokenizer exactly when it is full-text");
    require(index != null || !unique, "an index to be unique");
    return new ResolvedColumn(this);
  }

  private void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException("Column '" + name + "': needs " + what);
    }
  }
}
