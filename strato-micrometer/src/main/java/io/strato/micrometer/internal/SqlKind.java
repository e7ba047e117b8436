package io.strato.micrometer.internal;

import java.util.Locale;

/** Classifies SQL text as a read or a write, for a low-cardinality tag (never the SQL itself). */
public final class SqlKind {
  /** Tag value for statements that only read. */
  public static final String READ = "read";
  /** Tag value for everything else. */
  public static final String WRITE = "write";

  private SqlKind() {}

  /**
   * The kind of a statement, from its first keyword: {@code SELECT}, {@code EXPLAIN}, {@code VALUES},
   * a {@code WITH} without a data-changing keyword and a {@code PRAGMA} without {@code =} read;
   * everything else writes.
   *
   * @param sql the SQL text (may be null)
   * @return {@link #READ} or {@link #WRITE}
   */
  public static String of(String sql) {
    if (sql == null) {
      return WRITE;
    }
    String s = stripComments(sql).toUpperCase(Locale.ROOT);
    if (s.startsWith("SELECT") || s.startsWith("EXPLAIN") || s.startsWith("VALUES")) {
      return READ;
    }
    if (s.startsWith("PRAGMA")) {
      return s.contains("=") ? WRITE : READ;
    }
    if (s.startsWith("WITH")) {
      return s.matches("(?s).*\\b(INSERT|UPDATE|DELETE|REPLACE)\\b.*") ? WRITE : READ;
    }
    return WRITE;
  }

  private static String stripComments(String sql) {
    String s = sql.stripLeading();
    while (s.startsWith("--") || s.startsWith("/*")) {
      int end = s.startsWith("--") ? s.indexOf('\n') : s.indexOf("*/");
      if (end < 0) {
        return "";
      }
      s = s.substring(end + (s.startsWith("--") ? 1 : 2)).stripLeading();
    }
    return s;
  }
}
