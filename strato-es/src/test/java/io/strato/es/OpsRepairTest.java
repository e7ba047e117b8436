package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operations part one: status, history, retry, replace, skip (SPEC §9). */
class OpsRepairTest {
  @TempDir Path dir;
  final AtomicBoolean broken = new AtomicBoolean(true);

  /** "add" sets {id, n}; "bad" fails while {@link #broken}. */
  EventSourcingDB open() {
    return builder(dir).reducer(red("acc", c -> {
      Event e = c.event();
      if (e.type().equals("bad") && broken.get()) {
        throw new IllegalStateException("cannot handle bad");
      }
      if (e.type().equals("add") || e.type().equals("bad")) {
        return ReduceResult.result().set(obj("id", e.data().path("id").asText(), "n", e.data().path("n").asInt()));
      }
      return null;
    })).build();
  }

  /** Three good events, then a failing one at v=4. */
  static void haltAtFour(EventSourcingDB es) {
    for (int i = 1; i <= 3; i++) {
      es.dispatch("add", Map.of("id", "a" + i, "n", i));
    }
    assertThrows(EventFailedException.class, () -> es.dispatch("bad", Map.of("id", "b", "n", 4)));
  }

  @Test
  void statusOfAHealthyDb() {
    try (EventSourcingDB es = open()) {
      es.dispatch("add", Map.of("id", "a", "n", 1));
      Status s = es.operations().status();
      assertEquals(1, s.version());
      assertEquals(1, s.head());
      assertEquals(0, s.lag());
      assertFalse(s.halted());
      assertTrue(s.errors().isEmpty());
      assertEquals(0, s.attempts());
      assertEquals(Map.of("acc", 1L), s.rows());
      assertTrue(s.fileSizes().get(dir.resolve("es.db").toString()) > 0, s.fileSizes().toString());
    }
  }

  @Test
  void statusNamesTheFailingEventItsErrorAttemptsAndRetry() {
    try (EventSourcingDB es = open()) {
      haltAtFour(es);
      Status s = es.operations().status();
      assertEquals(3, s.version());
      assertEquals(4, s.head());
      assertEquals(1, s.lag());
      assertEquals(4, s.failing().orElseThrow().v());
      assertEquals("bad", s.failing().orElseThrow().type());
      assertTrue(s.errors().get("_reduce_acc").contains("cannot handle bad"), s.errors().toString());
      assertTrue(s.attempts() >= 1);
      assertEquals(Map.of("acc", 3L), s.rows());
    }
    // another process (a fresh open) sees the stored error, without attempts of its own
    try (EventSourcingDB es = open()) {
      Status s = es.operations().status();
      assertEquals(4, s.failing().orElseThrow().v());
      assertTrue(s.errors().containsKey("_reduce_acc"));
      assertEquals(0, s.attempts());
    }
  }

  @Test
  void historyFiltersAndPagesInVersionOrder() {
    try (EventSourcingDB es = open()) {
      long t0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
      for (int i = 1; i <= 10; i++) {
        es.dispatch(i % 2 == 0 ? "add" : "noop", Map.of("id", "a" + i, "n", i), t0 + i * 1000L);
      }
      Operations ops = es.operations();
      assertEquals(10, ops.history(HistoryFilter.all()).size());
      assertEquals(List.of(2L, 4L, 6L, 8L, 10L), vs(ops.history(HistoryFilter.all().type("add"))));
      assertEquals(List.of(3L, 4L, 5L), vs(ops.history(HistoryFilter.all().fromV(3).toV(5))));
      assertEquals(List.of(3L, 4L), vs(ops.history(HistoryFilter.all().since(Instant.ofEpochMilli(t0 + 3000))
          .until(Instant.ofEpochMilli(t0 + 5000)))));
      HistoryFilter page = HistoryFilter.all().limit(4);
      List<Event> first = ops.history(page);
      assertEquals(List.of(1L, 2L, 3L, 4L), vs(first));
      assertEquals(List.of(5L, 6L, 7L, 8L), vs(ops.history(page.fromV(5))));
      assertEquals(List.of(9L, 10L), vs(ops.history(page.fromV(9))));
      assertTrue(first.get(1).result().has("acc"), "as stored, with the result");
      assertTrue(ops.history(HistoryFilter.all().failedOnly()).isEmpty());
      assertTrue(ops.history(HistoryFilter.all().skippedOnly()).isEmpty());
      assertThrows(IllegalArgumentException.class, () -> ops.history(null));
      assertThrows(IllegalArgumentException.class, () -> HistoryFilter.all().limit(0));
      assertThrows(IllegalArgumentException.class, () -> HistoryFilter.all().fromV(0));
      assertThrows(IllegalArgumentException.class, () -> HistoryFilter.all().type(""));
    }
  }

