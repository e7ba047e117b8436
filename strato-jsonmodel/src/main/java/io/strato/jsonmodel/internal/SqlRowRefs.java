package io.strato.jsonmodel.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the references to a table's row in an SQL expression a model definition gave as text
 * ({@code ColumnDef.sql}), with a small SQLite tokenizer: the table name (bare or quoted with
 * {@code "…"}, {@code `…`} or {@code […]}, compared case-insensitively as SQLite does) directly
 * followed by a dot is a reference; string literals, comments, other identifiers and names
 * that only contain the table name are text. Stateless.
 */
final class SqlRowRefs {
  private SqlRowRefs() {}

  /**
   * Splits the expression at its row references.
   *
   * @param sql the expression
   * @param table the unquoted table name
   * @return the template
   */
  static ExprTemplate split(String sql, String table) {
    List<String> texts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      int end = tokenEnd(sql, i);
      String name = identifier(sql, i, end);
      boolean qualifier = name != null && name.equalsIgnoreCase(table) && end < n && sql.charAt(end) == '.'
          && !afterDot(sql, i);
      if (qualifier) {
        texts.add(cur.toString());
        cur.setLength(0);
        i = end + 1; // the dot is written by the alias
      } else {
        cur.append(sql, i, end);
        i = end;
      }
    }
    texts.add(cur.toString());
    return ExprTemplate.of(texts);
  }

  /** Whether the token at {@code start} is itself qualified ({@code main."t".x}): then not the row. */
  private static boolean afterDot(String sql, int start) {
    return start > 0 && sql.charAt(start - 1) == '.';
  }

  /** The end (exclusive) of the token starting at {@code i}. */
  private static int tokenEnd(String sql, int i) {
    char c = sql.charAt(i);
    switch (c) {
      case '\'':
      case '"':
      case '`':
        return quotedEnd(sql, i, c);
      case '[':
        return closeAt(sql, sql.indexOf(']', i + 1));
      case '-':
        return sql.startsWith("--", i) ? closeAt(sql, sql.indexOf('\n', i)) : i + 1;
      case '/':
        if (!sql.startsWith("/*", i)) {
          return i + 1;
        }
        int close = sql.indexOf("*/", i + 2);
        return close < 0 ? sql.length() : close + 2;
      default:
        if (!wordChar(c)) {
          return i + 1;
        }
        int j = i + 1;
        while (j < sql.length() && wordChar(sql.charAt(j))) {
          j++;
        }
        return j;
    }
  }

  /** A quoted token; a doubled quote is part of it. Unterminated: to the end. */
  private static int quotedEnd(String sql, int i, char q) {
    int j = i + 1;
    while (j < sql.length()) {
      if (sql.charAt(j) == q) {
        if (j + 1 < sql.length() && sql.charAt(j + 1) == q) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return sql.length();
  }

  private static int closeAt(String sql, int lastIndex) {
    return lastIndex < 0 ? sql.length() : lastIndex + 1;
  }

  /** The identifier the token names, or null when it is not one (literal, number, symbol, comment). */
  private static String identifier(String sql, int start, int end) {
    char c = sql.charAt(start);
    if (c == '"' || c == '`') {
      if (end - start < 2 || sql.charAt(end - 1) != c) {
        return null;
      }
      String q = String.valueOf(c);
      return sql.substring(start + 1, end - 1).replace(q + q, q);
    }
    if (c == '[') {
      return end - start >= 2 && sql.charAt(end - 1) == ']' ? sql.substring(start + 1, end - 1) : null;
    }
    return wordChar(c) && !Character.isDigit(c) ? sql.substring(start, end) : null;
  }

  private static boolean wordChar(char c) {
    return c == '_' || c == '$' || Character.isLetterOrDigit(c) || c > 0x7f;
  }
}
