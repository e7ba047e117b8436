package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.der;
import static io.strato.es.Es.num;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.pre;
import static io.strato.es.Es.red;
import static io.strato.es.Es.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Failures in every phase: error keys, failedResult, no partial state, retries and fixes. */
class FailureTest {
  @TempDir Path dir;

  /**
   * Every event writes to two models (reducers of "a" and "b", deriver of "d", a sub-event
   * writing "a") before the phase named by the event type fails.
   */
  private EventSourcingDB failing(AtomicBoolean broken) {
    return builder(dir).maxRetries(2)
        .preprocessor(pre("a", c -> {
          if (!broken.get()) {
            return null;
          }
          return switch (c.event().type()) {
            case "pre-throw" -> throw new IllegalStateException("pre error for you");
            case "pre-notype" -> c.event().withType("");
            case "pre-v" -> c.event().withV(c.event().v() + 1);
            default -> null;
          };
        }))
        .reducer(red("a", c -> {
          ESModel<ObjectNode> a = c.model();
          ReduceResult r = ReduceResult.result().set(obj("id", "a", "n", num(a, "a", "n") + 1));
          if (broken.get() && c.event().type().equals("apply-ins")) {
            r.ins(obj("id", "a"));
          }
          if (c.isMainEvent()) {
            c.addEvent("sub-a", null);
          }
          return r;
        }))
        .reducer(red("b", c -> {
          if (broken.get() && c.event().type().equals("reduce-throw")) {
            throw new IllegalStateException("reduce error for you");
          }
          if (broken.get() && c.event().type().equals("reduce-error")) {
            return ReduceResult.result().error("not today");
          }
          return c.isMainEvent() ? ReduceResult.result().set(obj("id", "b" + c.event().v())) : null;
        }))
        .deriver(der("d", c -> {
          ESModel<ObjectNode> d = c.model();
          if (c.isMainEvent()) {
            d.set(obj("id", "d" + c.event().v()));
          }
          if (broken.get() && c.event().type().equals("derive-throw")) {
            throw new IllegalStateException("derive error for you");
          }
          if (broken.get() && c.event().type().equals("sub-a") && c.cache().get("subfail") != null) {
            throw new IllegalStateException("sub error for you");
          }
        }))
        .preprocessor(pre("d", c -> {
          if (c.event().type().equals("sub-fail")) {
            c.cache().put("subfail", true);
          }
          return null;
        }))
        .transactor(tx("d", c -> {
          if (broken.get() && c.event().type().equals("transact-throw")) {
            throw new IllegalStateException("transact error for you");
          }
        }))
        .build();
  }

