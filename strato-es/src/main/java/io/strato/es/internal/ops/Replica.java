package io.strato.es.internal.ops;

import io.strato.es.EventSourcingDB;

/**
 * A replica being replayed and the source its event log reads the live history through; the
 * source travels with the replica, so {@link Replayer#catchUp} can widen it a page at a time.
 * Closing it closes the replica.
 *
 * @param db the replica (same models and code, its own file)
 * @param source its event log: the live history up to a moving limit
 */
record Replica(EventSourcingDB db, ReplaySource source) implements AutoCloseable {
  @Override
  public void close() {
    db.close();
  }
}
