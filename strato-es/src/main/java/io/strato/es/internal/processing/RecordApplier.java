package io.strato.es.internal.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.DBModel;
import io.strato.es.EventRejectedException;
import io.strato.es.internal.WriteAccess;
import io.strato.es.spi.NewEvent;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a processed record another node produced (a follower of a shared log, see
 * {@code io.strato.es.log.ProcessingGate}): for the event and then each of its processed
 * sub-events, depth-first in the order they ran, each model's stored result is applied, the
 * version set (main event only) and the derivers run. No preprocessor, reducer or transactor
 * runs: their outcome is the record. A rejected record only advances the version; a failed
 * record applies nothing and is this node's failure of the event (it halts and retries). Events the
 * derivers add are dropped, because the record already holds the sub-events the leader ran.
 * Called by {@link BatchRunner} when the {@code ProcessingGate} says APPLY; it shares the
 * pipeline's version setting, grant of direct writes and processing-thread state, so the same rules
 * hold (a deriver may not dispatch, the version fits SQLite's user_version).
 */
final class RecordApplier {
  private final EventPipeline pipeline;
  private final DB db;
  private final List<Stage> stages;
  private final Map<String, DBModel> store;

  RecordApplier(EventPipeline pipeline, DB db, List<Stage> stages, Map<String, DBModel> store) {
    this.pipeline = pipeline;
    this.db = db;
    this.stages = List.copyOf(stages);
    this.store = store;
  }

  /**
   * Applies a main event's record in its own savepoint, marked as processing (so phases cannot
   * dispatch); a failed outcome rolls back only this event.
   */
  EventPipeline.Outcome applyMain(Event record) {
    ProcessingThread.Attempt attempt = pipeline.thread().begin();
    try {
      Event e = Savepoints.run(db, () -> apply(record, true, new HashMap<>()));
      return new EventPipeline.Outcome(e, e.failed() ? attempt.cause : null);
    } finally {
      pipeline.thread().end();
    }
  }

  /** Applies the record; returns it, or a failed event when applying or deriving threw. */
  Event apply(Event record, boolean main, Map<String, Object> cache) {
    if (main && record.failed()) {
      return record; // the event failed where it was reduced: this node halts at it too, nothing applied
    }
    if (EventRejectedException.reasonOf(record).isPresent()) {
      if (main) {
        pipeline.setVersion(record.v());
      }
      return record;
    }
    Map<Stage, ReduceResult> results = new LinkedHashMap<>();
    for (Stage st : stages) {
      JsonNode json = record.result() == null ? null : record.result().get(st.name());
      if (json != null && json.isObject() && !json.isEmpty()) {
        results.put(st, ReduceResult.fromJson(json));
      }
    }
    String phase = "apply";
    WriteAccess.Grant writing = pipeline.grantWrites();
    try {
      for (Map.Entry<Stage, ReduceResult> r : results.entrySet()) {
        r.getKey().model().applyResult(r.getValue());
      }
      if (main) {
        phase = "version";
        pipeline.setVersion(record.v());
      }
      phase = "derive";
      List<NewEvent> dropped = new ArrayList<>();
      for (Stage st : stages) {
        if (st.phases().deriver() != null) {
          st.phases().deriver().derive(new Contexts(record, st.model(), store, cache, dropped, main, results.get(st),
              pipeline::toJson, null));
        }
      }
    } catch (Exception ex) {
      return failed(record, "_apply_" + phase, ErrorText.of(ex));
    } finally {
      writing.close();
    }
    if (record.events() != null) {
      for (Event sub : record.events()) {
        Event done = apply(sub, false, cache);
        if (done.failed()) {
          return failed(record, "_handle", "." + sub.type() + ": " + done.error());
        }
      }
    }
    return record;
  }

  private static Event failed(Event record, String key, String message) {
    ObjectNode err = JsonNodeFactory.instance.objectNode().put(key, message);
    return ProcessedEvents.failed(ProcessedEvents.queued(record), err, null, null);
  }
}
