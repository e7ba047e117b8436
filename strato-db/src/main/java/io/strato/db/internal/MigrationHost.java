package io.strato.db.internal;

import io.strato.db.Row;
import java.util.List;

/**
 * What {@link MigrationRegistry} needs from the database it migrates: a name for messages,
 * plain SQL for the table of done keys, and a way to run one migration. A small interface so
 * the registry does not depend on the public {@code DB} class that owns it.
 *
 * @param <M> the migration type
 */
public interface MigrationHost<M> {
  /**
   * The database name, for messages.
   *
   * @return the name
   */
  String name();

  /**
   * Runs a query.
   *
   * @param sql the SQL
   * @param params bound by position
   * @return every row
   */
  List<Row> all(String sql, Object... params);

  /**
   * Runs one or more statements without parameters.
   *
   * @param script the SQL
   */
  void exec(String script);

  /**
   * Runs one statement.
   *
   * @param sql the SQL
   * @param params bound by position
   */
  void run(String sql, Object... params);

  /**
   * Applies one migration to the database.
   *
   * @param migration the migration
   * @throws Exception its failure
   */
  void up(M migration) throws Exception;
}
