package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.der;
import static io.strato.es.Es.num;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.pre;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.spi.EventRejection;
import io.strato.es.spi.NewEvent;
import io.strato.es.spi.ReduceResult;
import io.strato.jsonmodel.WriteOptions;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejection: a business "no" that is processed, applies nothing and does not halt the log. */
class RejectionTest {
  @TempDir Path dir;

  /** Counts "inc" events in model a; rejects "withdraw" when the count is below the amount. */
  private static EventSourcingDB.Builder bank(Path dir, AtomicInteger derived) {
    return builder(dir)
        .reducer(red("a", c -> {
          long n = num(c.model(), "a", "n");
          switch (c.event().type()) {
            case "inc":
              return ReduceResult.result().set(obj("id", "a", "n", n + 1));
            case "withdraw":
              long amount = c.event().data().path("amount").asLong();
              return amount > n ? ReduceResult.reject("only " + n + " left, ünïcødé 💶")
                  : ReduceResult.result().set(obj("id", "a", "n", n - amount));
            default:
              return null;
          }
        }))
        .reducer(red("b", c -> c.event().type().equals("withdraw")
            ? ReduceResult.result().set(obj("id", "b", "seen", true)) : null))
        .deriver(der("a", c -> derived.incrementAndGet()));
  }

  @Test
  void aRejectedEventIsProcessedAppliesNothingStoresTheReasonAndTheLogGoesOn() {
    AtomicInteger derived = new AtomicInteger();
    List<Event> results = new CopyOnWriteArrayList<>();
    try (EventSourcingDB es = bank(dir, derived).build()) {
      es.onResult(results::add);
      es.dispatch("inc", null);
      es.dispatch("inc", null);
      Map<String, Object> before = Es.dump(es.db());
      int derivedBefore = derived.get();

      EventRejectedException r = assertThrows(EventRejectedException.class,
          () -> es.dispatch("withdraw", Map.of("amount", 5)));
      assertEquals("only 2 left, ünïcødé 💶", r.reason());
      assertEquals("a", r.model());
      assertEquals(3, r.event().v());
      assertTrue(r.getMessage().contains("event 3 (withdraw) was rejected by model 'a'"), r.getMessage());

      assertEquals(3, es.getVersion(), "the version advances");
      Map<String, Object> after = Es.dump(es.db());
      after.keySet().retainAll(before.keySet());
      assertEquals(before.get("a"), after.get("a"), "nothing applied to the rejecting model");
      assertEquals(before.get("b"), after.get("b"), "nor to any other model");
      assertEquals(derivedBefore, derived.get(), "no deriver ran");

      Event stored = es.queue().get(3L).orElseThrow();
      assertNull(stored.error(), "a rejection is not a failure");
      assertEquals("only 2 left, ünïcødé 💶", stored.result().path("a").path("esFail").asText());
      assertEquals(1, stored.result().size(), "only the rejection is stored: " + stored.result());
      assertEquals(3, results.get(results.size() - 1).v(), "result listeners see the rejected event");

      assertEquals(4, es.dispatch("withdraw", Map.of("amount", 1)).v(), "the next event processes normally");
      assertEquals(1, num(Es.model(es, "a"), "a", "n"));
      assertEquals(3, es.handledVersion(3).v(), "handledVersion returns a rejected event");
      assertEquals("only 2 left, ünïcødé 💶", EventRejectedException.reasonOf(es.handledVersion(3)).orElseThrow());
      assertTrue(EventRejectedException.reasonOf(es.handledVersion(4)).isEmpty());
    }
  }

  @Test
  void aPreprocessorRejectsByThrowingEventRejection() {
    AtomicInteger reduced = new AtomicInteger();
    try (EventSourcingDB es = builder(dir)
        .preprocessor(pre("a", c -> {
          if (c.event().data() == null) {
            throw new EventRejection("data required");
          }
          return null;
        }))
        .reducer(red("a", c -> {
          reduced.incrementAndGet();
          return ReduceResult.result().set(obj("id", "a"));
        })).build()) {
      EventRejectedException r = assertThrows(EventRejectedException.class, () -> es.dispatch("x", null));
      assertEquals("data required", r.reason());
      assertEquals(0, reduced.get(), "no reducer runs for an event rejected in preprocess");
      assertEquals(1, es.getVersion());
      assertEquals(2, es.dispatch("x", Map.of("k", 1)).v());
    }
  }

