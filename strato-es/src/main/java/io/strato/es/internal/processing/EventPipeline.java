package io.strato.es.internal.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBModel;
import io.strato.es.internal.WriteAccess;
import io.strato.es.spi.EventRejection;
import io.strato.es.spi.NewEvent;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The cycle of one event inside the caller's transaction, one method per phase: preprocess →
 * reduce → apply + version + derive → sub-events → transact. A failing phase returns the failed
 * event (with its error per phase/model); a rejecting model returns the rejected event. Called
 * by {@link BatchRunner} for main events (each in its own savepoint) and by itself for
 * sub-events; it decides nothing about batches, retries or waiting.
 */
public final class EventPipeline {
  private final DB db;
  private final List<Stage> stages;
  private final Map<String, DBModel> store;
  private final int maxDepth;
  private final ObjectMapper mapper;
  private final ProcessingThread thread = new ProcessingThread();
  private final Upcasters upcasters;
  private final WriteAccess writes;

  /**
   * Creates the pipeline.
   *
   * @param db the state DB
   * @param stages the models, in the order their phases run
   * @param store every model by name
   * @param maxDepth the deepest sub-event nesting
   * @param mapper turns plain Java sub-event data into JSON
   * @param upcasters rewrite stored main events before preprocess
   * @param writes the right to write the models directly, handed to this thread for apply and derive
   */
  public EventPipeline(DB db, List<Stage> stages, Map<String, DBModel> store, int maxDepth, ObjectMapper mapper,
      Upcasters upcasters, WriteAccess writes) {
    this.db = db;
    this.writes = writes;
    this.upcasters = upcasters == null ? Upcasters.NONE : upcasters;
    this.stages = List.copyOf(stages);
    this.store = store;
    this.maxDepth = maxDepth;
    this.mapper = mapper;
  }

  /**
   * The processing thread's state (is a call coming from inside a phase or a transactor?).
   *
   * @return the thread state
   */
  public ProcessingThread thread() {
    return thread;
  }

  /**
   * What processing one main event gave.
   *
   * @param event the processed, rejected or failed event, as it is to be stored
   * @param cause the exception it failed with, when one was thrown in this attempt (else null)
   */
  record Outcome(Event event, Throwable cause) {}

  /** What one event carries through its phases. */
  private static final class Run {
    final boolean main;
    final int depth;
    final Map<String, Object> cache;
    final List<NewEvent> added = new ArrayList<>();
    final List<Event> subs = new ArrayList<>();
    Event event;
    Map<Stage, ReduceResult> results;
    ObjectNode resultJson;

    Run(Event event, int depth, Map<String, Object> cache) {
      this.event = event;
      this.depth = depth;
      this.main = depth == 0;
      this.cache = cache;
    }
  }

  /**
   * Processes one main event in its own savepoint: on failure its changes roll back and the
   * failed event is returned with the exception it failed with.
   *
   * @param queued the event as read from the log
   * @return the outcome
   */
  Outcome processMain(Event queued) {
    if (SkipMark.isSkipped(queued)) {
      // An operator skipped it: the version advances, nothing runs (also in replays).
      return new Outcome(Savepoints.run(db, () -> {
        setVersion(queued.v());
        return queued;
      }), null);
    }
    ProcessingThread.Attempt attempt = thread.begin();
    try {
      Event e = Savepoints.run(db, () -> handleUpcast(ProcessedEvents.queued(queued)));
      if (!e.failed()) {
        return new Outcome(e, null);
      }
      // A failed event stays queued as it was added: its retry must start from that, not from
      // what a preprocessor already made of it (else a preprocessor runs twice on its data).
      return new Outcome(e.withType(queued.type()).withData(queued.data()), attempt.cause);
    } finally {
      thread.end();
    }
  }

  /** Upcasts a main event, handles it, and keeps the stored type and data when an upcaster changed them. */
  private Event handleUpcast(Event stored) {
    Event in;
    try {
      in = upcasters.apply(stored);
    } catch (Upcasters.UpcastException ex) {
      return fail(stored, ex.key, ex.getCause(), null, null);
    }
    Event out = handle(in, 0, new HashMap<>());
    return in == stored ? out : out.withType(stored.type()).withData(stored.data());
  }

