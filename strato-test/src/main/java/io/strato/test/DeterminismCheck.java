package io.strato.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.es.EventFailedException;
import io.strato.es.EventSourcingDB;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.opentest4j.AssertionFailedError;

/** Replays a DB's handled history into a fresh DB and compares events and state. */
final class DeterminismCheck {
  private final List<Consumer<EventSourcingDB.Builder>> setup;

  DeterminismCheck(List<Consumer<EventSourcingDB.Builder>> setup) {
    this.setup = setup;
  }

  void check(EventSourcingDB original) {
    long handled = original.getVersion();
    if (handled == 0) {
      return;
    }
    List<Event> history = new ArrayList<>();
    for (long v = 1; v <= handled; v++) {
      original.queue().get(v).ifPresent(history::add);
    }
    try (DB queueDb = DB.memory()) {
      EventQueue queue = queueDb.addModel(EventQueue::new);
      for (Event e : history) {
        Event added = queue.add(e.type(), e.data(), e.ts());
        if (added.v() != e.v()) {
          throw new AssertionFailedError("determinism check: the history has a gap before event " + e.v()
              + "; cannot replay it with the same versions");
        }
      }
      EventSourcingDB.Builder b = EsFixture.newBuilder(setup).queue(queue);
      try (EventSourcingDB replay = b.build()) {
        try {
          replay.handledVersion(handled);
        } catch (EventFailedException e) {
          throw new AssertionFailedError("determinism check: the replay failed at event " + e.event().v() + " ("
              + e.event().type() + ") which was processed the first time: " + e.getMessage(), e);
        }
        for (Event first : history) {
          Event second = replay.queue().get(first.v()).orElseThrow();
          compare(first, second);
        }
        if (replay.queue().getMaxV() == handled) {
          String diff = Snapshot.diff(Snapshot.of(original), Snapshot.of(replay));
          if (diff != null) {
            throw new AssertionFailedError("determinism check: the state after replaying " + handled
                + " events differs (first run -> replay):" + diff);
          }
        }
      }
    }
  }

  private static void compare(Event first, Event second) {
    JsonNode a = comparable(first);
    JsonNode b = comparable(second);
    if (!Json.equal(a, b)) {
      throw new AssertionFailedError("determinism check: event " + first.v() + " (" + first.type()
          + ") came out differently when processed a second time", Json.print(a), Json.print(b));
    }
  }

  /** Type, data, result and sub-events (recursively), without timestamps. */
  private static JsonNode comparable(Event e) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("type", e.type());
    n.set("data", e.data());
    n.set("result", e.result());
    n.set("error", e.error());
    if (e.events() != null && !e.events().isEmpty()) {
      var subs = n.putArray("events");
      e.events().forEach(s -> subs.add(comparable(s)));
    }
    return n;
  }
}
