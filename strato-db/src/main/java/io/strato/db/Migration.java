package io.strato.db;

/**
 * One named migration, run once per database inside the open transaction.
 *
 * @see DB#registerMigrations(String, java.util.Map)
 */
@FunctionalInterface
public interface Migration {
  /**
   * Applies the migration.
   *
   * @param db the database, inside the migrations transaction
   * @throws Exception any failure: the whole migration batch rolls back and the open fails
   */
  void up(DB db) throws Exception;
}
