package io.strato.db;

/**
 * Set up around a DB's migration batch, on the thread that runs it: for example, event-sourced
 * models (strato-es) let the migrations write to them directly while the batch runs, and take
 * that right back afterwards, also when a migration fails.
 *
 * <pre>{@code
 * DB db = DB.builder().file(path)
 *     .aroundMigrations((d, migrations) -> {
 *       try (var access = writes.grantToThisThread()) {
 *         migrations.run();
 *       }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>It runs inside the migrations' transaction, after {@code onBeforeMigrations}, once per
 * open of a writable DB (also when no migration is pending), and must call
 * {@link Batch#run()} exactly once. An exception from it, or from the batch, rolls the batch
 * back and fails the open.
 */
@FunctionalInterface
public interface MigrationInterceptor {
  /**
   * Runs the batch with whatever set-up it needs.
   *
   * @param db the database being opened
   * @param migrations the pending migrations; call {@link Batch#run()} exactly once
   * @throws Exception any failure: the batch rolls back and the open fails
   */
  void around(DB db, Batch migrations) throws Exception;

  /** The pending migrations of one open. */
  @FunctionalInterface
  interface Batch {
    /**
     * Runs every pending migration in run-key order.
     *
     * @throws Exception the first migration failure
     */
    void run() throws Exception;
  }
}