  @Test
  void failedOnlyFindsTheFailedEvent() {
    try (EventSourcingDB es = open()) {
      haltAtFour(es);
      List<Event> failed = es.operations().history(HistoryFilter.all().failedOnly());
      assertEquals(List.of(4L), vs(failed));
      assertTrue(failed.get(0).error().has("_reduce_acc"));
    }
  }

  @Test
  void retryProcessesAtOnceOnceTheCodeIsFixed() {
    try (EventSourcingDB es = open()) {
      haltAtFour(es);
      Event last = es.operations().retry();
      assertEquals(3, last.v(), "still broken: the last handled event");
      assertTrue(es.operations().status().halted());
      broken.set(false);
      last = es.operations().retry();
      assertEquals(4, last.v());
      assertEquals(4, es.getVersion());
      assertFalse(es.operations().status().halted());
      assertEquals(4, Es.num(Es.model(es, "acc"), "b", "n"));
      es.dispatch("add", Map.of("id", "a5", "n", 5));
      assertEquals(5, es.getVersion(), "processing goes on");
    }
  }

  @Test
  void retryOnAnEmptyDbReturnsNull() {
    try (EventSourcingDB es = open()) {
      assertNull(es.operations().retry());
    }
  }

  @Test
  void replaceRewritesTheFailedEventAndProcessesIt() {
    try (EventSourcingDB es = open()) {
      haltAtFour(es);
      Event done = es.operations().replace(4, "add", Map.of("id", "fixed", "n", 40));
      assertEquals(4, done.v());
      assertEquals("add", done.type());
      assertFalse(done.failed());
      assertTrue(done.result().has("acc"), done.toString());
      assertEquals(4, es.getVersion());
      assertEquals(40, Es.num(Es.model(es, "acc"), "fixed", "n"));
      assertFalse(es.operations().status().halted());
      assertEquals("add", es.queue().get(4L).orElseThrow().type(), "stored replaced");
    }
  }

