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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.spi.NewEvent;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processing cycle of SPEC §4: phase order, results, sub-events, transact. */
class ProcessingCycleTest {
  @TempDir Path dir;

  @Test
  void phasesRunInOrderAndResultIsStored() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    try (EventSourcingDB es = builder(dir)
        .preprocessor(pre("a", c -> {
          calls.add("pre:" + c.event().type() + ":" + c.isMainEvent());
          return c.event().type().equals("raw") ? c.event().withType("cooked") : null;
        }))
        .reducer(red("a", c -> {
          calls.add("reduce:" + c.event().type());
          if (!c.event().type().equals("cooked")) {
            return null;
          }
          return ReduceResult.result().set(obj("id", "x", "n", 1)).put("extra", Map.of("k", 7));
        }))
        .deriver(der("a", c -> {
          ESModel<ObjectNode> m = c.model();
          // derive sees the applied result and the new version in the transaction
          calls.add("derive:" + c.event().type() + ":" + num(m, "x", "n") + ":" + c.result().items("set").size() + ":"
              + m.db().userVersion());
          if (c.isMainEvent()) {
            c.addEvent("sub", Map.of("q", 1));
          }
        }))
        .transactor(tx("a", c -> calls.add("transact:" + c.event().type())))
        .build()) {
      Event e = es.dispatch("raw", Map.of("hello", "world"));
      assertEquals(List.of("pre:raw:true", "reduce:cooked", "derive:cooked:1:1:1", "pre:sub:false", "reduce:sub",
          "derive:sub:1:0:1", "transact:sub", "transact:cooked"), calls);
      assertEquals("cooked", e.type());
      assertEquals(1, e.v());
      assertEquals(1, e.result().path("a").path("set").get(0).path("n").asInt());
      assertEquals(7, e.result().path("a").path("extra").path("k").asInt(), "opaque keys are kept");
      assertNull(e.error());
      assertEquals(1, e.events().size());
      assertEquals("sub", e.events().get(0).type());
      assertEquals(1, e.events().get(0).v(), "sub-events have the parent's v");
      assertEquals(1, e.events().get(0).data().path("q").asInt());
      // stored in the queue exactly like that
      Event stored = es.queue().get(1L).orElseThrow();
      assertEquals("cooked", stored.type());
      assertEquals(e.result(), stored.result());
      assertEquals("sub", stored.events().get(0).type());
      assertEquals("world", stored.data().path("hello").asText());
      assertEquals(1, es.getVersion());
    }
  }

  @Test
  void allReducersSeeThePreviousState() {
    // Two models that read each other: both must see the state at v-1.
    try (EventSourcingDB es = builder(dir)
        .reducer(red("a", c -> c.event().type().equals("tick")
            ? ReduceResult.result().set(obj("id", "c", "n", num(c.model("b", ESModel.class), "c", "n") + 1)) : null))
        .reducer(red("b", c -> c.event().type().equals("tick")
            ? ReduceResult.result().set(obj("id", "c", "n", num(c.model("a", ESModel.class), "c", "n") + 1)) : null))
        .build()) {
      es.dispatch("tick", null);
      es.dispatch("tick", null);
      es.dispatch("tick", null);
      assertEquals(3, num(Es.model(es, "a"), "c", "n"));
      assertEquals(3, num(Es.model(es, "b"), "c", "n"));
    }
  }

  @Test
  void applyResultKeys() {
    try (EventSourcingDB es = builder(dir).reducer(red("m", c -> switch (c.event().type()) {
      case "mk" -> ReduceResult.result().ins(obj("id", "x", "n", 1, "keep", true)).sav(obj("id", "y", "n", 1))
          .set(obj("id", "z", "n", 1, "other", "o"));
      case "ch" -> ReduceResult.result().upd(Es.json("{'id':'x','n':2,'keep':null}")).sav(obj("id", "y", "n", 2))
          .set(obj("id", "z", "n", 2)).rm("gone-already");
      case "del" -> ReduceResult.result().rm("x", "y");
      default -> null;
    })).build()) {
      Event mk = es.dispatch("mk", null);
      assertEquals(Es.json("{'ins':[{'id':'x','n':1,'keep':true}],'sav':[{'id':'y','n':1}],'set':[{'id':'z','n':1,"
          + "'other':'o'}]}"), mk.result().get("m"));
      ESModel<ObjectNode> m = Es.model(es, "m");
      assertEquals(3, m.count(Map.of()));
      Event ch = es.dispatch("ch", null);
      assertTrue(ch.result().path("m").has("rm"));
      assertEquals(Es.json("{'id':'x','n':2}"), m.get("x").orElseThrow(), "upd is shallow and null deletes");
      assertEquals(Es.json("{'id':'y','n':2}"), m.get("y").orElseThrow());
      assertEquals(Es.json("{'id':'z','n':2}"), m.get("z").orElseThrow(), "set replaces");
      es.dispatch("del", null);
      assertEquals(List.of("z"), m.all().stream().map(o -> o.get("id").asText()).toList());
      Event none = es.dispatch("nothing", null);
      assertEquals("{}", none.result().toString(), "no reducer output gives an empty result, as upstream");
    }
  }

  /** The original's depth-first test: the deriver appends each event type to a string. */
  @Test
  void subEventsRunDepthFirstInOrder() {
    AtomicInteger results = new AtomicInteger();
    try (EventSourcingDB es = builder(dir)
        .reducer(red("foo", c -> {
          if (c.event().type().equals("hi")) {
            return ReduceResult.result().set(obj("id", "hi", "all", ""));
          }
          if (c.event().type().equals("3")) {
            c.addEvent("4", null);
          }
          return null;
        }))
        .deriver(der("foo", c -> {
          String t = c.event().type();
          if (t.equals("hi")) {
            c.addEvent("1", null);
            c.addEvent("3", null);
          }
          if (t.equals("1")) {
            c.addEvent("2", null);
          }
          if (t.equals("3")) {
            c.addEvent("5", null);
          }
          ESModel<ObjectNode> m = c.model();
          ObjectNode hi = m.get("hi").orElseThrow(); // sub-events see the intermediate state
          m.set(obj("id", "hi", "all", hi.get("all").asText() + t));
        }))
        .build()) {
      es.onResult(e -> results.incrementAndGet());
      Event e = es.dispatch("hi", null);
      assertEquals("hi12345", Es.model(es, "foo").get("hi").orElseThrow().get("all").asText());
      assertEquals(1, results.get(), "sub-events are not separate results");
      assertEquals(2, e.events().size());
      assertEquals("1", e.events().get(0).type());
      assertEquals("2", e.events().get(0).events().get(0).type());
      assertEquals(List.of("4", "5"), e.events().get(1).events().stream().map(Event::type).toList());
      assertTrue(e.events().stream().allMatch(s -> s.v() == 1));
      assertEquals(1, es.getVersion());
    }
  }

  /** The original's "work" test: sub-events from preprocess, reduce (addEvent and events) and derive. */
  @Test
  void subEventsFromEveryPhase() {
    try (EventSourcingDB es = builder(dir)
        .preprocessor(pre("foo", c -> {
          String t = c.event().type();
          if (t.equals("hi") || t.equals("pre")) {
            c.addEvent("pre-" + t, null);
          }
          return null;
        }))
        .reducer(red("foo", c -> {
          String t = c.event().type();
          ReduceResult r = ReduceResult.result().set(obj("id", t));
          if (t.equals("hi") || t.equals("red")) {
            c.addEvent("red-" + t, null);
            r.events(new NewEvent("red-out-" + t, null));
          }
          return r;
        }))
        .deriver(der("foo", c -> {
          String t = c.event().type();
          if (t.equals("hi") || t.equals("der")) {
            c.addEvent("der-" + t, null);
          }
        }))
        .build()) {
      ESModel<ObjectNode> foo = Es.model(es, "foo");
      Event e = es.dispatch("hi", null);
      assertEquals(4, e.events().size());
      // upstream's order: a reducer's returned events come right after the reduce phase's addEvent
      // calls, before the deriver's
      List<String> order = List.of("pre-hi", "red-hi", "red-out-hi", "der-hi");
      assertEquals(order, e.events().stream().map(Event::type).toList());
      assertEquals(order, es.queue().get(e.v()).orElseThrow().events().stream().map(Event::type).toList(),
          "the stored order");
      // the returned events are not kept in the stored result
      assertEquals("{\"foo\":{\"set\":[{\"id\":\"hi\"}]}}", e.result().toString());
      assertEquals("{\"foo\":{\"set\":[{\"id\":\"hi\"}]}}",
          es.db().get("SELECT result FROM history WHERE v = ?", e.v()).orElseThrow().getString("result"));
      for (String id : List.of("hi", "pre-hi", "red-hi", "red-out-hi", "der-hi")) {
        assertTrue(foo.exists(id), id);
      }
      assertEquals(1, es.dispatch("pre", null).events().size());
      assertTrue(foo.exists("pre-pre"));
      es.dispatch("red", null);
      assertTrue(foo.exists("red-red") && foo.exists("red-out-red"));
      es.dispatch("der", null);
      assertTrue(foo.exists("der-der"));
    }
  }

  @Test
  void endlessRecursionFailsClearlyWithoutPartialState() {
    try (EventSourcingDB es = builder(dir).maxRetries(1)
        .reducer(red("foo", c -> ReduceResult.result().set(obj("id", "n" + Math.random()))))
        .deriver(der("foo", c -> {
          if (c.event().type().equals("hi")) {
            c.addEvent("hi", null);
          }
        }))
        .build()) {
      es.dispatch("ok", null);
      Map<String, Object> before = Es.dump(es.db());
      EventFailedException ex = assertThrows(EventFailedException.class, () -> es.dispatch("hi", null));
      String msg = ex.event().error().path("_handle").asText();
      assertTrue(Pattern.compile("(\\.hi)+:.*deep", Pattern.DOTALL).matcher(msg).find(), msg);
      assertTrue(msg.length() < 5_000, "the message does not grow with the depth: " + msg.length());
      assertEquals(before, Es.dump(es.db()));
      assertEquals(1, es.getVersion());
    }
  }

  @Test
  void reprocessingClearsOldSubEventsAndResult() {
    try (EventSourcingDB es = builder(dir).deriver(der("foo", c -> {
      if (c.event().type().equals("hi")) {
        c.addEvent("ho", null);
      }
    })).build()) {
      es.open();
      es.queue().set(new Event(5, "hi", 1, null, Es.obj("old", Map.of("x", 1)), Es.json("{'x':1}"), null,
          List.of(Event.of("deleteme", null))));
      Event e = es.handledVersion(5);
      assertEquals(List.of("ho"), e.events().stream().map(Event::type).toList());
      assertNull(e.error());
      assertEquals("{}", e.result().toString(), "the old result is gone");
      Event stored = es.queue().get(5L).orElseThrow();
      assertEquals(List.of("ho"), stored.events().stream().map(Event::type).toList());
      assertEquals("{}", stored.result().toString());
      assertNull(stored.error());
      assertEquals(5, es.getVersion());
    }
  }

  @Test
  void transactDispatchRunsSubEventNow() {
    List<String> seen = new ArrayList<>();
    try (EventSourcingDB es = builder(dir)
        .reducer(red("foo", c -> {
          if (c.event().type().equals("sub")) {
            int d = c.event().data().asInt();
            seen.add("sub" + d);
            return ReduceResult.result().set(obj("id", "s" + d));
          }
          return null;
        }))
        .transactor(tx("foo", c -> {
          String t = c.event().type();
          if (t.equals("hi")) {
            for (int i = 1; i <= 3; i++) {
              Event sub = c.dispatch("sub", i);
              assertEquals("sub", sub.type());
              assertEquals(i, sub.data().asInt());
              assertNotNull(sub.result());
              ESModel<ObjectNode> m = c.model();
              assertTrue(m.exists("s" + i), "the sub-event was applied before dispatch returned");
            }
            seen.add("after");
            c.dispatch("nested", null);
          }
          if (t.equals("nested")) {
            c.dispatch("sub", 9);
          }
          if (t.equals("bad")) {
            c.dispatch("explode", null);
          }
        }))
        .deriver(der("foo", c -> {
          if (c.event().type().equals("explode")) {
            throw new IllegalStateException("kaboom");
          }
        }))
        .build()) {
      Event e = es.dispatch("hi", null);
      assertEquals(List.of("sub1", "sub2", "sub3", "after", "sub9"), seen);
      assertEquals(List.of("sub", "sub", "sub", "nested"), e.events().stream().map(Event::type).toList());
      assertEquals("sub", e.events().get(3).events().get(0).type());
      Map<String, Object> before = Es.dump(es.db());
      EventFailedException ex = assertThrows(EventFailedException.class, () -> es.dispatch("bad", null));
      assertTrue(ex.event().error().has("_transact_foo"), ex.event().error().toString());
      assertTrue(ex.event().error().path("_transact_foo").asText().contains("kaboom"));
      assertEquals(before, Es.dump(es.db()));
    }
  }

  @Test
  void esModelWritesInTransactBecomeSubEvents() {
    try (EventSourcingDB es = builder(dir).transactor(tx("foo", c -> {
      if (c.event().type().equals("hi")) {
        ESModel<ObjectNode> m = c.model();
        ObjectNode o = m.set(obj("id", "hi", "x", 1));
        assertEquals(Es.json("{'id':'hi','x':1}"), o);
      }
    })).build()) {
      Event e = es.dispatch("hi", null);
      assertEquals("es/foo", e.events().get(0).type());
      assertTrue(Es.model(es, "foo").exists("hi"));
    }
  }

  @Test
  void contextsGiveEventModelStoreAndCache() {
    try (EventSourcingDB es = builder(dir)
        .reducer(red("a", c -> {
          c.cache().put("seen", c.event().type());
          assertTrue(c.store().containsKey("b"));
          assertThrows(IllegalArgumentException.class, () -> c.model("nope", ESModel.class));
          return null;
        }))
        .deriver(der("b", c -> {
          assertEquals(c.event().type(), c.cache().get("seen"));
          ESModel<ObjectNode> b = c.model();
          assertEquals("b", b.name());
          JsonNode none = c.result().get("set");
          assertNull(none);
          b.set(obj("id", "ok"));
        }))
        .build()) {
      es.dispatch("x", null);
      assertTrue(Es.model(es, "b").exists("ok"));
      assertFalse(Es.model(es, "a").exists("ok"));
    }
  }
}
