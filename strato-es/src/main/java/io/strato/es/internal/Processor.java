package io.strato.es.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strato.db.DB;
import io.strato.db.DBModel;
import io.strato.db.StratoException;
import io.strato.es.ESModel;
import io.strato.es.EventFailedException;
import io.strato.es.ProcessingHaltedException;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes queued events in order: several per SQLite transaction, each in its own
 * savepoint, so a failing event rolls back only itself while the events before it commit.
 * Dispatch callers and {@code handledVersion} waiters are woken after the commit. The cycle of
 * one event (the phases) lives in {@link EventHandler}; this class schedules, batches, retries
 * and wakes.
 *
 * <h2>Threads</h2>
 * Whoever needs an event processed helps: a waiting thread takes the processing lock (or, when
 * another thread holds it, waits for that thread to finish the event). Concurrent dispatches
 * are grouped: the thread that gets the lock appends every waiting dispatch and processes them
 * in one transaction ({@link PendingDispatches}). Retries after a failure, asynchronous
 * dispatches and polling run on one daemon worker thread (plus one polling thread while
 * polling). Phases always run on the thread holding the lock, inside the transaction.
 */
public final class Processor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Processor.class);
  private static final long MAX_WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** How often a poller on a log halted after its retries looks whether the event was fixed. */
  private static final long HALTED_POLL_MILLIS = 1000;

  /**
   * Processing settings.
   *
   * @param batchSize the most events per transaction (1 = one transaction per event)
   * @param backoffInitial the first retry delay after a failure
   * @param backoffMax the longest retry delay
   * @param maxRetries attempts at a failing event before processing stops until restarted
   * @param maxDepth the deepest sub-event nesting
   * @param listeners told about batches, events, failures and lag, after the commit
   */
  public record Settings(int batchSize, Duration backoffInitial, Duration backoffMax, int maxRetries, int maxDepth,
      List<io.strato.es.ProcessingListener> listeners) {}

  /**
   * One model as the processor sees it.
   *
   * @param phases the user phases
   * @param model the model's ESModel
   */
  public record Stage(ModelPhases phases, ESModel<?> model) {}

  /** What the processor tells the outside world. */
  public interface Callbacks {
    /**
     * After the commit of a successful event.
     *
     * @param event the processed event
     */
    void onResult(Event event);

    /**
     * After a failed attempt at an event.
     *
     * @param event the failed event
     */
    void onError(Event event);
  }

  private record Waiter(CompletableFuture<Event> future, long seq) {}

  private record Failure(Event event, Throwable cause, int attempts, long nextAttemptNanos, boolean exhausted) {}

  private final String name;
  private final DB db;
  private final EventLog log;
  private final boolean logInStateDb;
  private final List<Stage> stages;
  private final Map<String, DBModel> store;
  private final Settings settings;
  private final EventHandler handler;
  private final Callbacks callbacks;
  private final ListenerCalls listeners;
  private final ReentrantLock lock = new ReentrantLock();
  private final PendingDispatches pending = new PendingDispatches();
  /** Waiters by version; {@code seq} tells which processing attempts started after they came. */
  private final Map<Long, Waiter> waiting = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong attempts = new java.util.concurrent.atomic.AtomicLong();
  private final ScheduledExecutorService worker;
  private volatile long version = -1;
  private volatile Failure failure;
  private volatile boolean closed;
  private volatile boolean backlogChecked;
  private volatile Thread poller;

  /**
   * Creates a processor.
   *
   * @param name the name used in thread names and messages
   * @param db the state DB
   * @param log the event log
   * @param logInStateDb whether the log lives in the state DB (appends can share the processing transaction)
   * @param stages the models, in the order their phases run
   * @param store every model by name
   * @param settings the settings
   * @param callbacks result and error notifications
   * @param mapper for sub-event data
   */
  public Processor(String name, DB db, EventLog log, boolean logInStateDb, List<Stage> stages, Map<String, DBModel> store,
      Settings settings, Callbacks callbacks, ObjectMapper mapper) {
    this.name = name;
    this.logInStateDb = logInStateDb;
    this.db = db;
    this.log = log;
    this.stages = List.copyOf(stages);
    this.store = store;
    this.settings = settings;
    this.callbacks = callbacks;
    this.handler = new EventHandler(db, stages, store, settings.maxDepth(), mapper);
    this.listeners = new ListenerCalls(name, settings.listeners());
    ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "strato-es-" + name);
      t.setDaemon(true);
      return t;
    });
    w.setRemoveOnCancelPolicy(true);
    w.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.worker = w;
  }

  // ------------------------------------------------------------ queries

  /**
   * The per-event cycle (phases, sub-events, the processing thread's state).
   *
   * @return the handler
   */
  public EventHandler handler() {
    return handler;
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

  // ------------------------------------------------------------ waiting

  /**
   * Waits until event v is processed, helping to process it, and returns it.
   *
   * @param v the version
   * @return the processed event, or null when no event has that version
   * @throws EventFailedException when event v failed, or processing stopped at an earlier
   *     failed event after its retries
   */
  public Event handledVersion(long v) {
    checkOpen();
    if (v <= version()) {
      // A waiter registered before this call (dispatchAsync's) must be completed here too, or
      // its future never completes when a poller handled v in between.
      complete(v);
      return log.get(v).orElse(null);
    }
    if (log.get(v).isEmpty()) {
      waiting.remove(v);
      return null; // no such event (yet): documented as null, never a wait for a future version
    }
    restartIfStopped();
    CompletableFuture<Event> f = waiter(v);
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
        return f.get(waitSliceNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        checkOpen();
        if (v <= version()) {
          complete(v);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StratoException("EventSourcingDB '" + name + "': interrupted while waiting for event " + v, e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException r) {
          throw r;
        }
        throw new StratoException("EventSourcingDB '" + name + "': event " + v + " failed", c);
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
    checkOpen();
    CompletableFuture<Event> copy = waiter(v).copy();
    worker.execute(() -> {
      try {
        handledVersion(v);
      } catch (RuntimeException e) {
        LOG.debug("EventSourcingDB '{}': async event {} ended with {}", name, v, e.toString());
      }
    });
    return copy;
  }

  private CompletableFuture<Event> waiter(long v) {
    return waiting.computeIfAbsent(v, k -> new Waiter(new CompletableFuture<>(), attempts.get())).future();
  }

  private long waitSliceNanos() {
    Failure f = failure;
    if (f == null || f.exhausted()) {
      return MAX_WAIT_SLICE_NANOS;
    }
    return Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(MAX_WAIT_SLICE_NANOS, f.nextAttemptNanos() - System.nanoTime()));
  }

  /** Lets a stopped processing (retries exhausted) try again, at once. */
  public void restartIfStopped() {
    Failure f = failure;
    // Only a stopped processing starts counting again; while retries are still scheduled a
    // stream of new dispatchers must not keep resetting the count past maxRetries.
    if (f != null && f.exhausted()) {
      failure = new Failure(f.event(), f.cause(), 0, System.nanoTime(), false);
    }
  }

  // ------------------------------------------------------------ processing

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
      pending.wakeHead();
    }
  }

  /**
   * Appends an event and waits until it is processed. When the log shares the state DB, the
   * append joins a group: the thread holding the processing lock appends every waiting
   * dispatch and processes them in one transaction (one commit for the group, see
   * {@link PendingDispatches}). Otherwise it appends and waits like {@link #handledVersion}.
   *
   * @param append appends the event (runs inside the processing transaction when grouped)
   * @return the processed event
   * @throws EventFailedException when the event fails
   */
  public Event appendAndHandle(java.util.function.Supplier<Event> append) {
    checkOpen();
    if (!logInStateDb) {
      return handledVersion(append.get().v());
    }
    // (EventSourcingDB refuses a dispatch inside a transaction of the state DB, so the leader's
    // transaction below is always its own and commits.)
    PendingDispatches.Request r = pending.add(append);
    boolean interrupted = false;
    try {
      while (true) {
        if (r.processed.isDone()) {
          return joinProcessed(r.processed);
        }
        long v = r.appendedUnprocessed;
        if (v > 0) {
          return handledVersion(v); // appended, but its group stopped before it (a failure, the batch size)
        }
        if (closed && pending.withdraw(r)) {
          checkOpen();
        }
        if (lock.tryLock()) {
          try {
            lead();
          } finally {
            lock.unlock();
          }
          pending.wakeHead();
          continue;
        }
        try {
          r.await(MAX_WAIT_SLICE_NANOS);
        } catch (InterruptedException e) {
          if (pending.withdraw(r)) {
            interrupted = true;
            throw new StratoException("EventSourcingDB '" + name + "': interrupted before the event was added", e);
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
   * Appends and processes every queued dispatch in one transaction (lock held). When
   * processing is held back by a failed event, they are only appended (one commit) and their
   * callers wait like {@link #handledVersion} callers.
   */
  private void lead() {
    List<PendingDispatches.Request> group = pending.drain();
    if (group.isEmpty()) {
      return;
    }
    boolean[] appended = new boolean[1];
    java.util.function.Supplier<List<Event>> appendAll = () -> {
      List<Event> events = new ArrayList<>(group.size());
      for (PendingDispatches.Request r : group) {
        Event e = r.append.get();
        r.v = e.v();
        // seq -1: this attempt may complete or fail it
        waiting.put(e.v(), new Waiter(r.processed, -1));
        events.add(e);
      }
      appended[0] = true;
      return events;
    };
    try {
      runLocked(false, appendAll);
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
        Waiter w = r.v > 0 ? waiting.get(r.v) : null;
        if (w != null && w.future() == r.processed) {
          waiting.remove(r.v, w);
        }
        r.processed.completeExceptionally(e);
      }
      if (e instanceof Error err) {
        throw err;
      }
      return;
    }
    Failure halted = failure;
    for (PendingDispatches.Request r : group) {
      if (r.processed.isDone()) {
        continue;
      }
      if (halted != null && halted.event().v() < r.v) {
        // Appended behind a failed event (it failed, or its back-off held this group back):
        // the caller learns now that the event stays queued, instead of waiting out retries.
        Waiter w = waiting.get(r.v);
        if (w != null && w.future() == r.processed) {
          waiting.remove(r.v, w);
        }
        r.processed.completeExceptionally(new ProcessingHaltedException(name, halted.event(), r.v, halted.cause()));
      } else {
        r.appendedUnprocessed = r.v;
      }
      r.wake();
    }
  }

  private static Event joinProcessed(CompletableFuture<Event> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /**
   * Processes a batch with the lock held.
   *
   * @param force ignore a failed event's back-off
   * @param first runs first inside the transaction and returns the events it appended (or
   *     null); when they are the next ones due they are processed as they are, without reading
   *     them back
   */
  private boolean runLocked(boolean force, java.util.function.Supplier<List<Event>> first) {
    {
      Failure f = failure;
      if (f != null && !force && (f.exhausted() || System.nanoTime() < f.nextAttemptNanos())) {
        return false;
      }
      // Waiters that arrive from here on are not failed by this attempt: they may have
      // fixed the event meanwhile, and get an attempt of their own.
      long attempt = attempts.incrementAndGet();
      List<Event> done = new ArrayList<>();
      List<Long> eventNanos = new ArrayList<>();
      long txStart = System.nanoTime();
      Event[] failed = new Event[1];
      Throwable[] cause = new Throwable[1];
      long[] handled = new long[1];
      db.withTransaction(() -> {
        List<Event> appended = first == null ? List.of() : first.get();
        long v = db.userVersion();
        handled[0] = v;
        outer:
        while (done.size() < settings.batchSize() && !closed) {
          int want = settings.batchSize() - done.size();
          List<Event> batch;
          boolean drained;
          if (!appended.isEmpty() && appended.get(0).v() == v + 1) {
            // The dispatched events are the only ones due, and nothing can follow them: they
            // were appended (with consecutive versions) under this transaction's write lock.
            // No need to read the log at all.
            batch = appended.size() <= want ? appended : appended.subList(0, want);
            drained = appended.size() <= want;
          } else {
            batch = log.next(v, want);
            drained = batch.size() < want;
          }
          appended = List.of();
          if (batch.isEmpty()) {
            break;
          }
          for (Event e : batch) {
            if (closed) {
              break outer;
            }
            long t0 = System.nanoTime();
            EventHandler.Outcome out = handler.processMain(e);
            Event processed = out.event();
            log.store(processed, e);
            if (processed.failed()) {
              failed[0] = processed;
              cause[0] = out.cause();
              break outer;
            }
            long took = System.nanoTime() - t0;
            eventNanos.add(took);
            if (LOG.isDebugEnabled()) {
              EventLogLines.processed(LOG, name, processed, took);
            }
            v = e.v();
            handled[0] = v;
            done.add(processed);
          }
          if (drained) {
            break;
          }
        }
      });
      version = handled[0];
      if (!listeners.isEmpty()) {
        tellListeners(done, eventNanos, System.nanoTime() - txStart, handled[0]);
      }
      for (Event e : done) {
        Waiter w = waiting.remove(e.v());
        if (w != null) {
          w.future().complete(e);
        }
        notifyResult(e);
      }
      completeUpTo(handled[0]);
      if (failed[0] != null) {
        recordFailure(failed[0], cause[0], attempt);
      } else if (!done.isEmpty() || (f != null && handled[0] >= f.event().v())) {
        failure = null;
      }
      return !done.isEmpty() || failed[0] != null;
    }
  }

  private void tellListeners(List<Event> done, List<Long> nanos, long txNanos, long handled) {
    if (!done.isEmpty()) {
      listeners.batchCommitted(done.size(), txNanos);
      for (int i = 0; i < done.size(); i++) {
        listeners.eventProcessed(done.get(i), nanos.get(i));
      }
    }
    listeners.lag(Math.max(0, log.maxV() - handled));
  }

  private void completeUpTo(long v) {
    for (Long k : waiting.keySet()) {
      if (k <= v) {
        complete(k);
      }
    }
  }

  private void complete(long v) {
    Waiter w = waiting.remove(v);
    if (w != null) {
      w.future().complete(log.get(v).orElse(null));
    }
  }

  private void failWaiter(long v, long attempt, RuntimeException error) {
    Waiter w = waiting.get(v);
    if (w != null && w.seq() < attempt && waiting.remove(v, w)) {
      w.future().completeExceptionally(error);
    }
  }

  private void recordFailure(Event failed, Throwable cause, long attempt) {
    Failure prev = failure;
    int attempts = prev != null && prev.event().v() == failed.v() ? prev.attempts() + 1 : 1;
    long delay = backoffNanos(attempts);
    boolean exhausted = attempts >= settings.maxRetries();
    failure = new Failure(failed, cause, attempts, System.nanoTime() + delay, exhausted);
    String text = "EventSourcingDB '" + name + "': event " + failed.v() + " (" + failed.type() + ") failed (attempt "
        + attempts + (exhausted ? ", giving up until restarted" : ", next try in " + TimeUnit.NANOSECONDS.toMillis(delay)
        + " ms") + "): " + EventFailedException.summary(failed);
    if (cause != null) {
      LOG.warn(text, cause);
    } else {
      LOG.warn(text);
    }
    // Every waiter from before this attempt learns now, not after the retries: the failed
    // event's own caller that it failed, the callers of later events that they stay queued.
    failWaiter(failed.v(), attempt, new EventFailedException(failed, "event " + failed.v() + " (" + failed.type()
        + ") failed: " + EventFailedException.summary(failed), cause));
    for (Long k : waiting.keySet()) {
      if (k > failed.v()) {
        failWaiter(k, attempt, new ProcessingHaltedException(name, failed, k, cause));
      }
    }
    listeners.eventFailed(failed, attempts, exhausted ? null : Duration.ofNanos(delay), exhausted);
    notifyError(failed);
    if (!exhausted && !closed) {
      worker.schedule(this::retryQuietly, delay, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Fails fast while processing is halted at a failed event: gives the failed event the one
   * attempt that is due (its back-off ran out, it was restarted after its retries, or it looks
   * fixed by someone else), and throws when it still fails. A dispatch calls this before adding
   * its event, so a caller on a halted log learns at once and nothing is added.
   *
   * @throws ProcessingHaltedException when processing stays halted
   */
  public void failFastIfHalted() {
    if (!backlogChecked) {
      // The first dispatch of this process works off what earlier runs left queued before it
      // adds anything, so a log halted by an earlier run is found without adding behind it.
      backlogChecked = true;
      while (failure == null && !closed && log.maxV() > version() && processAvailable(false)) {
        // keep going: one batch per round
      }
    }
    Failure f = failure;
    if (f == null) {
      return;
    }
    restartIfStopped();
    processAvailable(looksFixed(f));
    f = failure;
    if (f != null) {
      throw new ProcessingHaltedException(name, f.event(), 0, f.cause());
    }
  }

  /** Whether someone else (another process, an operator) handled or replaced the failed event. */
  private boolean looksFixed(Failure f) {
    try {
      return db.userVersion() >= f.event().v() || log.get(f.event().v()).map(e -> e.error() == null).orElse(true);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A scheduled retry: its failures are recorded as event failures; anything else is logged. */
  private void retryQuietly() {
    try {
      processAvailable(false);
    } catch (RuntimeException e) {
      LOG.warn("EventSourcingDB '{}': retrying the failed event did not run: {}", name, e.toString());
    }
  }

  private long backoffNanos(int attempts) {
    long initial = settings.backoffInitial().toNanos();
    long max = settings.backoffMax().toNanos();
    long d = initial << Math.min(30, attempts - 1);
    return d <= 0 || d > max ? max : d;
  }

  private void notifyResult(Event e) {
    try {
      callbacks.onResult(e);
    } catch (RuntimeException ex) {
      LOG.error("EventSourcingDB '{}': a result listener failed", name, ex);
    }
  }

  private void notifyError(Event e) {
    try {
      callbacks.onError(e);
    } catch (RuntimeException ex) {
      LOG.error("EventSourcingDB '{}': an error listener failed", name, ex);
    }
  }

  // ------------------------------------------------------------ polling and lifecycle

  /** Keeps processing, including events added by other processes, until stopped. */
  public synchronized void startPolling() {
    checkOpen();
    restartIfStopped();
    if (poller != null) {
      return;
    }
    Thread t = new Thread(this::poll, "strato-es-poll-" + name);
    t.setDaemon(true);
    poller = t;
    t.start();
  }

  private void poll() {
    while (poller == Thread.currentThread() && !closed) {
      try {
        pollOnce();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("EventSourcingDB '{}': polling failed, retrying", name, e);
        try {
          Thread.sleep(settings.backoffInitial().toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /**
   * One round of polling. It never spins: while processing is halted it sleeps until the next
   * retry is due (or, once the retries are exhausted, checks about once a second whether the
   * failed event was fixed elsewhere), and while another thread processes it waits for the lock.
   */
  private void pollOnce() throws InterruptedException {
    Failure f = failure;
    if (f != null && f.exhausted()) {
      if (looksFixed(f)) {
        restartIfStopped();
        processAvailable(true);
      } else {
        Thread.sleep(HALTED_POLL_MILLIS);
      }
      return;
    }
    if (processAvailable(false)) {
      return;
    }
    f = failure;
    if (f != null) {
      Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(f.nextAttemptNanos() - System.nanoTime())));
    } else if (lock.isLocked()) {
      lock.lockInterruptibly(); // someone else is processing: wait for them rather than spin
      lock.unlock();
    } else {
      log.awaitNext(version());
    }
  }

  /** Stops polling (waits for the polling thread to finish its current event). */
  public void stopPolling() {
    Thread t;
    synchronized (this) {
      t = poller;
      poller = null;
    }
    if (t != null) {
      log.cancelWaits();
      t.interrupt();
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Whether polling is on.
   *
   * @return true between startPolling and stopPolling
   */
  public boolean isPolling() {
    return poller != null;
  }

  /** Stops polling and the worker; waiting callers get an error. */
  @Override
  public void close() {
    closed = true;
    stopPolling();
    worker.shutdown(); // no interrupt: a phase running now finishes its event
    lock.lock();
    try {
      for (Long k : waiting.keySet()) {
        Waiter w = waiting.remove(k);
        if (w != null) {
          w.future().completeExceptionally(new StratoException("EventSourcingDB '" + name + "' was closed before event " + k
              + " was processed"));
        }
      }
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
