package io.strato.es.internal;

import io.strato.db.StratoException;
import io.strato.jsonmodel.ColumnType;
import java.util.function.Supplier;

/**
 * Hands out integer ids for an ESModel while events are processed: within one processing
 * attempt of a main event the ids keep increasing even before anything is written (two
 * inserts in one event get two ids); a new attempt starts again from the table's max, so a
 * retried event gets the same ids as its failed attempt. Outside processing it is max + 1.
 * Thread-safe; called by {@code ESModel.getNextId}.
 */
public final class EsIdCounter {
  private long counter;
  private long attempt = -1;

  /**
   * The next id of a model's INTEGER id column.
   *
   * @param model the model name, for the message
   * @param idType the id column's type
   * @param max reads the table's current max id (null when empty)
   * @param attemptToken the processing attempt's token, or a negative number outside processing
   * @return the id
   * @throws StratoException when the id column is not INTEGER
   */
  public long next(String model, ColumnType idType, Supplier<Number> max, long attemptToken) {
    if (idType != ColumnType.INTEGER) {
      throw new StratoException("ESModel '" + model + "': getNextId needs an INTEGER id column");
    }
    Number m = max.get();
    return next(m == null ? 0 : m.longValue(), attemptToken);
  }

  /**
   * The next id.
   *
   * @param max the table's current max id (0 when empty)
   * @param attemptToken the processing attempt's token, or a negative number outside processing
   * @return the id
   */
  public synchronized long next(long max, long attemptToken) {
    if (attemptToken < 0) {
      return max + 1;
    }
    if (attemptToken != attempt) {
      attempt = attemptToken;
      counter = max;
    }
    counter = Math.max(counter, max) + 1;
    return counter;
  }
}
