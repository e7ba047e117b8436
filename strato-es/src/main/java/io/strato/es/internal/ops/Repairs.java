package io.strato.es.internal.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.strato.es.EventFailedException;
import io.strato.es.internal.EventData;
import io.strato.es.internal.processing.SkipMark;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Retry, replace and skip: an operator's ways past a failed event. */
final class Repairs {
  private static final Logger LOG = LoggerFactory.getLogger(Repairs.class);

  private Repairs() {}

  static Event retry(OpsContext c) {
    c.requireWritable("retry").retryNow();
    long v = c.version();
    return v == 0 ? null : c.records().get(v).orElse(null);
  }

  static Event replace(OpsContext c, long v, String type, Object data) {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': replace needs a non-empty type");
    }
    EventQueue q = c.requireQueue("replace");
    JsonNode node;
    try {
      node = EventData.canonical(q.objectMapper(), data);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': replace of event " + v + ": "
          + ex.getMessage(), ex);
    }
    c.writeLocked("replace", () -> {
      Event old = unprocessed(c, v, "replaced");
      Event fresh = new Event(v, type, old.ts(), node, null, null, null, null);
      c.records().store(fresh, old);
      LOG.warn("EventSourcingDB '{}': event {} replaced by an operator: {} -> {}", c.name(), v, old.type(), type);
      return null;
    });
    Optional<Event> failed = c.loop().retryNow();
    if (c.version() >= v) {
      return c.records().get(v).orElseThrow();
    }
    Event f = failed.orElseGet(() -> c.records().get(c.version() + 1).orElseThrow());
    throw new EventFailedException(f, "EventSourcingDB '" + c.name() + "': event " + v + " was replaced but processing"
        + " stopped at event " + f.v() + " (" + f.type() + "): " + f.error());
  }

  static Event skip(OpsContext c, long v, String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': skip needs a reason");
    }
    c.requireQueue("skip");
    c.writeLocked("skip", () -> {
      Event cur = unprocessed(c, v, "skipped");
      long next = c.db().userVersion() + 1;
      if (v != next) {
        throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': only the next event due (" + next
            + ") can be skipped, not " + v + "; skip the events before it first");
      }
      c.records().store(SkipMark.mark(cur, reason, System.currentTimeMillis()), cur);
      LOG.warn("EventSourcingDB '{}': event {} ({}) skipped by an operator: {}", c.name(), v, cur.type(), reason);
      return null;
    });
    // the pipeline honours the mark: the version advances past it, nothing runs; then the rest
    c.loop().retryNow();
    return c.records().get(v).orElseThrow();
  }

  /** The stored event v, which must not be processed yet; checked inside the write lock. */
  private static Event unprocessed(OpsContext c, long v, String what) {
    long version = c.db().userVersion();
    if (v <= version) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': event " + v + " cannot be " + what
          + ": it is processed (the state is at version " + version + ") and processed history is immutable");
    }
    return c.records().get(v).orElseThrow(() -> new IllegalArgumentException("EventSourcingDB '" + c.name()
        + "': there is no event " + v + " (the log's head is " + c.log().head() + ")"));
  }
}
