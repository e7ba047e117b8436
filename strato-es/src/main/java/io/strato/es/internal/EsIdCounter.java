package io.strato.es.internal;

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
