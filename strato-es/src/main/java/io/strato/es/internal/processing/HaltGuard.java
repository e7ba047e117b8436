package io.strato.es.internal.processing;

import io.strato.db.DB;
import io.strato.es.ProcessingHaltedException;
import io.strato.es.log.EventLog;
import io.strato.es.log.ProcessedRecords;

/**
 * Fail fast on a halted log: a dispatch must learn within moments that processing is stuck at
 * a failed event, instead of sitting through the retry back-off, and must not add its event
 * behind it. Also tells when a failed event looks fixed by someone else (another process, an
 * operator), so the next attempt runs at once. Called by {@link ProcessingLoop} for dispatches
 * and by {@link Poller} once the retries stopped.
 */
final class HaltGuard {
  private final ProcessingLoop loop;
  private final DB db;
  private final EventLog log;
  private final ProcessedRecords records;
  private final FailureState failures;
  private volatile boolean backlogChecked;

  HaltGuard(ProcessingLoop loop, DB db, EventLog log, ProcessedRecords records, FailureState failures) {
    this.loop = loop;
    this.db = db;
    this.log = log;
    this.records = records;
    this.failures = failures;
  }

  /**
   * Gives the failed event the one attempt that is due (its back-off ran out, it was restarted
   * after its retries, or it looks fixed) and throws when it still fails. The first call of a
   * process first works off what earlier runs left queued, so a log they left halted is found
   * before anything is added behind it.
   *
   * @throws ProcessingHaltedException when processing stays halted
   */
  void failFastIfHalted() {
    if (!backlogChecked) {
      backlogChecked = true;
      while (failures.current() == null && !loop.isClosed() && log.head() > loop.version()
          && loop.processAvailable(false)) {
        // one batch per round
      }
    }
    FailureState.Failure f = failures.current();
    if (f == null) {
      return;
    }
    if (loop.heldByCurrentThread()) {
      // Called from a listener on the processing thread (an onError listener dispatching an
      // alert): no attempt from in there, or every attempt would start the next one.
      throw new ProcessingHaltedException(loop.name(), f.event(), 0, f.cause());
    }
    failures.restartIfStopped();
    if (!loop.processAvailable(looksFixed(f))) {
      // Another thread may be processing (maybe the very retry that fixes it): wait for it.
      loop.awaitLockFreeUninterruptibly();
    }
    f = failures.current();
    if (f != null) {
      throw new ProcessingHaltedException(loop.name(), f.event(), 0, f.cause());
    }
  }

  /** Retries at once when the failed event looks fixed; false (nothing done) otherwise. */
  boolean retryIfFixedElsewhere(FailureState.Failure f) {
    if (!looksFixed(f)) {
      return false;
    }
    failures.restartIfStopped();
    loop.processAvailable(true);
    return true;
  }

  /** Whether someone else handled the failed event (the state moved past it) or replaced it (no error stored). */
  private boolean looksFixed(FailureState.Failure f) {
    try {
      return db.userVersion() >= f.event().v() || records.get(f.event().v()).map(e -> e.error() == null).orElse(true);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
