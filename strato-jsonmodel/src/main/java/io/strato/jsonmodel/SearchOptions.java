package io.strato.jsonmodel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Options for {@link JsonModel#search}, written fluently:
 *
 * <pre>{@code
 * Page<User> page = users.search(Map.of("city", "Gent"),
 *     options().sort("lastName", 1).sort("age", -2).limit(20).cursor(previous.cursor()));
 * }</pre>
 *
 * <p>{@link #where}, {@link #join} and {@link #sortSql} take raw SQL by design: never build
 * them from user input; pass user values as their parameters. {@link #sort(String, int)}
 * accepts only column names of the model.
 *
 * <p>An instance is a mutable, not thread-safe builder; the model reads it once per call.
 */
public final class SearchOptions {
  /**
   * One raw SQL fragment and its parameters.
   *
   * @param sql the SQL
   * @param params the values for its {@code ?}s
   */
  public record Clause(String sql, List<Object> params) {
    /** Creates a clause; params are copied (nulls allowed). */
    public Clause {
      params = Collections.unmodifiableList(new ArrayList<>(params));
    }
  }

  /**
   * One sort key.
   *
   * @param key a column name, or SQL when {@code sql} is true
   * @param sql whether the key is raw SQL
   * @param dirPrecedence the sign gives the direction (negative = descending), the magnitude
   *     the precedence (smaller sorts first)
   * @param rank whether the key is the full-text relevance of the column {@code key}
   *     ({@link #sortByRank(String, int)}); positive dirPrecedence = most relevant first
   */
  public record Sort(String key, boolean sql, int dirPrecedence, boolean rank) {
    /** A column or SQL sort key (not a relevance sort); the components as above. */
    public Sort(String key, boolean sql, int dirPrecedence) {
      this(key, sql, dirPrecedence, false);
    }

    /** @return whether this key sorts descending (a negative dirPrecedence) */
    public boolean descending() {
      return dirPrecedence < 0;
    }
  }

  private final List<Clause> wheres = new ArrayList<>();
  private final List<Clause> joins = new ArrayList<>();
  private final List<Sort> sorts = new ArrayList<>();
  private final List<Snippet> snippets = new ArrayList<>();
  private boolean scores;
  private Integer limit;
  private Integer offset;
  private List<String> cols;
  private String cursor;
  private boolean noCursor;
  private boolean noTotal;
  private boolean distinct;

  private SearchOptions() {}

  /**
   * New, empty options.
   *
   * @return the options
   */
  public static SearchOptions options() {
    return new SearchOptions();
  }

  /**
   * A copy of these options, to change without touching the original.
   *
   * @return the copy
   */
  public SearchOptions copy() {
    SearchOptions o = new SearchOptions();
    o.wheres.addAll(wheres);
    o.joins.addAll(joins);
    o.sorts.addAll(sorts);
    o.limit = limit;
    o.offset = offset;
    o.cols = cols;
    o.cursor = cursor;
    o.noCursor = noCursor;
    o.noTotal = noTotal;
    o.distinct = distinct;
    o.snippets.addAll(snippets);
    o.scores = scores;
    return o;
  }

  /**
   * Adds a raw SQL condition, AND-ed with the others.
   *
   * @param clause SQL with {@code ?} placeholders
   * @param params the values for them
   * @return this
   * @throws IllegalArgumentException for a blank clause
   */
  public SearchOptions where(String clause, Object... params) {
    wheres.add(new Clause(requireSql("where", clause), params == null ? List.of() : Arrays.asList(params)));
    return this;
  }

  /**
   * Adds raw SQL after {@code FROM <table>}, e.g. {@code JOIN other o ON o.id = "t".ref}.
   *
   * @param sql the join SQL
   * @param params the values for its {@code ?}s
   * @return this
   * @throws IllegalArgumentException for blank SQL
   */
  public SearchOptions join(String sql, Object... params) {
    joins.add(new Clause(requireSql("join", sql), params == null ? List.of() : Arrays.asList(params)));
    return this;
  }

  /**
   * Sorts by a column of the model. The sign of {@code dirPrecedence} is the direction
   * (negative = descending), its magnitude the precedence (smaller sorts first).
   *
   * @param column a column name
   * @param dirPrecedence non-zero
   * @return this
   * @throws IllegalArgumentException for a null name or a zero dirPrecedence
   */
  public SearchOptions sort(String column, int dirPrecedence) {
    sorts.add(new Sort(requireSql("sort", column), false, requirePrecedence(dirPrecedence)));
    return this;
  }

  /**
   * Sorts by a raw SQL expression (never build it from user input).
   *
   * @param sql the expression
   * @param dirPrecedence non-zero; see {@link #sort(String, int)}
   * @return this
   * @throws IllegalArgumentException for blank SQL or a zero dirPrecedence
   */
  public SearchOptions sortSql(String sql, int dirPrecedence) {
    sorts.add(new Sort(requireSql("sortSql", sql), true, requirePrecedence(dirPrecedence)));
    return this;
  }

  /**
   * Sorts by full-text relevance ({@code bm25}) of a {@link ColumnDef#fullText()} column that
   * is searched in the same call; combines with other sort keys by precedence, and pages by
   * cursor exactly like any other key (the row breaks ties).
   *
   * <pre>{@code
   * Page<Doc> best = docs.search(Map.of("body", "quick fox"), options().sortByRank("body", 1).limit(20));
   * }</pre>
   *
   * @param column the full-text column
   * @param dirPrecedence non-zero; positive = most relevant first, its magnitude the
   *     precedence as in {@link #sort(String, int)}
   * @return this
   * @throws IllegalArgumentException for a null column or a zero dirPrecedence (a column that
   *     is not full-text, or not searched, fails when searching)
   */
  public SearchOptions sortByRank(String column, int dirPrecedence) {
    sorts.add(new Sort(requireSql("sortByRank", column), false, requirePrecedence(dirPrecedence), true));
    return this;
  }

  /**
   * One highlighted snippet to return with each hit of {@link JsonModel#searchHits}.
   *
   * @param column the full-text column (searched in the same call)
   * @param open the text put before each matched token
   * @param close the text put after each matched token
   * @param ellipsis the text marking cut text
   * @param tokens the most tokens in the snippet (1 to 64)
   */
  public record Snippet(String column, String open, String close, String ellipsis, int tokens) {}

  /**
   * Asks {@link JsonModel#searchHits} for a snippet of this full-text column in each hit:
   * matched words in {@code <b>…</b>}, cut text marked with {@code …}, at most 16 tokens.
   *
   * @param column the full-text column (searched in the same call)
   * @return this
   * @throws IllegalArgumentException for a null column
   */
  public SearchOptions snippet(String column) {
    return snippet(column, "<b>", "</b>", "…", 16);
  }

  /**
   * Asks {@link JsonModel#searchHits} for a snippet of this full-text column in each hit
   * (FTS5's {@code snippet()}). The markers are inserted as given: escape the text for its
   * destination (e.g. HTML) yourself.
   *
   * @param column the full-text column (searched in the same call)
   * @param open the text before each matched token
   * @param close the text after each matched token
   * @param ellipsis the text marking cut text
   * @param tokens the most tokens in the snippet, 1 to 64
   * @return this
   * @throws IllegalArgumentException for null arguments or tokens out of range
   */
  public SearchOptions snippet(String column, String open, String close, String ellipsis, int tokens) {
    if (open == null || close == null || ellipsis == null || tokens < 1 || tokens > 64) {
      throw new IllegalArgumentException("SearchOptions: snippet needs markers and 1 to 64 tokens");
    }
    snippets.removeIf(s -> s.column().equals(column));
    snippets.add(new Snippet(requireSql("snippet", column), open, close, ellipsis, tokens));
    return this;
  }

  /**
   * Selects the {@code bm25} score of every searched full-text column (set by
   * {@link JsonModel#searchHits}, which returns them in {@link Hit#ranks()}).
   *
   * @return this
   */
  public SearchOptions scores() {
    this.scores = true;
    return this;
  }

  /** @return the requested snippets (unmodifiable) */
  public List<Snippet> snippets() {
    return Collections.unmodifiableList(snippets);
  }

  /** @return whether scores are selected ({@link #scores()}) */
  public boolean isScores() {
    return scores;
  }

  /**
   * The maximum number of items; enables cursors.
   *
   * @param limit at least 1
   * @return this
   * @throws IllegalArgumentException when below 1
   */
  public SearchOptions limit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("SearchOptions: limit must be >= 1, got " + limit);
    }
    this.limit = limit;
    return this;
  }

  /**
   * Skips this many matches (prefer cursors for paging: offsets get slower with depth).
   *
   * @param offset at least 0
   * @return this
   * @throws IllegalArgumentException when negative
   */
  public SearchOptions offset(int offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("SearchOptions: offset must be >= 0, got " + offset);
    }
    this.offset = offset;
    return this;
  }

  /**
   * Selects only these columns; results then hold just those keys.
   *
   * @param columns column names of the model
   * @return this
   * @throws IllegalArgumentException when empty or holding null
   */
  public SearchOptions cols(String... columns) {
    if (columns == null || columns.length == 0 || Arrays.stream(columns).anyMatch(c -> c == null || c.isEmpty())) {
      throw new IllegalArgumentException("SearchOptions: cols needs one or more column names");
    }
    this.cols = List.of(columns);
    return this;
  }

  /**
   * Continues from a {@link Page#cursor()} or {@link Page#prevCursor()} of the same search.
   *
   * @param cursor the cursor, or null for the first page
   * @return this
   */
  public SearchOptions cursor(String cursor) {
    this.cursor = cursor;
    return this;
  }

  /**
   * No cursors and no total.
   *
   * @return this
   */
  public SearchOptions noCursor() {
    this.noCursor = true;
    return this;
  }

  /**
   * No total count.
   *
   * @return this
   */
  public SearchOptions noTotal() {
    this.noTotal = true;
    return this;
  }

  /**
   * {@code SELECT DISTINCT}.
   *
   * @return this
   */
  public SearchOptions distinct() {
    this.distinct = true;
    return this;
  }

  /** @return the raw SQL conditions (unmodifiable) */
  public List<Clause> wheres() {
    return Collections.unmodifiableList(wheres);
  }

  /** @return the raw SQL joins (unmodifiable) */
  public List<Clause> joins() {
    return Collections.unmodifiableList(joins);
  }

  /** @return the sort keys in the order they were given (unmodifiable) */
  public List<Sort> sorts() {
    return Collections.unmodifiableList(sorts);
  }

  /** @return the limit, or null */
  public Integer limit() {
    return limit;
  }

  /** @return the offset, or null */
  public Integer offset() {
    return offset;
  }

  /** @return the selected columns, or null for the default selection */
  public List<String> cols() {
    return cols;
  }

  /** @return the cursor, or null */
  public String cursor() {
    return cursor;
  }

  /** @return whether cursors (and the total) are off ({@link #noCursor()}) */
  public boolean isNoCursor() {
    return noCursor;
  }

  /** @return whether the total is off ({@link #noTotal()} or {@link #noCursor()}) */
  public boolean isNoTotal() {
    return noTotal || noCursor;
  }

  /** @return whether DISTINCT is on ({@link #distinct()}) */
  public boolean isDistinct() {
    return distinct;
  }

  private static String requireSql(String what, String sql) {
    if (sql == null || sql.isBlank()) {
      throw new IllegalArgumentException("SearchOptions: " + what + " needs a non-empty argument");
    }
    return sql;
  }

  private static int requirePrecedence(int p) {
    if (p == 0) {
      throw new IllegalArgumentException("SearchOptions: sort direction/precedence must be non-zero");
    }
    return p;
  }
}