  @Test
  void aReducerMayThrowEventRejectionToo() {
    try (EventSourcingDB es = builder(dir).reducer(red("a", c -> {
      throw new EventRejection("closed today");
    })).build()) {
      assertEquals("closed today", assertThrows(EventRejectedException.class, () -> es.dispatch("x", null)).reason());
      assertEquals(1, es.getVersion());
    }
  }

  @Test
  void dispatchAsyncCompletesExceptionallyWithTheRejection() throws Exception {
    try (EventSourcingDB es = bank(dir, new AtomicInteger()).build()) {
      CompletableFuture<Event> f = es.dispatchAsync("withdraw", Map.of("amount", 1));
      ExecutionException ex = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
      assertEquals("only 0 left, ünïcødé 💶", assertInstanceOf(EventRejectedException.class, ex.getCause()).reason());
      assertEquals(1, es.getVersion());
    }
  }

  @Test
  void aRejectedSubEventAppliesNothingWhileItsParentApplies() {
    try (EventSourcingDB es = builder(dir).reducer(red("a", c -> {
      if (c.event().type().equals("parent")) {
        return ReduceResult.result().set(obj("id", "p")).events(NewEvent.of("child", Map.of("k", "v")));
      }
      if (c.event().type().equals("child")) {
        return ReduceResult.reject("children are not allowed");
      }
      return null;
    })).build()) {
      Event e = es.dispatch("parent", null);
      assertTrue(Es.model(es, "a").exists("p"));
      assertEquals(1, e.events().size());
      assertEquals("children are not allowed", EventRejectedException.reasonOf(e.events().get(0)).orElseThrow());
      assertEquals("v", e.events().get(0).data().path("k").asText(), "NewEvent.of takes plain Java data");
    }
  }

  @Test
  void esModelEexistAndEnoentAreRejectionsAndDoNotHalt() {
    try (EventSourcingDB es = builder(dir).reducer(red("notes", c -> null)).build()) {
      ESModel<ObjectNode> notes = es.esModel("notes");
      notes.set(obj("id", "n1", "t", "x"));
      EventRejectedException eexist = assertThrows(EventRejectedException.class,
          () -> notes.set(obj("id", "n1", "t", "y"), WriteOptions.insertOnly(), null));
      assertEquals("EEXIST", eexist.reason());
      assertTrue(eexist.getMessage().contains("ESModel 'notes': EEXIST for id \"n1\""), eexist.getMessage());
      EventRejectedException enoent = assertThrows(EventRejectedException.class,
          () -> notes.update(Map.of("id", "nope", "t", "z")));
      assertEquals("ENOENT", enoent.reason());
      assertEquals("x", notes.get("n1").orElseThrow().path("t").asText(), "nothing changed");
      assertEquals(notes.set(obj("id", "n2")).path("id").asText(), "n2", "the log goes on");
      assertEquals(es.queue().getMaxV(), es.getVersion());
    }
  }

  @Test
  void badRejectionsAreIllegalArguments() {
    assertThrows(IllegalArgumentException.class, () -> ReduceResult.reject(null));
    assertThrows(IllegalArgumentException.class, () -> ReduceResult.reject(""));
    assertThrows(IllegalArgumentException.class, () -> new EventRejection(""));
    assertThrows(IllegalArgumentException.class, () -> NewEvent.of("", Map.of()));
    assertNull(NewEvent.of("x", null).data());
  }

  @Test
  void typedModelAccess() {
    record Note(String id, String text) {}
    try (EventSourcingDB es = builder(dir)
        .model(new io.strato.es.spi.EventModel() {
          @Override
          public String name() {
            return "notes";
          }

          @Override
          public io.strato.jsonmodel.ModelConfig<?> config() {
            return io.strato.jsonmodel.ModelConfig.builder("notes", Note.class).build();
          }
        }).build()) {
      ESModel<Note> notes = es.esModel("notes", Note.class);
      assertEquals("hi", notes.set(new Note("n1", "hi")).text());
      IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> es.esModel("notes"));
      assertTrue(wrong.getMessage().contains("model 'notes' holds"), wrong.getMessage());
      assertThrows(IllegalArgumentException.class, () -> es.esModel("missing"));
      assertThrows(IllegalArgumentException.class, () -> es.esModel("notes", null));
    }
  }
}
