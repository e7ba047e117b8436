package io.strato.es.internal.processing;

import io.strato.db.DB;
import io.strato.db.StratoException;
import io.strato.es.EventFailedException;
import io.strato.es.ProcessingHaltedException;
import io.strato.es.log.EventLog;
import io.strato.es.log.ProcessedRecords;
import io.strato.queue.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing loop of one {@code EventSourcingDB}: the processing lock, its lifecycle, and
 * who waits for what. Whoever needs an event processed helps: a waiting thread takes the lock
 * and runs a {@link BatchRunner} transaction (or, when another thread holds it, waits for that
 * one). After each commit it tells listeners and wakes {@link Waiters}; a failure goes to
 * {@link FailureState}, which schedules the retry on the worker thread. Concurrent dispatches
 * are grouped by {@link GroupCommit}; {@link Poller} keeps processing while polling is on.
 * {@code EventSourcingDB} calls it; the phases of one event live in {@link EventPipeline}.
 */
public final class ProcessingLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessingLoop.class);
  static final long MAX_WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final String name;
  private final DB db;
  private final EventLog log;
  private final ProcessedRecords records;
  private final EventPipeline pipeline;
  private final BatchRunner runner;
  private final ReentrantLock lock = new ReentrantLock();
  private final Waiters waiters = new Waiters();
  private final FailureState failures;
  private final GroupCommit group;
  private final AfterCommit after;
  private final HaltGuard halts;
  private final Poller poller;
  private final WorkerThread worker;
  private final boolean logInStateDb;
  private volatile long version = -1;
  private volatile boolean closed;

  /**
   * Creates the loop (nothing runs until called).
   *
   * @param parts what it works on
   * @param settings how
   */
  public ProcessingLoop(ProcessingParts parts, ProcessingSettings settings) {
    this.name = parts.name();
    this.db = parts.db();
    this.log = parts.log();
    this.records = parts.records();
    this.logInStateDb = log.stateDb().map(d -> d == db).orElse(false);
    this.pipeline = new EventPipeline(db, parts.stages(), parts.store(), settings.maxDepth(), parts.mapper(),
        parts.upcasters(), parts.writes());
    this.runner = new BatchRunner(name, db, log, records, pipeline,
        new RecordApplier(pipeline, db, parts.stages(), parts.store()), settings.batchSize(), () -> closed);
    ListenerCalls listeners = new ListenerCalls(name, settings.listeners());
    this.failures = new FailureState(settings.backoffInitial(), settings.backoffMax(), settings.maxRetries(),
        System::nanoTime);
    this.group = new GroupCommit(this, db, waiters);
    this.after = new AfterCommit(name, parts, waiters, failures, listeners, this::scheduleRetry);
    this.halts = new HaltGuard(this, db, log, records, failures);
    this.poller = new Poller(this, log, settings.backoffInitial());
    this.worker = new WorkerThread(name);
  }

  /**
   * The processing thread's state (is a call coming from inside a phase or a transactor?).
   *
   * @return the thread state
   */
  public ProcessingThread thread() {
    return pipeline.thread();
  }

  String name() {
    return name;
  }

  boolean isClosed() {
    return closed;
  }

  FailureState.Failure failure() {
    return failures.current();
  }

  /** For the poller after the retries stopped: retries at once when the event looks fixed. */
  boolean retryIfFixedElsewhere(FailureState.Failure f) {
    return halts.retryIfFixedElsewhere(f);
  }

  long nanosUntilRetry() {
    return failures.nanosUntilNext();
  }

  /**
   * The last version known processed (committed), reading the DB once when unknown.
   *
   * @return the version
   */
  public long version() {
    long v = version;
    if (v < 0) {
      v = db.userVersion();
      version = v;
    }
    return v;
  }

  /**
   * Waits until event v is processed, helping to process it, and returns it.
   *
   * @param v the version
   * @return the processed event, or null when no event has that version
   * @throws EventFailedException when event v failed; {@link ProcessingHaltedException} when an
   *     earlier event failed (after one attempt at it)
   */
  public Event handledVersion(long v) {
    checkOpen();
    try {
      return awaitHandled(v);
    } catch (StratoException e) {
      if (closed && !(e instanceof EventFailedException)) {
        throw closedAfterAppend(v, e);
      }
      throw e;
    }
  }

  /**
   * Like {@link #handledVersion(long)} within {@code timeout} (see {@link BoundedWait}).
   *
   * @param v the version
   * @param timeout the longest wait, zero or positive
   * @return the processed event, or null when no event has that version
   */
  public Event handledVersion(long v, java.time.Duration timeout) {
    return BoundedWait.await(this, waiters, worker, v, timeout);
  }

  /** The error for a caller whose event v was appended but the DB closed before processing it. */
  StratoException closedAfterAppend(long v, Throwable cause) {
    return new StratoException("EventSourcingDB '" + name + "' was closed before event " + v + " was processed; it"
        + " is in the log and is processed when the DB is opened again (do not dispatch it again)", cause);
  }

  private Event awaitHandled(long v) {
    if (v <= version()) {
      // A waiter registered before this call (dispatchAsync's) is completed here too, or its
      // future never completes when a poller handled v in between.
      Event e = records.get(v).orElse(null);
      waiters.complete(v, e);
      return e;
    }
    if (records.get(v).isEmpty()) {
      waiters.forget(v);
      return null; // no such event (yet): documented as null, never a wait for a future version
    }
    failures.restartIfStopped();
    CompletableFuture<Event> f = waiters.await(v);
    boolean force = true;
    while (true) {
      // Keep forcing until this thread really got to run an attempt (the lock may be busy).
      if (!f.isDone() && processAvailable(force)) {
        force = false;
        if (!f.isDone()) {
          continue; // more to do (e.g. the next batch): no pause between batches
        }
      }
      try {
        return f.get(Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(MAX_WAIT_SLICE_NANOS, nanosUntilRetry())),
            TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        checkOpen();
        if (v <= version()) {
          waiters.complete(v, records.get(v).orElse(null));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StratoException("EventSourcingDB '" + name + "': interrupted while waiting for event " + v, e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new StratoException("EventSourcingDB '" + name + "': event " + v + " failed", e.getCause());
      }
    }
  }

  /**
   * A future completed when event v is processed; processing is driven on the worker thread.
   *
   * @param v the version
   * @return the future
   */
  public CompletableFuture<Event> track(long v) {
    if (closed) {
      return CompletableFuture.failedFuture(closedAfterAppend(v, null));
    }
    CompletableFuture<Event> copy = waiters.await(v).copy();
    try {
      worker.execute(() -> {
        try {
          handledVersion(v);
        } catch (RuntimeException e) {
          LOG.debug("EventSourcingDB '{}': async event {} ended with {}", name, v, e.toString());
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(closedAfterAppend(v, null)); // closed meanwhile
    }
    return copy;
  }

  /**
   * Appends an event and waits until it is processed: grouped with concurrent dispatches when
   * the log shares the state DB ({@link GroupCommit}), else appended on its own.
   *
   * @param append appends the event
   * @return the processed event
   */
  public Event appendAndHandle(Supplier<Event> append) {
    checkOpen();
    return logInStateDb ? group.appendAndHandle(append) : handledVersion(append.get().v());
  }

  /**
   * Fails fast while processing is halted at a failed event (see {@link HaltGuard}).
   *
   * @throws ProcessingHaltedException when processing stays halted
   */
  public void failFastIfHalted() {
    halts.failFastIfHalted();
  }

  /**
   * Processes what is queued now, unless another thread is doing so or a failed event is
   * waiting for its back-off.
   *
   * @param force retry a failed event now, ignoring its back-off
   * @return true when events were processed or attempted
   */
  public boolean processAvailable(boolean force) {
    if (closed || !lock.tryLock()) {
      return false;
    }
    try {
      return runLocked(force, null);
    } finally {
      lock.unlock();
      group.wakeHead();
    }
  }

  /** Runs {@code lead} with the lock when it is free; false when another thread holds it. */
  boolean tryLead(Runnable lead) {
    if (!lock.tryLock()) {
      return false;
    }
    try {
      lead.run();
    } finally {
      lock.unlock();
    }
    group.wakeHead();
    return true;
  }

  /** Whether the calling thread holds the processing lock (listeners run under it). */
  public boolean heldByCurrentThread() {
    return lock.isHeldByCurrentThread();
  }

  /** Waits until the thread holding the lock (if any) lets go, keeping an interrupt for later. */
  void awaitLockFreeUninterruptibly() {
    if (lock.isLocked() && !lock.isHeldByCurrentThread()) {
      lock.lock();
      lock.unlock();
    }
  }

  /** Waits until the thread holding the lock lets go; false at once when nobody holds it. */
  boolean awaitLockFree() throws InterruptedException {
    if (!lock.isLocked()) {
      return false;
    }
    lock.lockInterruptibly();
    lock.unlock();
    return true;
  }

  /** One transaction with the lock held, then everything that happens after its commit. */
  boolean runLocked(boolean force, Supplier<List<Event>> first) {
    FailureState.Failure before = failures.current();
    if (!failures.mayAttempt(force)) {
      return false;
    }
    long attempt = waiters.nextAttempt();
    BatchRunner.BatchOutcome out = runner.run(first);
    if (out.failed() == null && before != null) {
      // before the version is published: who sees the new version must not see the old failure
      failures.clearIfPast(out.handled(), !out.done().isEmpty());
    }
    version = out.handled();
    after.handle(out, attempt);
    return out.didSomething();
  }

  private void scheduleRetry(long delayNanos) {
    if (!closed) {
      worker.schedule(this::retryQuietly, delayNanos);
    }
  }

  /** A scheduled retry: its failures are recorded as event failures; anything else is logged. */
  private void retryQuietly() {
    try {
      processAvailable(false);
    } catch (RuntimeException e) {
      LOG.warn("EventSourcingDB '{}': retrying the failed event did not run", name, e);
    }
  }

  /**
   * What history operations ({@code io.strato.es.internal.ops}) use of the loop.
   *
   * @return the access
   */
  public OperatorAccess operator() {
    return new OperatorAccess(this, log, lock, failures, group);
  }

  /** Forgets the cached version (after an operation changed the state behind the loop). */
  void forgetVersion() {
    version = -1;
  }

  /** Keeps processing, including events added by other processes, until stopped. */
  public void startPolling() {
    checkOpen();
    failures.restartIfStopped();
    poller.start();
  }

  /** Stops polling (waits for the polling thread to finish its current event). */
  public void stopPolling() {
    poller.stop();
  }

  /** Waits at most {@code max} until the worker ran its last task (not on the worker itself); true when it did. */
  public boolean awaitWorkerStopped(java.time.Duration max) {
    return worker.awaitStopped(max);
  }

  /** Stops polling and the worker; waiting callers get an error. */
  @Override
  public void close() {
    closed = true;
    stopPolling();
    worker.shutdown(); // no interrupt: a phase running now finishes its event
    lock.lock();
    try {
      waiters.failAll(k -> closedAfterAppend(k, null));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Throws when closed.
   *
   * @throws StratoException when closed
   */
  public void checkOpen() {
    if (closed) {
      throw new StratoException("EventSourcingDB '" + name + "' is closed");
    }
  }
}
