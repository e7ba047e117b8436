package io.strato.es.internal.processing;

import io.strato.db.DB;
import io.strato.es.log.EventLog;
import io.strato.es.log.ProcessedRecords;
import io.strato.es.log.ProcessingGate;
import io.strato.queue.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one processing transaction: reads the next events after the state's version (or takes
 * the ones the caller just appended), runs each through the {@link EventPipeline} in its own
 * savepoint, stores each outcome, and stops at the first failure or at the batch size. Returns
 * what happened as a {@link BatchOutcome}; waking callers and retrying is the caller's job.
 * Called by {@link ProcessingLoop} with the processing lock held.
 *
 * <p>When the processed records are also a {@link ProcessingGate} (a node sharing its log with
 * others), the gate decides per event whether it is reduced here (and published before the
 * commit), applied from a record another node published, or waited for.
 */
final class BatchRunner {
  private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

  /**
   * What one transaction did.
   *
   * @param done the processed (and rejected) events, committed, in order
   * @param eventNanos how long each took, in the same order
   * @param failed the event it stopped at, or null
   * @param cause the exception that event failed with in this process, or null
   * @param handled the state's version after the commit
   * @param txNanos how long the transaction took
   */
  record BatchOutcome(List<Event> done, List<Long> eventNanos, Event failed, Throwable cause, long handled,
      long txNanos) {
    boolean didSomething() {
      return !done.isEmpty() || failed != null;
    }
  }

  private final String name;
  private final DB db;
  private final EventLog log;
  private final ProcessedRecords records;
  private final EventPipeline pipeline;
  private final int batchSize;
  private final BooleanSupplier closed;
  private final ProcessingGate gate;
  private final RecordApplier applier;

  /** Thrown inside the transaction to roll it back whole when the gate refused a publish. */
  private static final class FencedOut extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FencedOut() {
      super(null, null, false, false);
    }
  }

  BatchRunner(String name, DB db, EventLog log, ProcessedRecords records, EventPipeline pipeline,
      RecordApplier applier, int batchSize, BooleanSupplier closed) {
    this.name = name;
    this.db = db;
    this.log = log;
    this.records = records;
    this.pipeline = pipeline;
    this.batchSize = batchSize;
    this.closed = closed;
    this.gate = records instanceof ProcessingGate g ? g : null;
    this.applier = applier;
  }

  /**
   * Runs the transaction.
   *
   * @param first runs first inside the transaction and returns the events it appended (or
   *     null); when they are the next ones due they are processed as they are, without reading
   *     them back
   * @return what happened
   */
  BatchOutcome run(Supplier<List<Event>> first) {
    long txStart = System.nanoTime();
    Collector c = new Collector();
    try {
      runTransaction(first, c);
    } catch (FencedOut f) {
      // Rolled back whole: this node may no longer publish; nothing of the batch committed, so
      // there is no batch to time (listeners hear of committed batches only).
      LOG.debug("EventSourcingDB '{}': publishing was refused, the batch rolled back", name);
      return new BatchOutcome(List.of(), List.of(), null, null, db.userVersion(), 0);
    }
    return new BatchOutcome(c.done, c.nanos, c.failed, c.cause, c.handled, System.nanoTime() - txStart);
  }

  private void runTransaction(Supplier<List<Event>> first, Collector c) {
    db.withTransaction(() -> {
      List<Event> appended = first == null ? List.of() : first.get();
      c.handled = db.userVersion();
      if (closed.getAsBoolean()) {
        return;
      }
      // One read of at most batchSize events: the batch ends there, at its first failure, or
      // where the gate says wait (a longer transaction would only hold the write lock longer).
      List<Event> batch;
      if (!appended.isEmpty() && appended.get(0).v() == c.handled + 1) {
        // The dispatched events are the only ones due, and nothing can follow them: they
        // were appended (with consecutive versions) under this transaction's write lock.
        batch = appended.subList(0, Math.min(appended.size(), batchSize));
      } else {
        batch = log.read(c.handled, batchSize);
      }
      processAll(batch, c);
    });
  }

  /** Mutable while the transaction runs; read after it committed. */
  private static final class Collector {
    final List<Event> done = new ArrayList<>();
    final List<Long> nanos = new ArrayList<>();
    Event failed;
    Throwable cause;
    long handled;
  }

  /** Reduces, or applies the record the gate gives; null when the gate says wait. */
  private EventPipeline.Outcome processOne(Event e) {
    ProcessingGate.Turn turn = gate == null ? ProcessingGate.Turn.PROCESS : gate.before(e);
    switch (turn.action()) {
      case WAIT:
        return null;
      case APPLY:
        return applier.applyMain(turn.record());
      default:
        EventPipeline.Outcome out = pipeline.processMain(e);
        if (gate != null && !out.event().failed() && !gate.publish(out.event())) {
          throw new FencedOut();
        }
        return out;
    }
  }

  /** Processes the events in order; stops at a failure, when closed, or when the gate says wait. */
  private void processAll(List<Event> batch, Collector c) {
    for (Event e : batch) {
      if (closed.getAsBoolean()) {
        return; // close() waits for the event in progress, not for the rest of the batch
      }
      long t0 = System.nanoTime();
      EventPipeline.Outcome out = processOne(e);
      if (out == null) {
        return; // the gate said wait: not this node's to reduce, no record published yet
      }
      Event processed = out.event();
      records.store(processed, e);
      if (processed.failed()) {
        c.failed = processed;
        c.cause = out.cause();
        return;
      }
      long took = System.nanoTime() - t0;
      c.handled = e.v();
      c.done.add(processed);
      c.nanos.add(took);
      if (LOG.isDebugEnabled()) {
        EventLogLines.processed(LOG, name, processed, took);
      }
    }
  }
}