  @ParameterizedTest
  @CsvSource({
      "pre-throw, _preprocess_a, pre error for you, false",
      "pre-notype, _preprocess_a, without a type, false",
      "pre-v, _preprocess_a, version, false",
      "reduce-throw, _reduce_b, reduce error for you, true",
      "reduce-error, _reduce_b, not today, true",
      "apply-ins, _apply_apply, '', true",
      "derive-throw, _apply_derive, derive error for you, true",
      "transact-throw, _transact_d, transact error for you, true",
      "sub-fail, _handle, sub error for you, true",
  })
  void failureInEachPhase(String type, String key, String text, boolean hasFailedResult) throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    List<Event> errors = new CopyOnWriteArrayList<>();
    List<Event> results = new CopyOnWriteArrayList<>();
    try (EventSourcingDB es = failing(broken)) {
      es.onError(errors::add);
      es.onResult(results::add);
      es.dispatch("ok", null);
      assertEquals(1, results.size());
      Map<String, Object> before = Es.dump(es.db());
      EventFailedException ex = assertThrows(EventFailedException.class, () -> es.dispatch(type, null));
      Event failed = ex.event();
      assertEquals(2, failed.v());
      assertTrue(failed.error().has(key), failed.error().toString());
      assertEquals(1, failed.error().size(), failed.error().toString());
      assertTrue(failed.error().path(key).asText().contains(text), failed.error().toString());
      assertNull(failed.result());
      assertEquals(hasFailedResult, failed.failedResult() != null, String.valueOf(failed.failedResult()));
      if (hasFailedResult) {
        assertTrue(failed.failedResult().has("a"));
      }
      assertEquals(before, Es.dump(es.db()), "no partial state");
      assertEquals(1, es.getVersion());
      assertTrue(errors.size() >= 1);
      assertEquals(2, errors.get(0).v());
      assertTrue(errors.get(0).failed());
      Event stored = es.queue().get(2L).orElseThrow();
      assertTrue(stored.error().has(key));
      assertEquals(1, results.size());

      // a later dispatch fails fast while processing is halted, and adds nothing
      CompletableFuture<Event> later = es.dispatchAsync("ok", null);
      ExecutionException halted = assertThrows(ExecutionException.class, () -> later.get(5, TimeUnit.SECONDS));
      ProcessingHaltedException phe = assertInstanceOf(ProcessingHaltedException.class, halted.getCause());
      assertEquals(2, phe.failedEvent().v());
      assertTrue(phe.queuedVersion().isEmpty());
      assertEquals(2, es.queue().getMaxV(), "nothing was added");
      assertEquals(1, es.getVersion());

      // fixing the code lets processing continue; handledVersion retries at once
      broken.set(false);
      Event fixed = es.handledVersion(2);
      assertNull(fixed.error());
      assertNotNull(fixed.result());
      assertNull(es.handledVersion(3), "no event 3: null at once");
      assertEquals(3, es.dispatch("ok", null).v());
      assertEquals(3, es.getVersion());
      assertEquals(6, num(Es.model(es, "a"), "a", "n"), "each event incremented twice (main + sub-a)");
      assertNull(es.queue().get(2L).orElseThrow().error());
    }
  }

  @Test
  void aFailedEventKeepsItsSubEventsUpToTheFailingOneForTheOperator() {
    try (EventSourcingDB es = failing(new AtomicBoolean(true))) {
      EventFailedException ex = assertThrows(EventFailedException.class, () -> es.dispatch("sub-fail", null));
      for (Event failed : List.of(ex.event(), es.queue().get(1L).orElseThrow())) {
        assertNotNull(failed.events(), "the sub-events run so far are stored with the failure");
        assertEquals(1, failed.events().size());
        Event sub = failed.events().get(0);
        assertEquals("sub-a", sub.type());
        assertTrue(sub.error().path("_apply_derive").asText().contains("sub error for you"), sub.error().toString());
        assertTrue(failed.error().path("_handle").asText().startsWith(".sub-a: _apply_derive: sub error for you"),
            failed.error().toString());
      }
      Event again = assertThrows(EventFailedException.class, () -> es.handledVersion(1)).event();
      assertEquals(1, again.events().size(), "a retry stores its own sub-events, not the earlier ones too");
    }
  }

  @Test
  void aFailedEventWithoutSubEventsStoresNone() {
    try (EventSourcingDB es = failing(new AtomicBoolean(true))) {
      Event failed = assertThrows(EventFailedException.class, () -> es.dispatch("reduce-throw", null)).event();
      assertEquals(1, failed.v());
      assertNull(failed.events(), "no sub-event ran before the reducers failed: none stored, not an empty list");
      assertNull(es.queue().get(1L).orElseThrow().events());
    }
  }

  @Test
  void applyFailureFromBadResultShape() {
    try (EventSourcingDB es = builder(dir).maxRetries(1)
        .reducer(red("a", c -> ReduceResult.result().set(obj("id", "x")).put("set", 5))).build()) {
      EventFailedException ex = assertThrows(EventFailedException.class, () -> es.dispatch("x", null));
      assertTrue(ex.event().error().has("_apply_apply"), ex.event().error().toString());
      assertEquals(0, es.getVersion());
    }
  }

  @Test
  void fixingTheEventWithQueueSet() {
    try (EventSourcingDB es = builder(dir).maxRetries(100).reducer(red("c", c -> {
      if (c.event().type().equals("boom")) {
        throw new IllegalArgumentException("no booms");
      }
      return ReduceResult.result().set(obj("id", "c", "n", num(c.model(), "c", "n") + 1));
    })).build()) {
      es.dispatch("inc", null);
      EventFailedException ex = assertThrows(EventFailedException.class, () -> es.dispatch("boom", null));
      assertInstanceOf(IllegalArgumentException.class, ex.getCause(), "the original exception is the cause");
      assertEquals("no booms", ex.getCause().getMessage());
      assertThrows(ProcessingHaltedException.class, () -> es.dispatch("inc", null), "refused while halted");
      assertEquals(2, es.queue().getMaxV(), "the refused dispatch added nothing");
      // An operator replaces the failed event: the next dispatch notices and processes it first.
      es.queue().set(ex.event().withType("inc").withError(null).withFailedResult(null));
      Event later = es.dispatch("inc", null);
      assertEquals(3, later.v());
      Event fixed = es.handledVersion(2);
      assertEquals("inc", fixed.type());
      assertNull(fixed.error());
      assertNull(fixed.failedResult());
      assertEquals(3, num(Es.model(es, "c"), "c", "n"));
    }
  }

  @Test
  void retriesWithBackoffUntilFixedOnTheWorker() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    AtomicBoolean broken = new AtomicBoolean(true);
    try (EventSourcingDB es = builder(dir).maxRetries(1000).retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
        .reducer(red("c", c -> {
          if (broken.get()) {
            attempts.incrementAndGet();
            throw new IllegalStateException("not yet");
          }
          return ReduceResult.result().set(obj("id", "c"));
        })).build()) {
      CompletableFuture<Event> f = es.dispatchAsync("x", null);
      ExecutionException ex = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
      assertTrue(ex.getCause() instanceof EventFailedException);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (attempts.get() < 4 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertTrue(attempts.get() >= 4, "retried in the background: " + attempts.get());
      broken.set(false);
      until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (es.getVersion() < 1 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertEquals(1, es.getVersion(), "a background retry succeeded without anyone waiting");
    }
  }

  @Test
  void exhaustedRetriesFailWaitersAndADispatchRestarts() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    AtomicBoolean broken = new AtomicBoolean(true);
    try (EventSourcingDB es = builder(dir).maxRetries(3).retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
        .reducer(red("c", c -> {
      if (broken.get() && c.event().type().equals("bad")) {
        attempts.incrementAndGet();
        throw new IllegalStateException("bad");
      }
      return ReduceResult.result().set(obj("id", c.event().type()));
    })).build()) {
      es.queue().add("bad", null);
      CompletableFuture<Event> later = es.dispatchAsync("good", null);
      ExecutionException ex = assertThrows(ExecutionException.class, () -> later.get(10, TimeUnit.SECONDS));
      ProcessingHaltedException halted = assertInstanceOf(ProcessingHaltedException.class, ex.getCause());
      assertEquals(1, halted.failedEvent().v(), "carries the event that stopped processing");
      assertTrue(halted.queuedVersion().isEmpty(), "the queued 'bad' was tried first; 'good' was not added");
      assertTrue(halted.getMessage().contains("halted at failed event 1 (bad)"), halted.getMessage());
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (attempts.get() < 3 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      int stoppedAt = attempts.get();
      assertEquals(3, stoppedAt, "retried in the background up to maxRetries");
      Thread.sleep(150);
      assertEquals(stoppedAt, attempts.get(), "no more retries once exhausted");
      assertEquals(0, es.getVersion());
      broken.set(false);
      Event e = es.dispatch("again", null);
      assertEquals(2, e.v());
      assertEquals(2, es.getVersion());
      assertTrue(Es.model(es, "c").exists("bad"));
    }
  }

  @Test
  void newDispatchersDoNotResetTheRetryCount() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    // a long back-off: only the callers' own forced attempts count here
    try (EventSourcingDB es = builder(dir).maxRetries(3).retryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(1))
        .reducer(red("c", c -> {
          if (c.event().type().equals("bad")) {
            attempts.incrementAndGet();
            throw new IllegalStateException("bad");
          }
          return null;
        })).build()) {
      assertThrows(EventFailedException.class, () -> es.dispatch("bad", null));        // attempt 1
      for (int i = 0; i < 5; i++) {
        long t0 = System.nanoTime();
        ProcessingHaltedException h = assertThrows(ProcessingHaltedException.class, () -> es.dispatch("good", null));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "fails fast, not after the back-off");
        assertEquals(1, h.failedEvent().v());
        assertTrue(h.getCause() instanceof IllegalStateException, String.valueOf(h.getCause()));
      }
      assertEquals(1, attempts.get(), "refused dispatchers do not retry the event before its back-off");
      assertThrows(EventFailedException.class, () -> es.handledVersion(1));            // attempt 2
      assertThrows(EventFailedException.class, () -> es.handledVersion(1));            // attempt 3: stops
      assertEquals(3, attempts.get(), "maxRetries counted across callers");
      assertEquals(1, es.queue().getMaxV(), "nothing was added behind the failed event");
    }
  }

  @Test
  void exhaustedThenHandledVersionRestarts() {
    AtomicBoolean broken = new AtomicBoolean(true);
    try (EventSourcingDB es = builder(dir).maxRetries(1).reducer(red("c", c -> {
      if (broken.get()) {
        throw new IllegalStateException("bad");
      }
      return null;
    })).build()) {
      assertThrows(EventFailedException.class, () -> es.dispatch("x", null));
      assertThrows(EventFailedException.class, () -> es.handledVersion(1));
      broken.set(false);
      assertEquals(1, es.handledVersion(1).v());
    }
  }

  @Test
  void failedTransactSubEventCaughtByTheTransactorLeavesNoState() {
    try (EventSourcingDB es = builder(dir).maxRetries(1)
        .reducer(red("a", c -> ReduceResult.result().set(obj("id", c.event().type()))))
        .deriver(der("a", c -> {
          if (c.event().type().equals("sub-bad")) {
            throw new IllegalStateException("sub bad");
          }
        }))
        .transactor(tx("a", c -> {
          if (c.event().type().equals("main")) {
            EventFailedException ex = assertThrows(EventFailedException.class, () -> c.dispatch("sub-bad", null));
            assertTrue(ex.event().error().has("_apply_derive"));
            c.dispatch("sub-ok", null);
          }
        })).build()) {
      Event e = es.dispatch("main", null);
      ESModel<ObjectNode> a = Es.model(es, "a");
      assertTrue(a.exists("main"));
      assertTrue(a.exists("sub-ok"));
      assertFalse(a.exists("sub-bad"), "the failed sub-event's changes were rolled back");
      assertEquals(List.of("sub-bad", "sub-ok"), e.events().stream().map(Event::type).toList());
    }
  }
}
