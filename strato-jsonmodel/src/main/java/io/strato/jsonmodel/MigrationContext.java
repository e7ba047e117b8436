package io.strato.jsonmodel;

import io.strato.db.DB;
import java.util.Map;

/**
 * What a {@link ModelMigration} gets.
 *
 * @param <T> the model's item type
 */
public interface MigrationContext<T> {
  /**
   * The database, inside the migrations' transaction.
   *
   * @return the DB
   */
  DB db();

  /**
   * The model; its reads and writes run inside the migrations' transaction.
   *
   * @return the model
   */
  JsonModel<T> model();

  /**
   * The model's {@code migrationOptions} (see {@link ModelConfig.Builder#migrationOptions}).
   *
   * @return an unmodifiable map, empty when none were given
   */
  Map<String, Object> options();
}
