package io.strato.jsonmodel;

/**
 * A model's own migration; runs once per database with the DB's migrations, inside their
 * transaction, under the model's name as group.
 *
 * @param <T> the model's item type
 */
@FunctionalInterface
public interface ModelMigration<T> {
  /**
   * Runs the migration.
   *
   * @param ctx the DB, the model and the model's migration options
   * @throws Exception any failure: the whole migration batch rolls back and the open fails
   */
  void up(MigrationContext<T> ctx) throws Exception;
}
