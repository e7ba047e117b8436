package io.strato.db;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A prepared statement handle returned by {@link DB#prepare(String)}, cached per SQL text.
 *
 * <p>The handle stays valid across {@link DB#close()} and reopen: the underlying SQLite
 * statement is prepared lazily on each connection that runs it and finalised when that
 * connection closes. Handles are thread-safe; each execution runs on the connection the
 * {@link DB} picks for the calling thread (the writer inside a transaction, a reader
 * otherwise for read-only SQL).
 *
 * <pre>{@code
 * Statement byId = db.prepare("SELECT json FROM docs WHERE id = ?");
 * Optional<Row> row = byId.get("d1");
 * }</pre>
 */
public interface Statement extends AutoCloseable {
  /**
   * The SQL text of this statement.
   *
   * @return the SQL
   */
  String sql();

  /**
   * Runs the statement and returns all rows.
   *
   * @param params positional parameters
   * @return the rows, possibly empty
   * @throws DBException when SQLite fails
   */
  List<Row> all(Object... params);

  /**
   * Runs the statement and returns the first row.
   *
   * @param params positional parameters
   * @return the first row, or empty
   * @throws DBException when SQLite fails
   */
  Optional<Row> get(Object... params);

  /**
   * Runs a write statement.
   *
   * @param params positional parameters
   * @return last inserted rowid and number of changed rows
   * @throws DBException when SQLite fails
   */
  RunResult run(Object... params);

  /**
   * Streams the rows one at a time without loading the whole result.
   *
   * @param params positional parameters
   * @param onRow called for each row, on the calling thread
   * @throws DBException when SQLite fails
   */
  void each(List<?> params, Consumer<Row> onRow);

  /** Removes this statement from the DB's cache. Using it afterwards re-prepares it. */
  @Override
  void close();
}
