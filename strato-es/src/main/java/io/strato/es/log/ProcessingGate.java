package io.strato.es.log;

import io.strato.queue.Event;

/**
 * Optional hook for a {@link ProcessedRecords} implementation whose node does not always reduce
 * events itself: with an event log shared by several nodes, one node (the leader) reduces each
 * event and publishes its processed record, and the other nodes apply that record instead of
 * running their reducers. Processing uses it when the registered {@code ProcessedRecords} also
 * implements this interface; otherwise every event is reduced locally, as always.
 *
 * <h2>Contract</h2>
 * Both methods are called by the processing thread, inside the state transaction, once per main
 * event, in version order. {@link #before} decides what happens to the event; after a locally
 * reduced event that did not fail, {@link #publish} is called before its record is stored and
 * before the transaction commits ("publish, then commit"). When {@code publish} returns false
 * (this node may no longer publish) the whole transaction rolls back and the batch ends without
 * a failure; the next attempt asks {@link #before} again. An exception from either method rolls
 * the transaction back and reaches whoever drove processing.
 */
public interface ProcessingGate {
  /**
   * What to do with one event.
   *
   * @param action reduce here, apply a record, or wait
   * @param record the processed record to apply (for {@link Action#APPLY} only)
   */
  record Turn(Action action, Event record) {
    /** Reduce the event on this node. */
    public static final Turn PROCESS = new Turn(Action.PROCESS, null);
    /** Not this node's to reduce, and no record published yet: end the batch, try again later. */
    public static final Turn WAIT = new Turn(Action.WAIT, null);

    /**
     * Checks the pairing.
     *
     * @throws IllegalArgumentException when APPLY comes without a record, or a record without APPLY
     */
    public Turn {
      if (action == null || (action == Action.APPLY) != (record != null)) {
        throw new IllegalArgumentException("ProcessingGate.Turn: APPLY needs a record, other actions none");
      }
    }

    /**
     * Apply a processed record (apply + derive, no preprocessors, reducers or transactors).
     *
     * @param record the processed event, with its result per model and its processed sub-events;
     *     or a failed event (its {@code error} set): then nothing is applied and the event fails on
     *     this node as well (stored, reported, retried with back-off like a local failure)
     * @return the turn
     */
    public static Turn apply(Event record) {
      return new Turn(Action.APPLY, record);
    }
  }

  /** The three things that can happen to an event. */
  enum Action {
    /** reduce it here */
    PROCESS,
    /** apply a record processed elsewhere */
    APPLY,
    /** neither yet */
    WAIT
  }

  /**
   * Decides what happens to the next event.
   *
   * @param queued the event as read from the log
   * @return the turn
   */
  Turn before(Event queued);

  /**
   * Publishes the record of an event this node reduced, before the local commit.
   *
   * @param processed the processed or rejected event (never a failed one)
   * @return true when published; false when this node may no longer publish (then nothing of
   *     this transaction commits locally)
   */
  boolean publish(Event processed);

  /**
   * Whether this node is the one that reduces events now (the leader of a shared log), for
   * monitoring (e.g. a leader/follower gauge). It may be stale by the time it is read: it is no
   * guarantee that a {@link #publish} will be accepted. Any thread may call it.
   *
   * @return true while this node leads; the default, for a gate without such a role, is false
   */
  default boolean isLeader() {
    return false;
  }
}
