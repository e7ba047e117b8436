package io.strato.queue;

/**
 * Where a queue keeps the processed sub-events of an event ({@link Event#events()}). The three
 * values are the three layouts strato-db for JavaScript produces, so a history written by either
 * library reads the same in both. Whatever the value, a queue with an {@code events} column
 * reads sub-events from that column when it is set and from the {@code json} column otherwise.
 */
public enum SubEventStorage {
  /** No {@code events} column; sub-events are stored inside {@code json} (a plain upstream EventQueue). */
  JSON,
  /**
   * An {@code events} JSON column that holds the sub-events (upstream's event-sourcing layout
   * for a queue in its own file, or in memory).
   */
  COLUMN,
  /**
   * The table has the {@code events} column, but {@link EventQueue#storeProcessed} writes
   * sub-events inside {@code json} and sets the column to NULL (upstream's event-sourcing
   * layout for a history in the state file: its result writer is a queue model without that
   * column). A generic {@link EventQueue#set(Event)} still uses the column, as upstream's
   * {@code queue.set} does.
   */
  JSON_WITH_COLUMN
}
