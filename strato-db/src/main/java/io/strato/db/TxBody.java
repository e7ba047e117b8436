package io.strato.db;

/**
 * Work done inside a transaction that returns a value.
 *
 * @param <T> the result type
 * @see DB#withTransaction(TxBody)
 */
@FunctionalInterface
public interface TxBody<T> {
  /**
   * Runs the work.
   *
   * @return the result, returned by {@code withTransaction}
   * @throws Exception any failure: the transaction rolls back and the exception is rethrown
   */
  T run() throws Exception;
}
