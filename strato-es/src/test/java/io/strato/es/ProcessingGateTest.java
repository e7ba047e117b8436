package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.der;
import static io.strato.es.Es.num;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.log.ProcessedRecords;
import io.strato.es.log.ProcessingGate;
import io.strato.es.log.SqliteEventLog;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ProcessingGate hook: reduce and publish, apply a record, wait, a refused publish. */
class ProcessingGateTest {
  @TempDir Path dir;

  /** Processed records in memory with a scripted gate. */
  static final class Gate implements ProcessedRecords, ProcessingGate {
    final Map<Long, Event> stored = new ConcurrentHashMap<>();
    final List<Event> published = new ArrayList<>();
    final SqliteEventLog log;
    volatile Function<Event, Turn> turn = e -> Turn.PROCESS;
    volatile int refuse;

    Gate(SqliteEventLog log) {
      this.log = log;
    }

    @Override
    public void store(Event processed, Event queued) {
      stored.put(processed.v(), processed);
    }

    @Override
    public Optional<Event> get(long v) {
      return Optional.ofNullable(stored.get(v)).or(() -> log.get(v));
    }

    @Override
    public Turn before(Event queued) {
      return turn.apply(queued);
    }

    @Override
    public boolean publish(Event processed) {
      if (refuse > 0) {
        refuse--;
        return false;
      }
      published.add(processed);
      return true;
    }
  }

  private static EventSourcingDB.Builder app(EventSourcingDB.Builder b, AtomicInteger reduced, AtomicInteger derived) {
    return b.reducer(red("acct", c -> {
      if (!c.event().type().equals("inc")) {
        return null;
      }
      reduced.incrementAndGet();
      ESModel<ObjectNode> m = c.model();
      long n = m.get("k").map(o -> o.path("n").asLong()).orElse(0L);
      c.addEvent("sub", null);
      return ReduceResult.result().set(obj("id", "k", "n", n + 1));
    })).reducer(red("subs", c -> c.event().type().equals("sub")
        ? ReduceResult.result().ins(obj("id", "s" + c.event().v())) : null))
        .deriver(der("acct", c -> {
          if (c.isMainEvent()) {
            derived.incrementAndGet();
          }
        }));
  }

  @Test
  void processedEventsArePublishedAndARefusedPublishRollsTheBatchBack() {
    AtomicInteger reduced = new AtomicInteger();
    AtomicInteger derived = new AtomicInteger();
    try (EventSourcingDB queueHost = builder(dir).build()) {
      SqliteEventLog log = SqliteEventLog.on(queueHost.queue());
      Gate gate = new Gate(log);
      try (EventSourcingDB es = app(EventSourcingDB.builder().file(dir.resolve("a.db")), reduced, derived)
          .eventLog(log).processedRecords(gate).build()) {
        assertEquals(1, es.dispatch("inc", null).v());
        assertEquals(List.of(1L), gate.published.stream().map(Event::v).toList(), "published before the commit");
        gate.refuse = 1;
        Event second = es.dispatch("inc", null);
        assertEquals(2, second.result().path("acct").path("set").get(0).path("n").asInt(),
            "the refused attempt rolled back: nothing applied twice");
        assertEquals(3, reduced.get(), "reduced again after the refusal");
        assertEquals(2, gate.published.size());
        assertEquals(2, num(Es.model(es, "acct"), "k", "n"));
      }
    }
  }