  @Test
  void replaceOfAProcessedOrMissingEventIsAClearErrorAndChangesNothing() {
    try (EventSourcingDB es = open()) {
      haltAtFour(es);
      Event before = es.queue().get(2L).orElseThrow();
      IllegalArgumentException processed = assertThrows(IllegalArgumentException.class,
          () -> es.operations().replace(2, "add", Map.of("id", "x")));
      assertTrue(processed.getMessage().contains("event 2") && processed.getMessage().contains("processed"),
          processed.getMessage());
      assertEquals(before, es.queue().get(2L).orElseThrow());
      IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
          () -> es.operations().replace(99, "add", null));
      assertTrue(missing.getMessage().contains("no event 99"), missing.getMessage());
      assertThrows(IllegalArgumentException.class, () -> es.operations().replace(4, "", null));
      assertEquals("bad", es.queue().get(4L).orElseThrow().type());
      assertEquals(3, es.getVersion());
    }
  }

  @Test
  void replaceThatStillFailsThrowsWithTheEvent() {
    try (EventSourcingDB es = open()) {
      haltAtFour(es);
      EventFailedException e = assertThrows(EventFailedException.class,
          () -> es.operations().replace(4, "bad", Map.of("id", "b2", "n", 5)));
      assertEquals(4, e.event().v());
      assertEquals(3, es.getVersion());
    }
  }

  @Test
  void skipMarksTheEventAdvancesTheVersionAndAppliesNothing() {
    try (EventSourcingDB es = open()) {
      haltAtFour(es);
      es.queue().add("add", Map.of("id", "a5", "n", 5)); // queued behind the failed event
      IllegalArgumentException notNext = assertThrows(IllegalArgumentException.class,
          () -> es.operations().skip(5, "later"));
      assertTrue(notNext.getMessage().contains("only the next event due (4)"), notNext.getMessage());
      assertThrows(IllegalArgumentException.class, () -> es.operations().skip(4, " "));
      assertThrows(IllegalArgumentException.class, () -> es.operations().skip(2, "old"));
      assertEquals(3, es.getVersion(), "bad input changed nothing");

      Event skipped = es.operations().skip(4, "duplicate, ticket OPS-1");
      assertEquals(4, skipped.v());
      assertEquals("bad", skipped.type(), "type and data kept");
      assertEquals("duplicate, ticket OPS-1", skipped.result().get("_skipped").get("reason").asText());
      assertTrue(skipped.result().get("_skipped").get("ts").asLong() > 0);
      assertFalse(skipped.failed());
      assertEquals(5, es.getVersion(), "past the skipped event, and the one behind it processed");
      assertFalse(Es.model(es, "acc").get("b").isPresent(), "nothing applied");
      assertEquals(5, Es.num(Es.model(es, "acc"), "a5", "n"));
      assertEquals(List.of(4L), vs(es.operations().history(HistoryFilter.all().skippedOnly())));
      assertFalse(es.operations().status().halted());
    }
    try (EventSourcingDB es = open()) {
      es.dispatch("add", Map.of("id", "a6", "n", 6));
      assertEquals(6, es.getVersion(), "reopened: goes on");
    }
  }

  @Test
  void skipOfTheNextQueuedEventWorksWithoutAFailure() {
    try (EventSourcingDB es = open()) {
      es.dispatch("add", Map.of("id", "a1", "n", 1));
      es.queue().add("add", Map.of("id", "a2", "n", 2));
      es.operations().skip(2, "not wanted");
      assertEquals(2, es.getVersion());
      assertFalse(Es.model(es, "acc").get("a2").isPresent());
    }
  }

  @Test
  void anotherProcessPollingTheSameFileHonoursTheSkipMark() throws Exception {
    try (EventSourcingDB a = open(); EventSourcingDB b = open()) {
      haltAtFour(a);
      b.startPolling(); // a second set of connections on the same file, halted at 4 too
      a.queue().add("add", Map.of("id", "a5", "n", 5));
      a.operations().skip(4, "bad data");
      long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (b.getVersion() < 5 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertEquals(5, b.getVersion());
      assertFalse(Es.model(b, "acc").get("b").isPresent(), "the other process applied nothing of the skipped event");
      assertEquals(5, Es.num(Es.model(b, "acc"), "a5", "n"));
      b.stopPolling();
    }
  }

  @Test
  void readOnlyRefusesWritesButReportsStatus() {
    try (EventSourcingDB es = open()) {
      haltAtFour(es);
    }
    try (EventSourcingDB ro = builder(dir).reducer(red("acc", c -> null)).readOnly(true).build()) {
      assertEquals(4, ro.operations().status().failing().orElseThrow().v());
      assertThrows(io.strato.db.StratoException.class, () -> ro.operations().skip(4, "x"));
      assertThrows(io.strato.db.StratoException.class, () -> ro.operations().retry());
    }
  }

  static List<Long> vs(List<Event> events) {
    return events.stream().map(Event::v).toList();
  }
}
