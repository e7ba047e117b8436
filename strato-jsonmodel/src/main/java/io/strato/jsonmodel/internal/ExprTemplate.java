package io.strato.jsonmodel.internal;

import io.strato.db.Sql;
import java.util.ArrayList;
import java.util.List;

/**
 * A column's SQL expression with its references to the row kept apart from the text around
 * them, so the same expression can be written for the table ({@code "docs"."body"}), for a
 * trigger's row ({@code new."body"}, {@code old."body"}) or unqualified for an index
 * ({@code "body"}). Built from parts when the column is resolved; rewriting a finished
 * expression with {@code replace("\"docs\".", "new.")} would also change a JSON path or a
 * string literal that happens to contain the table name.
 *
 * <p>Layout: {@code texts[0] ROW texts[1] ROW … texts[n]}, where each {@code ROW} is written
 * as {@code <alias>.} (or nothing for an unqualified expression). Immutable and thread-safe.
 */
public final class ExprTemplate {
  private final List<String> texts;

  private ExprTemplate(List<String> texts) {
    this.texts = List.copyOf(texts);
  }

  /**
   * A column of the row, {@code <row>."<name>"}.
   *
   * @param name the column name (quoted here)
   * @return the template
   */
  public static ExprTemplate column(String name) {
    return new ExprTemplate(List.of("", Sql.quoteId(name)));
  }

  /**
   * An expression that does not refer to the row (or whose references were written by the
   * caller and must stay as they are).
   *
   * @param sql the expression
   * @return the template
   */
  public static ExprTemplate fixed(String sql) {
    return new ExprTemplate(List.of(sql));
  }

  /**
   * An expression given as SQL text by a model definition ({@code ColumnDef.sql}): its
   * references to the table, {@code "<table>".<column>} or {@code <table>.<column>}, become row
   * references; string literals, quoted identifiers other than the table's and words that
   * merely contain the table name are left alone.
   *
   * @param sql the expression
   * @param table the unquoted table name
   * @return the template
   */
  public static ExprTemplate parse(String sql, String table) {
    return SqlRowRefs.split(sql, table);
  }

  /**
   * {@code before + inner + after}: wraps an expression (the row references stay references).
   *
   * @param before the text before
   * @param inner the wrapped expression
   * @param after the text after
   * @return the template
   */
  public static ExprTemplate wrap(String before, ExprTemplate inner, String after) {
    List<String> out = new ArrayList<>(inner.texts);
    out.set(0, before + out.get(0));
    int last = out.size() - 1;
    out.set(last, out.get(last) + after);
    return new ExprTemplate(out);
  }

  static ExprTemplate of(List<String> texts) {
    return new ExprTemplate(texts);
  }

  /**
   * The expression for a row alias.
   *
   * @param rowAlias what qualifies the row's columns, as SQL ({@code "docs"}, {@code new},
   *     {@code old}), or null/empty for unqualified columns
   * @return the SQL
   */
  public String render(String rowAlias) {
    String q = rowAlias == null || rowAlias.isEmpty() ? "" : rowAlias + ".";
    StringBuilder b = new StringBuilder(texts.get(0));
    for (int i = 1; i < texts.size(); i++) {
      b.append(q).append(texts.get(i));
    }
    return b.toString();
  }

  /**
   * Whether the expression refers to the row at all.
   *
   * @return false for a fixed expression
   */
  public boolean refersToRow() {
    return texts.size() > 1;
  }

  @Override
  public String toString() {
    return render("<row>");
  }
}
