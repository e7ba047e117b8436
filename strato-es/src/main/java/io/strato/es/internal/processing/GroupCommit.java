package io.strato.es.internal.processing;

import io.strato.db.DB;
import io.strato.db.StratoException;
import io.strato.es.ProcessingHaltedException;
import io.strato.queue.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Group commit for dispatches when the log shares the state DB: each dispatch queues a request
 * ({@link PendingDispatches}); whichever thread gets the processing lock (the leader) appends
 * every waiting dispatch and processes them in one transaction, one commit, and completes their
 * futures afterwards. Called by {@link ProcessingLoop#appendAndHandle}.
 *
 * <p>The appends share the leader's transaction, so an append that throws rolls back the whole
 * group: every member gets that exception and none of their events was added (the README says
 * so; per-append savepoints would cost every dispatch to spare a case that is nearly always a
 * storage failure, which would hit the others too).
 */
final class GroupCommit {
  private final ProcessingLoop loop;
  private final DB db;
  private final Waiters waiters;
  private final PendingDispatches pending = new PendingDispatches();

  GroupCommit(ProcessingLoop loop, DB db, Waiters waiters) {
    this.loop = loop;
    this.db = db;
    this.waiters = waiters;
  }

  /** Wakes the oldest waiting dispatch so that it leads the next group (call after unlocking). */
  void wakeHead() {
    pending.wakeHead();
  }

  /**
   * Appends an event within a group and waits until it is processed.
   *
   * @param append appends the event (runs inside the leader's transaction)
   * @return the processed event
   */
  Event appendAndHandle(Supplier<Event> append) {
    PendingDispatches.Request r = pending.add(append);
    boolean interrupted = false;
    try {
      while (true) {
        if (r.processed.isDone()) {
          return join(r);
        }
        long v = r.appendedUnprocessed;
        if (v > 0) {
          if (loop.isClosed()) {
            throw loop.closedAfterAppend(v, null); // appended, then the DB closed before processing it
          }
          return loop.handledVersion(v); // appended, but its group stopped before it (the batch size)
        }
        if (loop.isClosed() && pending.withdraw(r)) {
          loop.checkOpen();
        }
        if (loop.tryLead(this::lead)) {
          continue;
        }
        try {
          r.await(ProcessingLoop.MAX_WAIT_SLICE_NANOS);
        } catch (InterruptedException e) {
          if (pending.withdraw(r)) {
            interrupted = true;
            throw new StratoException("EventSourcingDB '" + loop.name() + "': interrupted before the event was added", e);
          }
          // Already taken by a leader, so it is being appended: wait for the outcome (the
          // interrupt is restored on the way out, not now, or every later wait would end at once).
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Appends and processes every queued dispatch in one transaction (lock held). When a failed
   * event holds processing back, they are only appended (one commit) and told that they stay
   * queued behind it.
   */
  private void lead() {
    List<PendingDispatches.Request> group = pending.drain();
    if (group.isEmpty()) {
      return;
    }
    boolean[] appended = new boolean[1];
    Supplier<List<Event>> appendAll = () -> {
      List<Event> events = new ArrayList<>(group.size());
      for (PendingDispatches.Request r : group) {
        Event e = r.append.get();
        r.v = e.v();
        waiters.register(e.v(), r.processed);
        events.add(e);
      }
      appended[0] = true;
      return events;
    };
    try {
      loop.runLocked(false, appendAll);
      if (!appended[0]) {
        db.withTransaction(() -> {
          appendAll.get();
        });
      }
    } catch (RuntimeException | Error e) {
      // Almost always the transaction failed and rolled back, so none of the group was
      // appended. (Should the error come after the commit, the callers still get it; their
      // committed events are processed later like any queued event.)
      for (PendingDispatches.Request r : group) {
        waiters.remove(r.v, r.processed); // a no-op for a request not appended yet (v 0)
        r.processed.completeExceptionally(e);
      }
      if (e instanceof Error err) {
        throw err;
      }
      return;
    }
    tellUnprocessed(group);
  }

  private void tellUnprocessed(List<PendingDispatches.Request> group) {
    FailureState.Failure halted = loop.failure();
    for (PendingDispatches.Request r : group) {
      if (r.processed.isDone()) {
        continue;
      }
      if (halted != null && halted.event().v() < r.v) {
        // Appended behind a failed event: the caller learns now that it stays queued.
        waiters.remove(r.v, r.processed);
        r.processed.completeExceptionally(new ProcessingHaltedException(loop.name(), halted.event(), r.v, halted.cause()));
      } else {
        r.appendedUnprocessed = r.v;
      }
      r.wake();
    }
  }

  private static Event join(PendingDispatches.Request r) {
    try {
      return r.processed.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
