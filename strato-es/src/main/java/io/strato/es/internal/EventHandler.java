package io.strato.es.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBModel;
import io.strato.es.EventFailedException;
import io.strato.es.internal.Processor.Stage;
import io.strato.es.spi.EventRejection;
import io.strato.es.spi.NewEvent;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cycle of one event, inside the caller's transaction: preprocess → reduce → apply →
 * version → derive → sub-events → transact, with the error of a failing phase recorded on the
 * event. {@link Processor} decides which events run, in which transaction, and who waits for
 * them; this class only runs one. It also keeps the processing thread's state (current event,
 * transactor dispatch), which is what {@code EventSourcingDB} and {@code ESModel} ask about.
 */
public final class EventHandler {
  /** What the processing thread is doing (set for the duration of one main event). */
  private static final class State {
    /** Unique per processing attempt of a main event (ESModel's id counter restarts with it). */
    long token = -1;
    /** Set while a transactor runs: where ESModel writes and es.dispatch go (a sub-event now). */
    java.util.function.BiFunction<String, Object, Event> txDispatch;
    /** The first exception this attempt failed with (the innermost, for a failed sub-event). */
    Throwable cause;
  }

  /**
   * What processing one main event gave.
   *
   * @param event the processed, rejected or failed event, as it is to be stored
   * @param cause the exception it failed with, when one was thrown in this attempt (else null)
   */
  record Outcome(Event event, Throwable cause) {}

  private static final java.util.concurrent.atomic.AtomicLong TOKENS = new java.util.concurrent.atomic.AtomicLong();

  private final DB db;
  private final List<Stage> stages;
  private final Map<String, DBModel> store;
  private final int maxDepth;
  private final ObjectMapper mapper;
  private final ThreadLocal<State> state = new ThreadLocal<>();

  EventHandler(DB db, List<Stage> stages, Map<String, DBModel> store, int maxDepth, ObjectMapper mapper) {
    this.db = db;
    this.stages = stages;
    this.store = store;
    this.maxDepth = maxDepth;
    this.mapper = mapper;
  }

  /**
   * Whether the calling thread is processing an event right now.
   *
   * @return true inside a phase
   */
  public boolean isProcessingThread() {
    return state.get() != null;
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

  /** Carries a failed event out of its savepoint so only its changes roll back. */
  private static final class Rollback extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Event event;

    Rollback(Event event) {
      super(null, null, false, false);
      this.event = event;
    }
  }

  /**
   * Processes one main event in its own savepoint: on failure its changes roll back and the
   * failed event (with its error) is returned.
   *
   * @param queued the event as queued
   * @return the processed, rejected or failed event, with the exception it failed with
   */
  Outcome processMain(Event queued) {
    State s = new State();
    s.token = TOKENS.incrementAndGet();
    state.set(s);
    try {
      return new Outcome(db.withSavepoint(() -> {
        Event e = handle(clean(queued), 0, new HashMap<>());
        if (e.failed()) {
          throw new Rollback(e);
        }
        return e;
      }), null);
    } catch (Rollback r) {
      return new Outcome(r.event, s.cause);
    } finally {
      state.remove();
    }
  }

  private static Event clean(Event e) {
    return new Event(e.v(), e.type(), e.ts(), e.data(), null, null, null, null);
  }

  private Event handle(Event event, int depth, Map<String, Object> cache) {
    boolean main = depth == 0;
    if (depth > maxDepth) {
      return fail(event, "_handle", "sub-events nested deeper than " + maxDepth + " (endless recursion?)",
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
      } catch (EventRejection rj) {
        return reject(e, Map.of(st.phases().name(), rj.reason()), main);
      } catch (Exception ex) {
        return fail(e, key, ex, null, null);
      }
    }
    // 2. reduce: every reducer sees the state before the event
    Map<Stage, ReduceResult> results = new LinkedHashMap<>();
    Map<String, String> rejections = new LinkedHashMap<>();
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
          // As upstream: returned sub-events queue right after the reducer that returned them
          // (before the derivers' ones) and are not kept in the stored result.
          List<NewEvent> returned = r.subEvents();
          if (r.get("events") != null) {
            added.addAll(returned);
            r = withoutEvents(r);
          }
          results.put(st, r);
          if (r.errorMessage() != null) {
            errors.put("_reduce_" + st.phases().name(), r.errorMessage());
          } else if (r.rejection() != null) {
            rejections.put(st.phases().name(), r.rejection());
          }
        }
      } catch (EventRejection rj) {
        rejections.put(st.phases().name(), rj.reason());
      } catch (Exception ex) {
        errors.put("_reduce_" + st.phases().name(), ErrorText.of(ex));
        causeOnce(ex);
      }
    }
    ObjectNode resultJson = resultJson(results);
    if (!errors.isEmpty()) {
      return new Event(e.v(), e.type(), e.ts(), e.data(), null, errors, resultJson, null);
    }
    if (!rejections.isEmpty()) {
      return reject(e, rejections, main);
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
    // An event no reducer changed stores {} as its result, as upstream writes it.
    return new Event(e.v(), e.type(), e.ts(), e.data(), resultJson, null, null, subs.isEmpty() ? null : subs);
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

  private static ReduceResult withoutEvents(ReduceResult r) {
    ObjectNode j = r.toJson();
    j.remove("events");
    return ReduceResult.fromJson(j);
  }

  private static ObjectNode resultJson(Map<Stage, ReduceResult> results) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    results.forEach((st, r) -> o.set(st.phases().name(), r.toJson()));
    return o;
  }

  /**
   * A rejected event: processed (a main event's version advances), nothing applied, each
   * rejecting model's reason stored as {@code result.<model>.esFail}.
   */
  private Event reject(Event e, Map<String, String> reasons, boolean main) {
    if (main) {
      db.userVersion(Math.toIntExact(e.v()));
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    reasons.forEach((model, reason) -> result.set(model, ReduceResult.reject(reason).toJson()));
    return new Event(e.v(), e.type(), e.ts(), e.data(), result, null, null, null);
  }

  /** Remembers the first exception of this attempt, for {@code EventFailedException.getCause()}. */
  private void causeOnce(Throwable t) {
    State s = state.get();
    if (s != null && s.cause == null) {
      s.cause = t;
    }
  }

  private Event fail(Event e, String key, Object error, ObjectNode failedResult, List<Event> subs) {
    if (error instanceof Throwable t) {
      causeOnce(t);
    }
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
}