  private Event handle(Event event, int depth, Map<String, Object> cache) {
    if (depth > maxDepth) {
      return fail(event, "_handle", "sub-events nested deeper than " + maxDepth + " (endless recursion?)", null, null);
    }
    Run run = new Run(event, depth, cache);
    Event stop = preprocess(run);
    if (stop == null) {
      stop = reduce(run);
    }
    if (stop == null) {
      stop = applyAndDerive(run);
    }
    if (stop == null) {
      stop = runSubEvents(run);
    }
    if (stop == null) {
      stop = transact(run);
    }
    // An event no reducer changed stores {} as its result, as upstream writes it.
    return stop != null ? stop : ProcessedEvents.processed(run.event, run.resultJson, run.subs);
  }

  /** 1. Each model's preprocessor may change the event (not its version). */
  private Event preprocess(Run run) {
    for (Stage st : stages) {
      try {
        if (st.phases().preprocessor() != null) {
          run.event = checkPreprocessed(run.event, st.phases().preprocessor().preprocess(ctx(run, st, null, null)));
        }
        if (run.event.type().equals(st.model().eventType())) {
          run.event = checkPreprocessed(run.event, st.model().preprocess(ctx(run, st, null, null)));
        }
      } catch (EventRejection rj) {
        return reject(run, Map.of(st.name(), rj.reason()));
      } catch (Exception ex) {
        return fail(run.event, "_preprocess_" + st.name(), ex, null, null);
      }
    }
    return null;
  }

  /** 2. Every reducer sees the state before the event; errors and rejections are collected. */
  private Event reduce(Run run) {
    Map<Stage, ReduceResult> results = new LinkedHashMap<>();
    Map<String, String> rejections = new LinkedHashMap<>();
    ObjectNode errors = JsonNodeFactory.instance.objectNode();
    for (Stage st : stages) {
      try {
        ReduceResult r = null;
        if (st.phases().reducer() != null) {
          r = st.phases().reducer().reduce(ctx(run, st, null, null));
        }
        if ((r == null || r.isEmpty()) && run.event.type().equals(st.model().eventType())) {
          r = st.model().reduce(ctx(run, st, null, null));
        }
        if (r == null || r.isEmpty()) {
          continue;
        }
        if (r.get("events") != null) {
          // As upstream: returned sub-events queue right after the reducer that returned them
          // (before the derivers' ones) and are not kept in the stored result.
          run.added.addAll(r.subEvents());
          r = withoutEvents(r);
        }
        results.put(st, r);
        if (r.errorMessage() != null) {
          errors.put("_reduce_" + st.name(), r.errorMessage());
        } else if (r.rejection() != null) {
          rejections.put(st.name(), r.rejection());
        }
      } catch (EventRejection rj) {
        rejections.put(st.name(), rj.reason());
      } catch (Exception ex) {
        errors.put("_reduce_" + st.name(), ErrorText.of(ex));
        thread.causeOnce(ex);
      }
    }
    run.results = results;
    run.resultJson = resultJson(results);
    if (!errors.isEmpty()) {
      return ProcessedEvents.failed(run.event, errors, run.resultJson, null);
    }
    return rejections.isEmpty() ? null : reject(run, rejections);
  }

  /** 3. Apply each result, set the version (main events), then derive; this thread may write the models meanwhile. */
  private Event applyAndDerive(Run run) {
    String phase = "apply";
    WriteAccess.Grant writing = writes.grant();
    try {
      for (Map.Entry<Stage, ReduceResult> r : run.results.entrySet()) {
        r.getKey().model().applyResult(r.getValue());
      }
      if (run.main) {
        phase = "version";
        setVersion(run.event.v());
      }
      phase = "derive";
      for (Stage st : stages) {
        if (st.phases().deriver() != null) {
          st.phases().deriver().derive(ctx(run, st, run.results.get(st), null));
        }
      }
      return null;
    } catch (Exception ex) {
      return fail(run.event, "_apply_" + phase, ex, run.resultJson, null);
    } finally {
      writing.close();
    }
  }

