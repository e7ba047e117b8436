package io.strato.db.internal;

import io.strato.db.Row;
import io.strato.db.RunResult;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Routes each call to the right connection: reads ({@code SELECT}, {@code WITH},
 * {@code VALUES}, {@code EXPLAIN}) to a reader, everything else to the writer. Opens the DB
 * first when needed.
 */
public final class SqlExecutor {
  private static final int MAX_REOPEN_ATTEMPTS = 10;
  private final ConnectionManager cm;
  private final QueryRunner runner;
  private final Runnable ensureOpen;

  /**
   * Creates the executor.
   *
   * @param cm the connections
   * @param runner executes SQL on a connection
   * @param ensureOpen opens the DB when it is closed
   */
  public SqlExecutor(ConnectionManager cm, QueryRunner runner, Runnable ensureOpen) {
    this.cm = cm;
    this.runner = runner;
    this.ensureOpen = ensureOpen;
  }

  /**
   * Whether the SQL only reads, judged by its first keyword.
   *
   * @param sql the SQL text
   * @return true for SELECT, WITH, VALUES and EXPLAIN statements
   */
  public static boolean isRead(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int nl = sql.indexOf('\n', i);
        i = nl < 0 ? n : nl + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    return startsWithWord(sql, i, "SELECT") || startsWithWord(sql, i, "WITH")
        || startsWithWord(sql, i, "VALUES") || startsWithWord(sql, i, "EXPLAIN");
  }

  private static boolean startsWithWord(String sql, int at, String word) {
    return sql.regionMatches(true, at, word, 0, word.length())
        && (sql.length() == at + word.length() || !Character.isLetterOrDigit(sql.charAt(at + word.length())));
  }

  /**
   * Opens the DB when needed and runs the call; when a concurrent {@code close()} closed the
   * connections before the call could start, opens again and retries (a closed DB simply
   * reopens on next use).
   *
   * @param call the call
   * @param <T> result type
   * @return the call's result
   */
  public <T> T withOpen(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      ensureOpen.run();
      try {
        return call.get();
      } catch (ConnectionManager.ClosedException e) {
        if (attempt >= MAX_REOPEN_ATTEMPTS) {
          // a plain StratoException, so that an outer call does not retry work already done
          throw new io.strato.db.StratoException(e.getMessage() + " (closed again on each of "
              + attempt + " attempts to reopen it)", e);
        }
      }
    }
  }

  /**
   * All rows of a query.
   *
   * @param sql the SQL
   * @param params parameters
   * @return the rows
   */
  public List<Row> all(String sql, List<?> params) {
    return withOpen(() -> isRead(sql) ? cm.onReader(c -> runner.all(c, sql, params))
        : cm.onWriter(c -> runner.all(c, sql, params)));
  }

  /**
   * First row of a query.
   *
   * @param sql the SQL
   * @param params parameters
   * @return the row or empty
   */
  public Optional<Row> get(String sql, List<?> params) {
    return withOpen(() -> isRead(sql) ? cm.onReader(c -> runner.get(c, sql, params))
        : cm.onWriter(c -> runner.get(c, sql, params)));
  }

  /**
   * Streams the rows of a query.
   *
   * @param sql the SQL
   * @param params parameters
   * @param onRow callback per row
   */
  public void each(String sql, List<?> params, Consumer<Row> onRow) {
    ConnectionManager.ConnWork<Void> work = c -> {
      runner.each(c, sql, params, onRow);
      return null;
    };
    withOpen(() -> isRead(sql) ? cm.onReader(work) : cm.onWriter(work));
  }

  /**
   * Runs a write statement on the writer.
   *
   * @param sql the SQL
   * @param params parameters
   * @return last id and changes
   */
  public RunResult run(String sql, List<?> params) {
    return withOpen(() -> cm.onWriter(c -> runner.run(c, sql, params)));
  }

  /**
   * Runs a script on the writer.
   *
   * @param script one or more statements
   */
  public void exec(String script) {
    withOpen(() -> cm.onWriter(c -> {
      runner.exec(c, script);
      return null;
    }));
  }

  /**
   * Reads a single-number pragma on the given connection.
   *
   * @param c the connection
   * @param sql e.g. {@code PRAGMA user_version}
   * @return the value, 0 when SQLite returns no row
   */
  public Long pragmaInt(Conn c, String sql) {
    return runner.get(c, sql, List.of()).map(r -> r.getLong(r.columns().get(0))).orElse(0L);
  }
}
