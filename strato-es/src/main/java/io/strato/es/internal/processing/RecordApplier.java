package io.strato.es.internal.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DBModel;
import io.strato.es.EventRejectedException;
import io.strato.es.spi.NewEvent;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Applies a processed record another node produced (a follower of a shared log, see
 * {@code io.strato.es.log.ProcessingGate}): for the event and then each of its processed
 * sub-events, depth-first in the order they ran, each model's stored result is applied, the
 * version set (main event only) and the derivers run. No preprocessor, reducer or transactor
 * runs: their outcome is the record. A rejected record only advances the version. Events the
 * derivers add are dropped, because the record already holds the sub-events the leader ran.
 * Called by {@link EventPipeline#applyMain} inside the event's savepoint.
 */
final class RecordApplier {
  private final List<Stage> stages;
  private final Map<String, DBModel> store;
  private final Function<Object, JsonNode> toJson;
  private final LongConsumer setVersion;
  private final Consumer<Boolean> setWritable;

  RecordApplier(List<Stage> stages, Map<String, DBModel> store, Function<Object, JsonNode> toJson,
      LongConsumer setVersion, Consumer<Boolean> setWritable) {
    this.stages = stages;
    this.store = store;
    this.toJson = toJson;
    this.setVersion = setVersion;
    this.setWritable = setWritable;
  }

  /** Applies the record; returns it, or a failed event when applying or deriving threw. */
  Event apply(Event record, boolean main, Map<String, Object> cache) {
    if (EventRejectedException.reasonOf(record).isPresent()) {
      if (main) {
        setVersion.accept(record.v());
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
    setWritable.accept(true);
    try {
      for (Map.Entry<Stage, ReduceResult> r : results.entrySet()) {
        r.getKey().model().applyResult(r.getValue());
      }
      if (main) {
        phase = "version";
        setVersion.accept(record.v());
      }
      phase = "derive";
      List<NewEvent> dropped = new ArrayList<>();
      for (Stage st : stages) {
        if (st.phases().deriver() != null) {
          st.phases().deriver().derive(new Contexts(record, st.model(), store, cache, dropped, main, results.get(st),
              toJson, null));
        }
      }
    } catch (Exception ex) {
      return failed(record, "_apply_" + phase, ErrorText.of(ex));
    } finally {
      setWritable.accept(false);
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

  Event applyMain(Event record) {
    return apply(record, true, new HashMap<>());
  }

  private static Event failed(Event record, String key, String message) {
    ObjectNode err = JsonNodeFactory.instance.objectNode().put(key, message);
    return ProcessedEvents.failed(ProcessedEvents.queued(record), err, null, null);
  }
}
