package io.strato.db;

/**
 * Work done inside a transaction without a result.
 *
 * @see DB#withTransaction(TxRunnable)
 */
@FunctionalInterface
public interface TxRunnable {
  /**
   * Runs the work.
   *
   * @throws Exception any failure: the transaction rolls back and the exception is rethrown
   */
  void run() throws Exception;
}
