package io.strato.jsonmodel;

import java.util.List;
import java.util.function.Function;

/**
 * The definition of one column of a {@link JsonModel}, written fluently; one method per
 * option of SPEC §2.2. A column is <em>virtual</em> (computed in SQL from the stored JSON)
 * unless {@link #real()} or {@link #type(ColumnType)} makes it a real table column.
 *
 * <pre>{@code
 * ModelConfig.builder("users", User.class)
 *     .column("email", column().type(ColumnType.TEXT).index(IndexKind.DEFAULT).unique())
 *     .column("city", column().path("address.city").index(IndexKind.SPARSE))   // virtual
 *     .column("tags", column().match(MatchMode.IS_ARRAY))
 *     .column("slug", column().real().slugValue(u -> u.path("name").asText()).index(IndexKind.DEFAULT))
 *     .build();
 * }</pre>
 *
 * <p>A definition is a mutable, not thread-safe builder; {@link ModelConfig.Builder#build()}
 * validates it and turns it into an immutable {@link Column}. Invalid combinations fail there
 * with an {@link IllegalArgumentException} naming the column.
 */
public final class ColumnDef {
  /** What the setters record; read by the resolver. */
  final ColumnOptions o = new ColumnOptions();

  private ColumnDef() {}

  /**
   * Starts a new column definition (virtual, no options).
   *
   * @return the definition
   */
  public static ColumnDef column() {
    return new ColumnDef();
  }

  /**
   * Makes the column a real table column (BLOB unless a type is given; INTEGER for
   * falsyBool). Its value is taken out of the stored JSON and put back when reading.
   *
   * @return this
   */
  public ColumnDef real() {
    o.real = true;
    return this;
  }

  /**
   * The column's SQLite type; implies {@link #real()}.
   *
   * @param type the type (null is rejected by {@link ModelConfig.Builder#build()} with an
   *     {@link IllegalArgumentException} naming the column)
   * @return this
   */
  public ColumnDef type(ColumnType type) {
    o.typeNull = type == null;
    o.type = type;
    return this;
  }

  /**
   * Where the value lives in the item, dot-separated ({@code info.name}); default: the column
   * name.
   *
   * @param path the path
   * @return this
   */
  public ColumnDef path(String path) {
    o.path = path;
    return this;
  }

  /**
   * The alias used in SELECTs (auto-assigned otherwise). Two columns with the same alias are
   * an error.
   *
   * @param alias the alias
   * @return this
   */
  public ColumnDef alias(String alias) {
    o.alias = alias;
    return this;
  }

  /**
   * Whether the column's value is selected and put into results at its path (default: true
   * for real columns, false for virtual ones). A real column with {@code get(false)} still
   * leaves the object's own value at its path in the stored JSON (so it is not lost on a
   * read-modify-write); a value it computes ({@code value}, {@code default}) goes only into
   * the column.
   *
   * @param get include in results
   * @return this
   */
  public ColumnDef get(boolean get) {
    o.get = get;
    return this;
  }

  /**
   * Converts the stored value after reading (only for {@code get} columns). The function
   * gets the column value (a plain Java value, or a JsonNode for JSON columns) and returns
   * what goes into the item (anything Jackson can turn into JSON).
   *
   * @param parse the conversion
   * @return this
   */
  public ColumnDef parse(Function<Object, Object> parse) {
    o.parse = parse;
    return this;
  }

  /**
   * Converts the value before writing (only for real columns). Gets the value from the item
   * (a plain Java value, or a JsonNode for objects/arrays) and returns what is stored.
   *
   * @param stringify the conversion
   * @return this
   */
  public ColumnDef stringify(Function<Object, Object> stringify) {
    o.stringify = stringify;
    return this;
  }

  /**
   * For JSON columns: NULL in the database reads as {@code {}}, and {@code {}} is stored as
   * NULL.
   *
   * @return this
   */
  public ColumnDef alwaysObject() {
    o.alwaysObject = true;
    return this;
  }

  /**
   * Computes the value stored in the column at write time (also put into the item at the
   * column's path).
   *
   * @param value the function
   * @return this
   */
  public ColumnDef value(ValueFunction value) {
    o.value = value;
    return this;
  }

  /**
   * Like {@link #value}, but the result becomes a URL slug that is unique in this column
   * ({@code name}, {@code name-2}, …). An item that already has a value keeps it. Requires
   * an index.
   *
   * @param slugValue the function giving the text to slugify
   * @return this
   */
  public ColumnDef slugValue(ValueFunction slugValue) {
    o.slugValue = slugValue;
    return this;
  }

  /**
   * An SQL expression to select and filter by instead of the default (the column itself, or
   * {@code json_extract} of the path). Raw SQL by design: never build it from user input.
   *
   * @param sql the expression
   * @return this
   */
  public ColumnDef sql(String sql) {
    o.sql = sql;
    return this;
  }

  /**
   * The value stored when the item has none (null).
   *
   * @param defaultValue a String, Number, Boolean or JsonNode
   * @return this
   */
  public ColumnDef defaultValue(Object defaultValue) {
    o.defaultValue = defaultValue;
    return this;
  }

  /**
   * Writing an item without a value for this column is an error.
   *
   * @return this
   */
  public ColumnDef required() {
    o.required = true;
    return this;
  }

  /**
   * Stores {@code true} or nothing: truthy values become true, others are removed. Reading
   * gives {@code true} or no key; searching {@code true}/{@code false} matches set/unset.
   *
   * @return this
   */
  public ColumnDef falsyBool() {
    o.falsyBool = true;
    return this;
  }

  /**
   * Indexes the column (virtual columns get an expression index).
   *
   * @param index the kind of index
   * @return this
   */
  public ColumnDef index(IndexKind index) {
    o.index = index;
    return this;
  }

