package io.strato.es.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.db.DB;
import io.strato.db.StratoException;
import io.strato.es.EventRejectedException;
import io.strato.es.ProcessingHaltedException;
import io.strato.es.internal.processing.ProcessingLoop;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls of an {@code EventSourcingDB} that add events or wait for processing, each checked
 * before it starts: not closed (a {@link CallGate} lets {@code close()} wait for calls in
 * flight), not read-only, not from a phase on the processing thread, not inside a transaction
 * of the state DB or of the log's own DB (the wait would be for itself, or a rollback would take
 * the event away after the state applied it). Called by the public facade, on the callers'
 * threads; thread-safe.
 */
public final class EsCalls {
  private static final Logger LOG = LoggerFactory.getLogger("io.strato.es.EventSourcingDB");

  private final EsWiring w;
  private final CallGate gate = new CallGate();
  private final AsyncAppender appender;

  /**
   * Guards the calls of one DB.
   *
   * @param wiring its parts
   */
  public EsCalls(EsWiring wiring) {
    this.w = wiring;
    this.appender = new AsyncAppender(wiring.name());
  }

  /**
   * Adds an event and waits until it is processed (inside {@code transact}: runs it as a
   * sub-event now).
   *
   * @param type the type
   * @param data the payload, may be null
   * @param ts ms since the epoch, 0 for now
   * @return the processed event
   * @throws EventRejectedException when a model rejected it
   */
  public Event dispatch(String type, Object data, long ts) {
    ProcessingLoop loop = w.loop();
    if (loop != null && loop.thread().inTransact()) {
      // inside transact (e.g. an ESModel write there): run it as a sub-event now
      checkType(type);
      return throwIfRejected(loop.thread().dispatchInTransact(type, data));
    }
    return gate.call(this::closedError, () -> {
      appender.awaitOwn(); // this thread's earlier dispatchAsync events come first
      JsonNode node = checkAdd(type, data);
      loop.failFastIfHalted();
      return throwIfRejected(loop.appendAndHandle(() -> w.log().append(type, node, ts)));
    });
  }

  /**
   * Adds an event and returns a future of the processed event at once: the halt check and the
   * append run on the {@link AsyncAppender} thread, so a batch holding the log's writer does not
   * hold the caller up.
   *
   * @param type the type
   * @param data the payload, may be null
   * @return the future (failed at once, nothing added, while processing is halted)
   */
  public CompletableFuture<Event> dispatchAsync(String type, Object data) {
    return gate.call(this::closedError, () -> {
      JsonNode node = checkAdd(type, data);
      ProcessingLoop loop = w.loop();
      boolean fromListener = loop.heldByCurrentThread();
      if (fromListener) {
        // A listener under the processing lock decides here: from the appender thread the
        // halt check would wait for this very listener, and restart the retries it ran out of.
        try {
          loop.failFastIfHalted();
        } catch (ProcessingHaltedException e) {
          return CompletableFuture.<Event>failedFuture(e);
        }
      }
      Runnable leave = gate.enterDetached(this::closedError);
      return appender.submit(() -> appendAndTrack(type, node, !fromListener), leave)
          .thenApply(EsCalls::throwIfRejected);
    });
  }

  /** On the appender thread: the halt check (which may run the due attempt), the append, the future. */
  private CompletableFuture<Event> appendAndTrack(String type, JsonNode node, boolean checkHalt) {
    ProcessingLoop loop = w.loop();
    loop.checkOpen(); // closed while queued here: nothing added, the future says so
    if (checkHalt) {
      loop.failFastIfHalted();
    }
    return loop.track(w.log().append(type, node, 0).v());
  }

  /**
   * Waits until event v is processed, helping to process it.
   *
   * @param v the version
   * @return the event, or null when no event has that version
   */
  public Event handledVersion(long v) {
    return gate.call(this::closedError, () -> {
      checkCall("handledVersion", null);
      w.db().open();
      return w.loop().handledVersion(v);
    });
  }

