package io.strato.es.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBModel;
import io.strato.db.StratoException;
import io.strato.es.ESModel;
import io.strato.es.EventFailedException;
import io.strato.es.spi.NewEvent;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes queued events in order: several per SQLite transaction, each in its own
 * savepoint, so a failing event rolls back only itself while the events before it commit.
 * Dispatch callers and {@code handledVersion} waiters are woken after the commit.
 *
 * <h2>Threads</h2>
 * Whoever needs an event processed helps: a waiting thread takes the processing lock (or, when
 * another thread holds it, waits for that thread to finish the event). Retries after a
 * failure, asynchronous dispatches and polling run on one daemon worker thread (plus one
 * polling thread while polling). Phases always run on the thread holding the lock, inside the
 * transaction.
 */
public final class Processor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Processor.class);
  private static final long MAX_WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * Processing settings.
   *
   * @param batchSize the most events per transaction (1 = one transaction per event)
   * @param backoffInitial the first retry delay after a failure
   * @param backoffMax the longest retry delay
   * @param maxRetries attempts at a failing event before processing stops until restarted
   * @param maxDepth the deepest sub-event nesting
   */
  public record Settings(int batchSize, Duration backoffInitial, Duration backoffMax, int maxRetries, int maxDepth) {}

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

  private record Failure(Event event, int attempts, long nextAttemptNanos, boolean exhausted) {}

  private static final class State {
    long mainV = -1;
    /** Unique per processing attempt of a main event (ESModel's id counter restarts with it). */
    long token = -1;
    /** Set while a transactor runs: where ESModel writes and es.dispatch go (a sub-event now). */
    java.util.function.BiFunction<String, Object, Event> txDispatch;
  }

  private static final java.util.concurrent.atomic.AtomicLong TOKENS = new java.util.concurrent.atomic.AtomicLong();

  private final String name;
  private final DB db;
  private final EventLog log;
  private final boolean logInStateDb;
  private final List<Stage> stages;
  private final Map<String, DBModel> store;
  private final Settings settings;
  private final Callbacks callbacks;
  private final ObjectMapper mapper;
  private final ReentrantLock lock = new ReentrantLock();
  /** Waiters by version; {@code seq} tells which processing attempts started after they came. */
  private final Map<Long, Waiter> waiting = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong attempts = new java.util.concurrent.atomic.AtomicLong();
  private final ThreadLocal<State> state = new ThreadLocal<>();
  private final ScheduledExecutorService worker;
  private volatile long version = -1;
  private volatile Failure failure;
  private volatile boolean closed;
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
    this.mapper = mapper;
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
   * Whether the calling thread is processing an event right now.
   *
   * @return true inside a phase
   */
  public boolean isProcessingThread() {
    return state.get() != null;
  }

  /**
   * The main event being processed on this thread.
   *
   * @return its version, or -1 outside processing
   */
  public long currentEventV() {
    State s = state.get();
    return s == null ? -1 : s.mainV;
  }

  /**
   * A number unique to the processing attempt of the current main event on this thread (a
   * retry of the same event gets a new one).
   *
   * @return the token, or -1 outside processing
   */
  public long currentEventToken() {
    State s = state.get();
    return s == null ? -1 : s.token;
  }

  /**
   * Whether the calling thread is inside a transactor, where dispatching means running a
   * sub-event now.
   *
   * @return true inside transact
   */
  public boolean inTransact() {
    State s = state.get();
    return s != null && s.txDispatch != null;
  }

  /**
   * Runs a sub-event now, from inside a transactor (see {@link #inTransact()}).
   *
   * @param type the event type
   * @param data the payload
   * @return the processed sub-event
   * @throws EventFailedException when the sub-event fails (its changes are rolled back)
   * @throws IllegalStateException outside a transactor
   */
  public Event dispatchInTransact(String type, Object data) {
    State s = state.get();
    if (s == null || s.txDispatch == null) {
      throw new IllegalStateException("dispatch is only available in transact");
    }
    return s.txDispatch.apply(type, data);
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
      return log.get(v).orElse(null);
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
      failure = new Failure(f.event(), 0, System.nanoTime(), false);
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
    }
  }

  /**
   * Appends an event and, when this thread can start processing at once and the log shares the
   * state DB, processes it in the same transaction as the append: one commit instead of two.
   * Otherwise it appends and waits like {@link #handledVersion}.
   *
   * @param append appends the event (runs inside the transaction when inlined)
   * @return the processed event
   * @throws EventFailedException when the event fails
   */
  public Event appendAndHandle(java.util.function.Supplier<Event> append) {
    checkOpen();
    if (logInStateDb && failure == null && lock.tryLock()) {
      CompletableFuture<Event> f = new CompletableFuture<>();
      long[] v = new long[1];
      try {
        runLocked(false, () -> {
          Event added = append.get();
          v[0] = added.v();
          // seq -1: this attempt may complete or fail it
          waiting.put(v[0], new Waiter(f, -1));
          return added;
        });
      } finally {
        lock.unlock();
      }
      if (v[0] == 0) {
        throw new StratoException("EventSourcingDB '" + name + "': the event was not appended");
      }
      if (f.isDone()) {
        try {
          return f.join();
        } catch (java.util.concurrent.CompletionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw e;
        }
      }
      return handledVersion(v[0]);
    }
    return handledVersion(append.get().v());
  }

  /**
   * Processes a batch with the lock held.
   *
   * @param force ignore a failed event's back-off
   * @param first runs first inside the transaction and returns an event it appended (or null);
   *     when that event is the next one due it is processed as is, without reading it back
   */
  private boolean runLocked(boolean force, java.util.function.Supplier<Event> first) {
    {
      Failure f = failure;
      if (f != null && !force && (f.exhausted() || System.nanoTime() < f.nextAttemptNanos())) {
        return false;
      }
      // Waiters that arrive from here on are not failed by this attempt: they may have
      // fixed the event meanwhile, and get an attempt of their own.
      long attempt = attempts.incrementAndGet();
      List<Event> done = new ArrayList<>();
      Event[] failed = new Event[1];
      long[] handled = new long[1];
      db.withTransaction(() -> {
        Event appended = first == null ? null : first.get();
        long v = db.userVersion();
        handled[0] = v;
        outer:
        while (done.size() < settings.batchSize() && !closed) {
          int want = settings.batchSize() - done.size();
          List<Event> batch;
          if (appended != null && appended.v() == v + 1) {
            // the dispatched event is the only one due: no need to read it back
            batch = List.of(appended);
            want = 1;
          } else {
            batch = log.next(v, want);
          }
          appended = null;
          if (batch.isEmpty()) {
            break;
          }
          boolean drained = batch.size() < want;
          for (Event e : batch) {
            if (closed) {
              break outer;
            }
            Event processed = processMain(e);
            log.store(processed, e);
            if (processed.failed()) {
              failed[0] = processed;
              break outer;
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
      for (Event e : done) {
        Waiter w = waiting.remove(e.v());
        if (w != null) {
          w.future().complete(e);
        }
        notifyResult(e);
      }
      completeUpTo(handled[0]);
      if (failed[0] != null) {
        recordFailure(failed[0], attempt);
      } else if (!done.isEmpty() || (f != null && handled[0] >= f.event().v())) {
        failure = null;
      }
      return !done.isEmpty() || failed[0] != null;
    }
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

  private void recordFailure(Event failed, long attempt) {
    Failure prev = failure;
    int attempts = prev != null && prev.event().v() == failed.v() ? prev.attempts() + 1 : 1;
    long delay = backoffNanos(attempts);
    boolean exhausted = attempts >= settings.maxRetries();
    failure = new Failure(failed, attempts, System.nanoTime() + delay, exhausted);
    LOG.warn("EventSourcingDB '{}': event {} ({}) failed (attempt {}{}): {}", name, failed.v(), failed.type(), attempts,
        exhausted ? ", giving up until restarted" : "", failed.error());
    failWaiter(failed.v(), attempt, new EventFailedException(failed));
    notifyError(failed);
    if (exhausted) {
      for (Long k : waiting.keySet()) {
        failWaiter(k, attempt, new EventFailedException(failed,
            "EventSourcingDB '" + name + "': processing stopped at failed event " + failed.v() + " after " + attempts
                + " attempts; event " + k + " was not processed"));
      }
    } else if (!closed) {
      worker.schedule(this::retryQuietly, delay, TimeUnit.NANOSECONDS);
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

  /** Carries a failed event out of its savepoint so only its changes roll back. */
  private static final class Rollback extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Event event;

    Rollback(Event event) {
      super(null, null, false, false);
      this.event = event;
    }
  }

  private Event processMain(Event queued) {
    State s = new State();
    s.mainV = queued.v();
    s.token = TOKENS.incrementAndGet();
    state.set(s);
    try {
      return db.withSavepoint(() -> {
        Event e = handle(clean(queued), 0, new HashMap<>());
        if (e.failed()) {
          throw new Rollback(e);
        }
        return e;
      });
    } catch (Rollback r) {
      return r.event;
    } finally {
      state.remove();
    }
  }

  private static Event clean(Event e) {
    return new Event(e.v(), e.type(), e.ts(), e.data(), null, null, null, null);
  }

  private Event handle(Event event, int depth, Map<String, Object> cache) {
    boolean main = depth == 0;
    if (depth > settings.maxDepth()) {
      return fail(event, "_handle", "sub-events nested deeper than " + settings.maxDepth() + " (endless recursion?)",
          null, null);
    }
    List<NewEvent> added = new ArrayList<>();
    // 1. preprocess
    Event e = event;
    for (Stage st : stages) {
      String key = "_preprocess_" + st.phases().name();
      try {
        if (st.phases().preprocessor() != null) {
          e = checkPreprocessed(e, st.phases().preprocessor().preprocess(ctx(e, st, cache, added, main, null, null)));
        }
        if (e.type().equals(st.model().eventType())) {
          e = checkPreprocessed(e, st.model().preprocess(ctx(e, st, cache, added, main, null, null)));
        }
      } catch (Exception ex) {
        return fail(e, key, ex, null, null);
      }
    }
    // 2. reduce: every reducer sees the state before the event
    Map<Stage, ReduceResult> results = new LinkedHashMap<>();
    ObjectNode errors = JsonNodeFactory.instance.objectNode();
    for (Stage st : stages) {
      try {
        ReduceResult r = null;
        if (st.phases().reducer() != null) {
          r = st.phases().reducer().reduce(ctx(e, st, cache, added, main, null, null));
        }
        if ((r == null || r.isEmpty()) && e.type().equals(st.model().eventType())) {
          r = st.model().reduce(ctx(e, st, cache, added, main, null, null));
        }
        if (r != null && !r.isEmpty()) {
          results.put(st, r);
          if (r.errorMessage() != null) {
            errors.put("_reduce_" + st.phases().name(), r.errorMessage());
          }
        }
      } catch (Exception ex) {
        errors.put("_reduce_" + st.phases().name(), ErrorText.of(ex));
      }
    }
    ObjectNode resultJson = resultJson(results);
    if (!errors.isEmpty()) {
      return new Event(e.v(), e.type(), e.ts(), e.data(), null, errors, resultJson, null);
    }
    // 3. apply, version, derive (models are writable on this thread only)
    String phase = "apply";
    setWritable(true);
    try {
      for (Map.Entry<Stage, ReduceResult> r : results.entrySet()) {
        r.getKey().model().applyResult(r.getValue());
      }
      if (main) {
        phase = "version";
        db.userVersion(Math.toIntExact(e.v()));
      }
      phase = "derive";
      for (Stage st : stages) {
        if (st.phases().deriver() != null) {
          st.phases().deriver().derive(ctx(e, st, cache, added, main, results.get(st), null));
        }
      }
    } catch (Exception ex) {
      return fail(e, "_apply_" + phase, ex, resultJson, null);
    } finally {
      setWritable(false);
    }
    // 4. sub-events, depth-first, in order
    List<Event> subs = new ArrayList<>();
    for (ReduceResult r : results.values()) {
      added.addAll(r.subEvents());
    }
    Event subFailed = runSubEvents(e, added, depth, cache, subs);
    if (subFailed != null) {
      return fail(e, "_handle", subFailure(subFailed), resultJson, subs);
    }
    // 5. transact
    for (Stage st : stages) {
      if (st.phases().transactor() == null) {
        continue;
      }
      Event current = e;
      State s = state.get();
      java.util.function.BiFunction<String, Object, Event> dispatch = (type, data) -> {
        if (type == null || type.isEmpty()) {
          throw new IllegalArgumentException("dispatch in transact: event type must be a non-empty string");
        }
        java.util.function.BiFunction<String, Object, Event> outer = s.txDispatch;
        s.txDispatch = null; // the sub-event's own phases may not dispatch (except its transact)
        Event sub;
        try {
          // its own savepoint: a failed sub-event leaves nothing behind, even when caught
          sub = db.withSavepoint(() -> {
            Event r = handle(new Event(current.v(), type, current.ts(), toJson(data), null, null, null, null),
                depth + 1, cache);
            if (r.failed()) {
              throw new Rollback(r);
            }
            return r;
          });
        } catch (Rollback r) {
          sub = r.event;
        } finally {
          s.txDispatch = outer;
        }
        subs.add(sub);
        if (sub.failed()) {
          throw new EventFailedException(sub);
        }
        return sub;
      };
      java.util.function.BiFunction<String, Object, Event> prevDispatch = s.txDispatch;
      s.txDispatch = dispatch;
      try {
        st.phases().transactor().transact(ctx(e, st, cache, added, main, results.get(st), dispatch));
      } catch (Exception ex) {
        return fail(e, "_transact_" + st.phases().name(), ex, resultJson, subs);
      } finally {
        s.txDispatch = prevDispatch;
      }
      subFailed = runSubEvents(e, added, depth, cache, subs);
      if (subFailed != null) {
        return fail(e, "_handle", subFailure(subFailed), resultJson, subs);
      }
    }
    return new Event(e.v(), e.type(), e.ts(), e.data(), resultJson.isEmpty() ? null : resultJson, null, null,
        subs.isEmpty() ? null : subs);
  }

  /** Runs and removes the queued sub-events; returns the first failed one, or null. */
  private Event runSubEvents(Event parent, List<NewEvent> added, int depth, Map<String, Object> cache, List<Event> subs) {
    while (!added.isEmpty()) {
      NewEvent n = added.remove(0);
      Event sub = handle(new Event(parent.v(), n.type(), parent.ts(), n.data(), null, null, null, null), depth + 1, cache);
      subs.add(sub);
      if (sub.failed()) {
        return sub;
      }
    }
    return null;
  }

  /** The parent's {@code _handle} text for a failed sub-event: the path of types, then the innermost error. */
  private static String subFailure(Event sub) {
    String path = "." + sub.type();
    JsonNode err = sub.error();
    if (err == null || err.isEmpty()) {
      return path + ": failed";
    }
    if (err.size() == 1 && err.has("_handle") && err.get("_handle").asText().startsWith(".")) {
      return path + err.get("_handle").asText();
    }
    Map.Entry<String, JsonNode> first = err.fields().next();
    return path + ": " + first.getKey() + ": " + (first.getValue().isTextual() ? first.getValue().asText()
        : first.getValue().toString());
  }

  private Event checkPreprocessed(Event before, Event after) {
    if (after == null) {
      return before;
    }
    if (after.v() != before.v()) {
      throw new IllegalStateException("preprocessor changed the event version from " + before.v() + " to " + after.v());
    }
    if (after.type() == null || after.type().isEmpty()) {
      throw new IllegalStateException("preprocessor returned an event without a type");
    }
    return new Event(before.v(), after.type(), before.ts(), after.data(), null, null, null, null);
  }

  private Contexts ctx(Event e, Stage st, Map<String, Object> cache, List<NewEvent> added, boolean main, ReduceResult r,
      java.util.function.BiFunction<String, Object, Event> dispatch) {
    return new Contexts(e, st.model(), store, cache, added, main, r, this::toJson, dispatch);
  }

  private JsonNode toJson(Object data) {
    if (data == null) {
      return null;
    }
    JsonNode n = data instanceof JsonNode j ? j : mapper.valueToTree(data);
    return n == null || n.isNull() ? null : n;
  }

  private static ObjectNode resultJson(Map<Stage, ReduceResult> results) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    results.forEach((st, r) -> o.set(st.phases().name(), r.toJson()));
    return o;
  }

  private Event fail(Event e, String key, Object error, ObjectNode failedResult, List<Event> subs) {
    ObjectNode err = JsonNodeFactory.instance.objectNode();
    err.put(key, error instanceof Throwable t ? ErrorText.of(t) : String.valueOf(error));
    return new Event(e.v(), e.type(), e.ts(), e.data(), null, err,
        failedResult == null || failedResult.isEmpty() ? null : failedResult, subs == null || subs.isEmpty() ? null : subs);
  }

  private void setWritable(boolean writable) {
    for (Stage st : stages) {
      st.model().setWritable(writable);
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
        if (!processAvailable(false)) {
          Failure f = failure;
          if (f != null && !f.exhausted()) {
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitSliceNanos())));
          } else {
            log.awaitNext(version());
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("EventSourcingDB '{}': polling failed, retrying: {}", name, e.toString());
        try {
          Thread.sleep(settings.backoffInitial().toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
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