  /**
   * Makes the index unique. Requires {@link #index(IndexKind)}.
   *
   * @return this
   */
  public ColumnDef unique() {
    o.unique = true;
    return this;
  }

  /**
   * Overrides whether the index leaves out NULLs (true = sparse, false = dense).
   *
   * @param ignoreNull leave NULLs out of the index
   * @return this
   */
  public ColumnDef ignoreNull(boolean ignoreNull) {
    o.ignoreNull = ignoreNull;
    return this;
  }

  /**
   * The SQL condition used when searching by this column, with {@code ?} placeholders for
   * the {@link #whereVal} parameters (default: {@code <sql> = ?}). Raw SQL by design.
   *
   * @param where the condition
   * @return this
   */
  public ColumnDef where(String where) {
    o.whereSql = where;
    return this;
  }

  /**
   * A function building the SQL condition from the parameters and the search value.
   *
   * @param where the function
   * @return this
   */
  public ColumnDef where(WhereFunction where) {
    o.whereFn = where;
    return this;
  }

  /**
   * Turns the search value into the parameters bound to the {@code where} condition;
   * returning null skips the condition.
   *
   * @param whereVal the function
   * @return this
   */
  public ColumnDef whereVal(Function<Object, List<?>> whereVal) {
    o.whereVal = whereVal;
    return this;
  }

  /**
   * How searching this column matches the searched value (default {@link MatchMode#EQUALS}).
   *
   * @param mode the mode (null is rejected by {@link ModelConfig.Builder#build()}, naming the
   *     column)
   * @return this
   */
  public ColumnDef match(MatchMode mode) {
    o.matchNull = mode == null;
    o.match = mode;
    return this;
  }

  /**
   * The value is an array; searching for a value matches items whose array contains it.
   *
   * @return this
   * @deprecated use {@code match(MatchMode.IS_ARRAY)} (with {@link #in()}: {@code IS_ANY_OF_ARRAY};
   *     with {@link #inAll()}: {@code IN_ALL})
   */
  @Deprecated
  public ColumnDef isArray() {
    return legacy(LegacyMatch.IS_ARRAY);
  }

  /**
   * Searching with a collection matches any of its values.
   *
   * @return this
   * @deprecated use {@code match(MatchMode.IN)}
   */
  @Deprecated
  public ColumnDef in() {
    return legacy(LegacyMatch.IN);
  }

  /**
   * With {@link #isArray()}: searching with a collection matches items whose array holds all
   * of its values.
   *
   * @return this
   * @deprecated use {@code match(MatchMode.IN_ALL)} (which implies the array)
   */
  @Deprecated
  public ColumnDef inAll() {
    return legacy(LegacyMatch.IN_ALL);
  }

  /**
   * Searching with a collection matches items whose array holds any of its values.
   *
   * @return this
   * @deprecated use {@code match(MatchMode.IS_ANY_OF_ARRAY)}
   */
  @Deprecated
  public ColumnDef isAnyOfArray() {
    return legacy(LegacyMatch.IS_ANY_OF_ARRAY);
  }

  /**
   * Searching does a substring match; see {@link MatchMode#TEXT_SEARCH}.
   *
   * @return this
   * @deprecated use {@code match(MatchMode.TEXT_SEARCH)}
   */
  @Deprecated
  public ColumnDef textSearch() {
    return legacy(LegacyMatch.TEXT_SEARCH);
  }

  private ColumnDef legacy(LegacyMatch flag) {
    o.legacyMatch.add(flag);
    return this;
  }

  /**
   * For an INTEGER id column: {@code AUTOINCREMENT}, so ids of deleted rows are never
   * reused.
   *
   * @return this
   */
  public ColumnDef autoIncrement() {
    o.autoIncrement = true;
    return this;
  }

  /**
   * Full-text search with SQLite FTS5 and the {@link #FULL_TEXT_TOKENIZER}; the same as
   * {@code match(MatchMode.FULL_TEXT)}. See {@link #fullText(String)}.
   *
   * @return this
   */
  public ColumnDef fullText() {
    return fullText(FULL_TEXT_TOKENIZER);
  }

  /** The tokenizer {@link #fullText()} uses: words of any script, case and accents folded. */
  public static final String FULL_TEXT_TOKENIZER = "unicode61 remove_diacritics 2";

  /**
   * Full-text search with SQLite FTS5 (SPEC §13; the module README has the details). The
   * column's text is indexed in an external-content FTS5 table {@code <model>_<column>_fts},
   * created and filled by the column's migration {@code 0_<column>~fts} and kept in sync by
   * triggers. Searching the column takes an FTS5 query ({@code "quick AND fox*"}) that combines
   * with the other attributes, paging and totals; {@link SearchOptions#sortByRank} orders by
   * {@code bm25} and {@link JsonModel#searchHits} returns snippets. A malformed query is an
   * {@link IllegalArgumentException} naming the column.
   *
   * <p>The column is virtual or a real TEXT column in a table with integer rowids; it cannot
   * have {@code sql}, {@code where}, {@code whereVal}, {@code stringify} or {@code falsyBool}.
   *
   * @param tokenize the FTS5 {@code tokenize} option, e.g. {@code "porter unicode61"}
   * @return this
   * @throws IllegalArgumentException for a null or blank tokenizer
   */
  public ColumnDef fullText(String tokenize) {
    if (tokenize == null || tokenize.isBlank()) {
      throw new IllegalArgumentException("ColumnDef.fullText: the tokenizer must be non-blank");
    }
    o.match = MatchMode.FULL_TEXT;
    o.matchNull = false;
    o.tokenizer = tokenize;
    return this;
  }
}