  /** 4. Sub-events queued so far, depth-first, in order; the first failure fails the parent. */
  private Event runSubEvents(Run run) {
    while (!run.added.isEmpty()) {
      NewEvent n = run.added.remove(0);
      Event sub = handle(ProcessedEvents.subEvent(run.event, n.type(), n.data()), run.depth + 1, run.cache);
      run.subs.add(sub);
      if (sub.failed()) {
        return fail(run.event, "_handle", subFailure(sub), run.resultJson, run.subs);
      }
    }
    return null;
  }

  /** 5. Each transactor, which may dispatch sub-events that run at once; then what they queued. */
  private Event transact(Run run) {
    for (Stage st : stages) {
      if (st.phases().transactor() == null) {
        continue;
      }
      ProcessingThread.Attempt attempt = thread.attempt();
      BiFunction<String, Object, Event> dispatch = new TransactDispatch(thread, db, run.subs,
          (type, data) -> handle(ProcessedEvents.subEvent(run.event, type, toJson(data)), run.depth + 1, run.cache));
      BiFunction<String, Object, Event> previous = attempt.txDispatch;
      attempt.txDispatch = dispatch;
      try {
        st.phases().transactor().transact(ctx(run, st, run.results.get(st), dispatch));
      } catch (Exception ex) {
        return fail(run.event, "_transact_" + st.name(), ex, run.resultJson, run.subs);
      } finally {
        attempt.txDispatch = previous;
      }
      Event failed = runSubEvents(run);
      if (failed != null) {
        return failed;
      }
    }
    return null;
  }

  void setVersion(long v) {
    if (v > Integer.MAX_VALUE) {
      // SQLite's user_version is a signed 32-bit integer.
      throw new IllegalStateException("event version " + v + " is above 2^31-1, the most SQLite's user_version holds");
    }
    db.userVersion((int) v);
  }

  /** A rejected event: processed (a main event's version advances), nothing applied. */
  private Event reject(Run run, Map<String, String> reasons) {
    if (run.main) {
      setVersion(run.event.v());
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    reasons.forEach((model, reason) -> result.set(model, ReduceResult.reject(reason).toJson()));
    return ProcessedEvents.rejected(run.event, result);
  }

  private Event fail(Event e, String key, Object error, ObjectNode failedResult, List<Event> subs) {
    if (error instanceof Throwable t) {
      thread.causeOnce(t);
    }
    ObjectNode err = JsonNodeFactory.instance.objectNode();
    err.put(key, error instanceof Throwable t ? ErrorText.of(t) : String.valueOf(error));
    return ProcessedEvents.failed(e, err, failedResult, subs);
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

  private static Event checkPreprocessed(Event before, Event after) {
    if (after == null) {
      return before;
    }
    if (after.v() != before.v()) {
      throw new IllegalStateException("preprocessor changed the event version from " + before.v() + " to " + after.v());
    }
    if (after.type() == null || after.type().isEmpty()) {
      throw new IllegalStateException("preprocessor returned an event without a type");
    }
    return ProcessedEvents.preprocessed(before, after.type(), after.data());
  }

  private Contexts ctx(Run run, Stage st, ReduceResult r, BiFunction<String, Object, Event> dispatch) {
    return new Contexts(run.event, st.model(), store, run.cache, run.added, run.main, r, this::toJson, dispatch);
  }

  JsonNode toJson(Object data) {
    if (data == null) {
      return null;
    }
    JsonNode n = data instanceof JsonNode j ? j : mapper.valueToTree(data);
    return n == null || n.isNull() ? null : n;
  }

  private static ReduceResult withoutEvents(ReduceResult r) {
    ObjectNode json = r.toJson();
    json.remove("events");
    return ReduceResult.fromJson(json);
  }

  private static ObjectNode resultJson(Map<Stage, ReduceResult> results) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    results.forEach((st, r) -> o.set(st.name(), r.toJson()));
    return o;
  }

  /**
   * Hands this thread the right to write the models directly (for apply and derive).
   *
   * @return the grant, to close when the phase ends
   */
  WriteAccess.Grant grantWrites() {
    return writes.grant();
  }
}
