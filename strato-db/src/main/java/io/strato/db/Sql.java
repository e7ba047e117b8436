package io.strato.db;

import io.strato.db.internal.JsonText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Builds SQL text and its positional parameters without string-pasting values.
 *
 * <p>Pieces: plain {@link #sql(String) text}, {@link #id(String) identifiers} (quoted with
 * {@code "}, inner quotes doubled), {@link #lit(Object) literals} (pasted as is: never user
 * input), {@link #param(Object) parameters} (a {@code ?} plus a bound value) and
 * {@link #json(Object) JSON parameters} (serialised, bound as text). Every query method of
 * {@link DB} accepts a {@code Sql}.
 *
 * <pre>{@code
 * Sql q = Sql.of("SELECT * FROM ").id("my table").sql(" WHERE n > ").param(3)
 *     .sql(" AND tags = ").json(List.of("a", "b"));
 * db.all(q);   // SELECT * FROM "my table" WHERE n > ? AND tags = ?   [3, ["a","b"]]
 * }</pre>
 *
 * <p>A {@code Sql} is a mutable builder; do not share one between threads while building.
 */
public final class Sql {
  private final StringBuilder text = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  private Sql() {}

  /**
   * Starts a builder with plain SQL text.
   *
   * @param text SQL text, pasted as is
   * @return a new builder
   * @throws IllegalArgumentException when text is null
   */
  public static Sql of(String text) {
    return new Sql().sql(text);
  }

  /**
   * Appends plain SQL text.
   *
   * @param text SQL text, pasted as is (never put user input here; use {@link #param})
   * @return this builder
   * @throws IllegalArgumentException when text is null
   */
  public Sql sql(String text) {
    if (text == null) {
      throw new IllegalArgumentException("Sql.sql: text must not be null");
    }
    this.text.append(text);
    return this;
  }

  /**
   * Appends a quoted identifier (table, column, index name).
   *
   * @param identifier the raw name, e.g. {@code my "odd" table}
   * @return this builder
   * @throws IllegalArgumentException when the identifier is null or empty
   */
  public Sql id(String identifier) {
    text.append(quoteId(identifier));
    return this;
  }

  /**
   * Appends a literal, pasted as is ({@code String.valueOf}). Only for trusted values such as
   * numbers computed by the program; never for user input.
   *
   * @param literal the literal
   * @return this builder
   */
  public Sql lit(Object literal) {
    text.append(literal);
    return this;
  }

  /**
   * Appends a {@code ?} and binds the value to it.
   *
   * @param value the value (null, Boolean, Number, String, byte[], ...)
   * @return this builder
   */
  public Sql param(Object value) {
    text.append('?');
    params.add(value);
    return this;
  }

  /**
   * Appends a {@code ?} bound to the JSON text of the value. Supports {@code Map},
   * {@code Iterable}, arrays, {@code CharSequence}, {@code Number}, {@code Boolean}, null,
   * and Jackson {@code JsonNode}s (serialised with their own {@code toString()}), so this
   * module needs no JSON library.
   *
   * @param value the value to serialise
   * @return this builder
   * @throws IllegalArgumentException for other types (serialise them yourself and use
   *     {@link #param})
   */
  public Sql json(Object value) {
    text.append('?');
    params.add(JsonText.write(value));
    return this;
  }

  /**
   * The SQL text built so far.
   *
   * @return the text
   */
  public String text() {
    return text.toString();
  }

  /**
   * The parameters bound so far, in order.
   *
   * @return an unmodifiable view
   */
  public List<Object> params() {
    return Collections.unmodifiableList(params);
  }

  /**
   * Quotes an SQL identifier: wraps it in double quotes and doubles inner double quotes.
   *
   * @param identifier the raw name
   * @return the quoted identifier
   * @throws IllegalArgumentException when the identifier is null, empty, or contains NUL
   */
  public static String quoteId(String identifier) {
    if (identifier == null || identifier.isEmpty()) {
      throw new IllegalArgumentException("SQL identifier must be a non-empty string, got " + (identifier == null ? "null" : "\"\""));
    }
    if (identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("SQL identifier must not contain NUL characters");
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public String toString() {
    return text + " " + params;
  }
}
