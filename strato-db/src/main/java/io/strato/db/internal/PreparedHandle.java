package io.strato.db.internal;

import io.strato.db.Row;
import io.strato.db.RunResult;
import io.strato.db.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link Statement} handed out by {@code DB.prepare}: a name for an SQL text. The SQLite
 * statement itself lives in each connection's cache, so the handle survives close/reopen.
 */
public final class PreparedHandle implements Statement {
  private final String sql;
  private final SqlExecutor executor;
  private final Consumer<PreparedHandle> onClose;

  /**
   * Creates a handle.
   *
   * @param sql the SQL text
   * @param executor runs it
   * @param onClose removes this handle (and only this one) from the DB's cache
   */
  public PreparedHandle(String sql, SqlExecutor executor, Consumer<PreparedHandle> onClose) {
    this.sql = sql;
    this.executor = executor;
    this.onClose = onClose;
  }

  /**
   * Turns varargs into a parameter list; a null array means one NULL parameter.
   *
   * @param p the varargs array
   * @return the list
   */
  public static List<Object> params(Object[] p) {
    return p == null ? Arrays.asList((Object) null) : Arrays.asList(p);
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public List<Row> all(Object... params) {
    return executor.all(sql, params(params));
  }

  @Override
  public Optional<Row> get(Object... params) {
    return executor.get(sql, params(params));
  }

  @Override
  public RunResult run(Object... params) {
    return executor.run(sql, params(params));
  }

  @Override
  public void each(List<?> params, Consumer<Row> onRow) {
    if (onRow == null) {
      throw new IllegalArgumentException("each: onRow callback must not be null");
    }
    executor.each(sql, params == null ? List.of() : params, onRow);
  }

  @Override
  public void close() {
    onClose.accept(this);
  }

  @Override
  public String toString() {
    return "Statement[" + sql + "]";
  }
}
