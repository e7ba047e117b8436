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
 *     .column("tags", column().isArray())
 *     .column("slug", column().real().slugValue(u -> u.path("name").asText()).index(IndexKind.DEFAULT))
 *     .build();
 * }</pre>
 *
 * <p>A definition is a mutable, not thread-safe builder; {@link ModelConfig.Builder#build()}
 * validates it and turns it into an immutable {@link Column}. Invalid combinations fail there
 * with an {@link IllegalArgumentException} naming the column.
 */
public final class ColumnDef {
  Boolean real;
  ColumnType type;
  String path;
  String alias;
  Boolean get;
  Function<Object, Object> parse;
  Function<Object, Object> stringify;
  boolean alwaysObject;
  ValueFunction value;
  ValueFunction slugValue;
  String sql;
  Object defaultValue;
  boolean required;
  boolean falsyBool;
  IndexKind index;
  boolean unique;
  Boolean ignoreNull;
  String whereSql;
  WhereFunction whereFn;
  Function<Object, List<?>> whereVal;
  boolean isArray;
  boolean in;
  boolean inAll;
  boolean isAnyOfArray;
  boolean textSearch;
  boolean autoIncrement;
  /** The FTS5 tokenizer of a full-text column, or null. */
  String fullText;
  /** Set when {@link #type(ColumnType)} was called with null: rejected when the column is resolved. */
  boolean typeNull;

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
    this.real = true;
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
    // The column's name is not known here: the resolver rejects it, naming the column.
    this.typeNull = type == null;
    this.type = type;
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
    this.path = path;
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
    this.alias = alias;
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
    this.get = get;
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
    this.parse = parse;
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
    this.stringify = stringify;
    return this;
  }

  /**
   * For JSON columns: NULL in the database reads as {@code {}}, and {@code {}} is stored as
   * NULL.
   *
   * @return this
   */
  public ColumnDef alwaysObject() {
    this.alwaysObject = true;
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
    this.value = value;
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
    this.slugValue = slugValue;
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
    this.sql = sql;
    return this;
  }

  /**
   * The value stored when the item has none (null).
   *
   * @param defaultValue a String, Number, Boolean or JsonNode
   * @return this
   */
  public ColumnDef defaultValue(Object defaultValue) {
    this.defaultValue = defaultValue;
    return this;
  }

  /**
   * Writing an item without a value for this column is an error.
   *
   * @return this
   */
  public ColumnDef required() {
    this.required = true;
    return this;
  }

  /**
   * Stores {@code true} or nothing: truthy values become true, others are removed. Reading
   * gives {@code true} or no key; searching {@code true}/{@code false} matches set/unset.
   *
   * @return this
   */
  public ColumnDef falsyBool() {
    this.falsyBool = true;
    return this;
  }

  /**
   * Indexes the column (virtual columns get an expression index).
   *
   * @param index the kind of index
   * @return this
   */
  public ColumnDef index(IndexKind index) {
    this.index = index;
    return this;
  }

  /**
   * Makes the index unique. Requires {@link #index(IndexKind)}.
   *
   * @return this
   */
  public ColumnDef unique() {
    this.unique = true;
    return this;
  }

  /**
   * Overrides whether the index leaves out NULLs (true = sparse, false = dense).
   *
   * @param ignoreNull leave NULLs out of the index
   * @return this
   */
  public ColumnDef ignoreNull(boolean ignoreNull) {
    this.ignoreNull = ignoreNull;
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
    this.whereSql = where;
    return this;
  }

  /**
   * A function building the SQL condition from the parameters and the search value.
   *
   * @param where the function
   * @return this
   */
  public ColumnDef where(WhereFunction where) {
    this.whereFn = where;
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
    this.whereVal = whereVal;
    return this;
  }

  /**
   * The value is an array; searching for a value matches items whose array contains it.
   *
   * @return this
   */
  public ColumnDef isArray() {
    this.isArray = true;
    return this;
  }

  /**
   * Searching with a collection matches any of its values.
   *
   * @return this
   */
  public ColumnDef in() {
    this.in = true;
    return this;
  }

  /**
   * With {@link #isArray()}: searching with a collection matches items whose array holds all
   * of its values.
   *
   * @return this
   */
  public ColumnDef inAll() {
    this.inAll = true;
    return this;
  }

  /**
   * {@link #isArray()} + {@link #in()}: searching with a collection matches items whose array
   * holds any of its values.
   *
   * @return this
   */
  public ColumnDef isAnyOfArray() {
    this.isAnyOfArray = true;
    return this;
  }

  /**
   * Searching does a case-insensitive (for ASCII) substring match ({@code LIKE %v%}, with
   * {@code %} and {@code _} in the value matched literally).
   *
   * @return this
   */
  public ColumnDef textSearch() {
    this.textSearch = true;
    return this;
  }

  /**
   * For an INTEGER id column: {@code AUTOINCREMENT}, so ids of deleted rows are never
   * reused.
   *
   * @return this
   */
  public ColumnDef autoIncrement() {
    this.autoIncrement = true;
    return this;
  }

  /**
   * Full-text search with SQLite FTS5, using the {@code unicode61 remove_diacritics 2}
   * tokenizer (case- and accent-insensitive words in any script); see
   * {@link #fullText(String)}.
   *
   * @return this
   */
  public ColumnDef fullText() {
    return fullText(FULL_TEXT_TOKENIZER);
  }

  /** The tokenizer {@link #fullText()} uses. */
  public static final String FULL_TEXT_TOKENIZER = "unicode61 remove_diacritics 2";

  /**
   * Full-text search with SQLite FTS5 (SPEC §13). The column's text is indexed in an
   * external-content FTS5 table {@code <model>_<column>_fts}, created (and filled from the
   * existing rows) by the column's migration {@code 0_<column>~fts} and kept in sync by
   * triggers on the model's table, so every write, whatever its path, updates the index.
   *
   * <p>Searching the column ({@code search(Map.of("body", "quick AND fox*"))}) takes an FTS5
   * query (words, {@code "phrases"}, {@code prefix*}, {@code AND}/{@code OR}/{@code NOT},
   * {@code NEAR(…)}); it combines with the other attributes, options, paging and totals.
   * {@link SearchOptions#sortByRank(String, int)} orders by relevance ({@code bm25}),
   * {@link SearchOptions#snippet(String)} and {@link JsonModel#searchHits} return highlighted
   * snippets. A malformed query is an {@link IllegalArgumentException} naming the column.
   *
   * <p>The column may be virtual (a path in the JSON; an array of strings is indexed as its
   * JSON text) or a real TEXT column. It needs a table with integer rowids (the default
   * {@code keepRowId}, or an INTEGER id); it cannot be combined with {@code sql},
   * {@code where}, {@code whereVal}, {@code textSearch}, {@code falsyBool} or the array and
   * {@code in} options. Removing the option later leaves the FTS table and its triggers in
   * place (drop them with a migration).
   *
   * @param tokenize the FTS5 {@code tokenize} option, e.g. {@code "porter unicode61"} or
   *     {@code "trigram"}
   * @return this
   */
  public ColumnDef fullText(String tokenize) {
    this.fullText = tokenize;
    if (tokenize == null || tokenize.isBlank()) {
      throw new IllegalArgumentException("ColumnDef.fullText: the tokenizer must be non-blank");
    }
    return this;
  }
}