  /**
   * Waits at most {@code timeout} until event v is processed (the worker thread processes).
   *
   * @param v the version
   * @param timeout the longest wait
   * @return the event, or null when no event has that version
   */
  public Event handledVersion(long v, Duration timeout) {
    return gate.call(this::closedError, () -> {
      checkCall("handledVersion", null);
      w.db().open();
      return w.loop().handledVersion(v, timeout);
    });
  }

  /** Processes every event queued now and waits for it. */
  public void waitForQueue() {
    gate.call(this::closedError, () -> {
      checkCall("waitForQueue", null);
      w.db().open();
      long max = w.log().head();
      if (max > w.loop().version()) {
        w.loop().handledVersion(max);
      }
      return null;
    });
  }

  /** Keeps processing until stopped. */
  public void startPolling() {
    gate.call(this::closedError, () -> {
      checkWritable("startPolling");
      w.loop().checkOpen();
      w.db().open();
      w.loop().startPolling();
      return null;
    });
  }

  /** Processes whatever is queued now, without waiting for a failed event's back-off. */
  public void checkForEvents() {
    gate.call(this::closedError, () -> {
      checkCall("checkForEvents", null);
      w.db().open();
      boolean first = true;
      while (w.loop().processAvailable(first)) {
        first = false;
      }
      return null;
    });
  }

  /** Refuses new calls, fails waiting callers, waits up to 30 s for calls in flight, closes the DBs. */
  public void close() {
    gate.close(); // new calls are refused from here on
    if (w.loop() != null) {
      w.loop().close(); // fails waiting callers, so calls in flight leave quickly
    }
    if (!gate.awaitDrained(Duration.ofSeconds(30))) {
      LOG.warn("EventSourcingDB '{}': calls still running 30 s after close(); closing the databases anyway", w.name());
    }
    appender.shutdown();
    w.db().close();
    if (w.queueDb() != null) {
      w.queueDb().close();
    }
  }

  private StratoException closedError() {
    return new StratoException("EventSourcingDB '" + w.name() + "' is closed");
  }

  private static Event throwIfRejected(Event e) {
    if (EventRejectedException.reasonOf(e).isPresent()) {
      throw new EventRejectedException(e);
    }
    return e;
  }

  private void checkType(String type) {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("EventSourcingDB '" + w.name() + "': event type must be a non-empty string");
    }
  }

  /** Validates a dispatch and turns its data into JSON; opens the DB. */
  private JsonNode checkAdd(String type, Object data) {
    checkType(type);
    checkCall("dispatch", "use ctx.addEvent, or ctx.dispatch in transact");
    JsonNode node;
    try {
      // The queue's own conversion bounds the nesting depth and names the queue in errors.
      node = w.queue() != null ? EventData.canonicalTree(w.mapper(), w.queue().toData(data))
          : EventData.canonical(w.mapper(), data);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("EventSourcingDB '" + w.name() + "': " + ex.getMessage(), ex);
    }
    w.db().open();
    return node;
  }

  private void checkCall(String what, String hint) {
    checkWritable(what);
    w.loop().checkOpen();
    if (w.loop().thread().isProcessing()) {
      throw new StratoException("EventSourcingDB '" + w.name() + "': " + what + " cannot be called while an event is"
          + " being processed (from a preprocessor, reducer or deriver)" + (hint == null ? "" : "; " + hint));
    }
    if (w.db().inTransaction()) {
      throw new StratoException("EventSourcingDB '" + w.name() + "': " + what + " cannot be called inside a"
          + " transaction of the state DB; it would wait for itself");
    }
    DB separate = w.separateLogDb();
    if (separate != null && separate.inTransaction()) {
      throw new StratoException("EventSourcingDB '" + w.name() + "': " + what + " cannot be called inside a"
          + " transaction of the queue's DB; a rollback would take the event away after the state applied it");
    }
  }

  /**
   * Refuses a write on a read-only DB.
   *
   * @param what the call, for the message
   * @throws StratoException when read-only
   */
  public void checkWritable(String what) {
    if (w.settings().readOnly()) {
      throw new StratoException("EventSourcingDB '" + w.name() + "' is read-only: " + what + " is not possible");
    }
  }
}
