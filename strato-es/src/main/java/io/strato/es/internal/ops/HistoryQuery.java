package io.strato.es.internal.ops;

import static io.strato.jsonmodel.SearchOptions.options;

import io.strato.es.HistoryFilter;
import io.strato.es.internal.processing.SkipMark;
import io.strato.jsonmodel.SearchOptions;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One page of the history table as a {@link HistoryFilter} asks: one SQL query with a LIMIT. */
final class HistoryQuery {
  private HistoryQuery() {}

  static List<Event> page(OpsContext c, HistoryFilter f) {
    if (f == null) {
      throw new IllegalArgumentException("EventSourcingDB '" + c.name() + "': history needs a filter, e.g."
          + " HistoryFilter.all()");
    }
    EventQueue q = c.requireQueue("history");
    SearchOptions o = options().where("v >= ?", f.fromVersion()).where("v <= ?", f.toVersion());
    if (f.typeFilter().isPresent()) {
      o = o.where("type = ?", f.typeFilter().get());
    }
    if (f.sinceTime().isPresent()) {
      o = o.where("ts >= ?", f.sinceTime().get().toEpochMilli());
    }
    if (f.untilTime().isPresent()) {
      o = o.where("ts < ?", f.untilTime().get().toEpochMilli());
    }
    if (f.isFailedOnly()) {
      o = o.where("json_extract(json, '$.error') IS NOT NULL");
    }
    if (f.isSkippedOnly()) {
      o = o.where("json_extract(result, '$." + SkipMark.KEY + "') IS NOT NULL");
    }
    return asTheStateSeesThem(c, q, q.searchAll(Map.of(), o.sort("v", 1).limit(f.limit()).noTotal()));
  }

  /**
   * Above the state's version a stored processed form belongs to a processing that never
   * committed (a rollback or crash after the queue file took it): show that event as added, as
   * it will be processed again, not with a result the state never applied.
   */
  private static List<Event> asTheStateSeesThem(OpsContext c, EventQueue q, List<Event> page) {
    long stateV = c.db().userVersion();
    List<Event> out = new ArrayList<>(page.size());
    for (Event e : page) {
      boolean uncommitted = e.v() > stateV && (e.result() != null || e.error() != null);
      out.add(uncommitted ? q.asAdded().nextBatch(e.v() - 1, 1, stateV).stream().findFirst().orElse(e) : e);
    }
    return out;
  }
}
