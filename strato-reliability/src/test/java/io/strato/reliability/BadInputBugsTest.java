package io.strato.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.StratoException;
import io.strato.es.ESModel;
import io.strato.es.EventSourcingDB;
import io.strato.jsonmodel.JsonModel;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad-input cases that revealed bugs in the library modules (now fixed): deeply nested values
 * and ESModel writes with values that do not fit their column. Each test asserts the behaviour
 * the spec asks for.
 */
class BadInputBugsTest {
  /** Runs in a fresh thread (like a server's worker thread) with a timeout; the error must be ours. */
  static void assertOurError(Executable call, String... names) {
    Throwable t = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      try {
        call.execute();
        return null;
      } catch (Throwable e) {
        return e;
      }
    });
    assertTrue(t instanceof IllegalArgumentException || t instanceof StratoException,
        "expected IllegalArgumentException or StratoException, got " + t);
    Checks.assertNoNpe(t, "deep input");
    String msg = t.getMessage().toLowerCase(Locale.ROOT);
    boolean named = false;
    for (String n : names) {
      named |= msg.contains(n.toLowerCase(Locale.ROOT));
    }
    assertTrue(named, "message should name one of " + String.join(", ", names) + ": " + t.getMessage());
  }

  @Test
  void jsonModelRejectsDeeplyNestedValues() {
    DB db = DB.memory();
    JsonModel<ObjectNode> people = db.addModel(d -> new JsonModel<>(d, BadInputTest.peopleConfig()));
    people.set(BadInputTest.person("p1", "n1", 1));
    assertOurError(() -> people.set(BadInputTest.obj("id", "deep").set("d", BadInputTest.deepNode(10_000))), "people");
    assertOurError(() -> people.update(Map.of("id", "p1", "d", BadInputTest.deepMap(10_000))), "people");
    assertOurError(() -> people.update(Map.of("id", "p1", "d", BadInputTest.deepNode(10_000))), "people");
    assertEquals(1, people.count(Map.of()), "nothing written");
    assertTrue(people.get("p1").orElseThrow().path("d").isMissingNode(), "nothing written");
    db.close();
  }

  @Test
  void eventQueueRejectsDeeplyNestedData() {
    DB db = DB.memory();
    EventQueue queue = db.addModel(EventQueue::new);
    assertOurError(() -> queue.add("t", BadInputTest.deepNode(10_000)), "history");
    assertOurError(() -> queue.add("t", BadInputTest.deepMap(10_000)), "history");
    assertEquals(0, queue.getMaxV(), "nothing written");
    db.close();
  }

  @Test
  void eventSourcingDbRejectsDeeplyNestedData() {
    try (EventSourcingDB es = EventSourcingDB.builder().name("esdb").build()) {
      assertOurError(() -> es.dispatch("t", BadInputTest.deepNode(10_000)), "esdb", "history");
      assertOurError(() -> es.dispatch("t", BadInputTest.deepMap(10_000)), "esdb", "history");
      assertEquals(0, es.queue().getMaxV(), "nothing written");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void esModelRejectsDeeplyNestedValues() {
    try (EventSourcingDB es = EventSourcingDB.builder().model(new BadInputTest.Notes()).build()) {
      ESModel<ObjectNode> notes = es.model("notes", ESModel.class);
      notes.set(BadInputTest.obj("id", "n1", "title", "ok"));
      long v = es.queue().getMaxV();
      assertOurError(() -> notes.set(BadInputTest.obj("id", "deep").set("d", BadInputTest.deepNode(10_000))), "notes");
      assertOurError(() -> notes.update(Map.of("id", "n1", "d", BadInputTest.deepMap(10_000))), "notes");
      assertEquals(v, es.queue().getMaxV(), "nothing dispatched");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void esModelValidatesColumnTypesBeforeDispatch() {
    try (EventSourcingDB es = EventSourcingDB.builder().model(new BadInputTest.Notes())
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).maxRetries(1).build()) {
      ESModel<ObjectNode> notes = es.model("notes", ESModel.class);
      notes.set(BadInputTest.obj("id", "n1", "title", "ok"));
      long v = es.getVersion();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> notes.set(BadInputTest.obj("id", "n2", "title", Map.of("a", 1))));
      assertTrue(e.getMessage().contains("title"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> notes.update(Map.of("id", "n1", "title", Map.of("a", 1))));
      assertEquals(v, es.queue().getMaxV(), "no event dispatched for invalid input");
      Event next = es.dispatch("still/works", null);
      assertNull(next.error(), "the event log is not blocked");
    }
  }
}