  @Test
  void aFollowerAppliesRecordsWithoutReducingAndWaitsForMissingOnes() {
    AtomicInteger reducedA = new AtomicInteger();
    AtomicInteger reducedB = new AtomicInteger();
    AtomicInteger derivedB = new AtomicInteger();
    try (EventSourcingDB a = app(builder(dir), reducedA, new AtomicInteger()).build()) {
      for (int i = 0; i < 3; i++) {
        a.dispatch("inc", null);
      }
      assertTrue(EventRejectedException.reasonOf(a.handledVersion(3)).isEmpty());
      SqliteEventLog log = SqliteEventLog.on(a.queue());
      Gate gate = new Gate(log);
      // a follower: records exist up to version 2 only
      gate.turn = e -> e.v() <= 2 ? ProcessingGate.Turn.apply(a.queue().get(e.v()).orElseThrow())
          : ProcessingGate.Turn.WAIT;
      try (EventSourcingDB b = app(EventSourcingDB.builder().file(dir.resolve("b.db")), reducedB, derivedB)
          .eventLog(log).processedRecords(gate).build()) {
        b.checkForEvents();
        assertEquals(2, b.getVersion(), "stopped at the event with no record, without failing");
        gate.turn = e -> ProcessingGate.Turn.apply(a.queue().get(e.v()).orElseThrow());
        b.waitForQueue();
        assertEquals(3, b.getVersion());
        assertEquals(0, reducedB.get(), "no reducer ran on the follower");
        assertEquals(3, derivedB.get(), "derivers ran");
        Map<String, Object> da = Es.dump(a.db());
        Map<String, Object> db = Es.dump(b.db());
        da.remove("{sdb} migrations"); // a's file also holds the queue's migrations
        db.remove("{sdb} migrations");
        assertEquals(da, db, "the follower's state equals the leader's");
        assertEquals(3, num(Es.model(b, "acct"), "k", "n"));
        assertEquals(3, b.db().all("SELECT * FROM subs").size(), "recorded sub-events applied");
        assertTrue(gate.published.isEmpty(), "applied records are not published");
      }
    }
  }

  @Test
  void aFollowerAppliesRejectedAndFailedRecordsAsTheLeaderEndedThemAndFailsOnADeriverThatThrows() {
    AtomicBoolean failSubDerive = new AtomicBoolean(true);
    EventSourcingDB.Builder leaderApp = app(builder(dir), new AtomicInteger(), new AtomicInteger())
        .reducer(red("gate", c -> switch (c.event().type()) {
          case "nope" -> ReduceResult.reject("not today");
          case "bad" -> throw new IllegalStateException("leader cannot reduce bad");
          default -> null;
        }));
    try (EventSourcingDB a = leaderApp.build()) {
      a.dispatch("inc", null); // 1, with a sub-event
      assertThrows(EventRejectedException.class, () -> a.dispatch("nope", null)); // 2
      a.dispatch("inc", null); // 3
      assertThrows(EventFailedException.class, () -> a.dispatch("bad", null)); // 4
      SqliteEventLog log = SqliteEventLog.on(a.queue());
      Gate gate = new Gate(log);
      gate.turn = e -> e.v() <= 2 ? ProcessingGate.Turn.apply(a.queue().get(e.v()).orElseThrow())
          : ProcessingGate.Turn.WAIT;
      EventSourcingDB.Builder followerApp = app(EventSourcingDB.builder().file(dir.resolve("b.db")),
          new AtomicInteger(), new AtomicInteger())
          .deriver(der("subs", c -> {
            if (!c.isMainEvent() && failSubDerive.get()) {
              throw new IllegalStateException("follower deriver down");
            }
          }));
      try (EventSourcingDB b = followerApp.eventLog(log).processedRecords(gate).build()) {
        EventFailedException sub = assertThrows(EventFailedException.class, () -> b.handledVersion(1));
        String err = sub.event().error().toString();
        assertTrue(err.contains("_handle") && err.contains("follower deriver down"), err);
        assertEquals(0, b.getVersion(), "the failed apply rolled back");
        failSubDerive.set(false);
        b.operations().retry();
        assertEquals(2, b.getVersion(), "the rejected record moves the version past it, applying nothing");
        assertTrue(EventRejectedException.reasonOf(gate.stored.get(2L)).isPresent());
        gate.turn = e -> ProcessingGate.Turn.apply(a.queue().get(e.v()).orElseThrow());
        b.operations().retry();
        assertEquals(3, b.getVersion(), "halted at the record the leader failed at");
        EventFailedException halted = assertThrows(EventFailedException.class, () -> b.handledVersion(4));
        assertTrue(halted.event().error().toString().contains("leader cannot reduce bad"),
            halted.event().error().toString());
        assertEquals(2, num(Es.model(b, "acct"), "k", "n"), "events 1 and 3 applied once each");
      }
    }
  }
}
