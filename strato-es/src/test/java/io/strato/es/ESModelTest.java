package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.der;
import static io.strato.es.Es.json;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.StratoException;
import io.strato.es.spi.EventModel;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.ReduxContext;
import io.strato.jsonmodel.ColumnDef;
import io.strato.jsonmodel.ColumnType;
import io.strato.jsonmodel.ModelConfig;
import io.strato.jsonmodel.WriteOptions;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ESModel (SPEC §5): writes through es/&lt;name&gt; events. */
class ESModelTest {
  @TempDir Path dir;

  /** A model with an INTEGER id. */
  static final class Numbered implements EventModel {
    final List<Long> idsInReducer = new ArrayList<>();

    @Override
    public String name() {
      return "num";
    }

    @Override
    public ModelConfig<?> config() {
      return ModelConfig.builder("num").column("id", ColumnDef.column().type(ColumnType.INTEGER)).build();
    }

    @Override
    public ReduceResult reduce(ReduxContext ctx) {
      if (ctx.event().type().equals("three")) {
        ESModel<ObjectNode> m = ctx.model();
        long a = m.getNextId();
        long b = m.getNextId();
        long c = m.getNextId();
        idsInReducer.addAll(List.of(a, b, c));
        return ReduceResult.result().ins(obj("id", a), obj("id", b), obj("id", c));
      }
      return null;
    }
  }

  private Event last(EventSourcingDB es) {
    return es.queue().get(es.queue().getMaxV()).orElseThrow();
  }

  @Test
  void writesGoThroughEvents() {
    try (EventSourcingDB es = builder(dir).model(Es.table("m")).build()) {
      ESModel<ObjectNode> m = Es.model(es, "m");
      assertEquals("es/m", m.eventType());
      assertEquals("es/INIT:m", m.initEventType());
      ObjectNode a = m.set(obj("id", "a", "x", 1, "y", 2), WriteOptions.defaults(), Map.of("user", "ada"));
      assertEquals(json("{'id':'a','x':1,'y':2}"), a);
      Event e = last(es);
      assertEquals("es/m", e.type());
      assertEquals(json("[1,'a',{'id':'a','x':1,'y':2},{'user':'ada'}]"), e.data());
      assertEquals(json("{'ins':[{'id':'a','x':1,'y':2}]}"), e.result().get("m"));
      assertFalse(m.get("a").orElseThrow().has("user"), "meta lives on the event only");

      // set of an existing object nulls the removed keys
      ObjectNode a2 = m.set(obj("id", "a", "x", 5));
      assertEquals(json("{'id':'a','x':5}"), a2);
      e = last(es);
      assertEquals(json("[1,'a',{'id':'a','x':5}]"), e.data(), "as upstream: no meta, no trailing null");
      assertEquals(json("{'upd':[{'id':'a','x':5,'y':null}]}"), e.result().get("m"));

      // no-op set: an empty result, stored as {} as upstream does
      m.set(obj("id", "a", "x", 5));
      assertEquals(json("{}"), last(es).result());
      assertEquals("{}", es.db().get("SELECT result FROM history WHERE v = ?", last(es).v()).orElseThrow()
          .getString("result"));

      // update merges, null deletes
      Map<String, Object> ch = new HashMap<>();
      ch.put("id", "a");
      ch.put("z", 3);
      ch.put("x", null);
      assertEquals(json("{'id':'a','z':3}"), m.update(ch, WriteOptions.defaults(), null));
      assertEquals(3, last(es).data().get(0).asInt());
      // upsert
      assertEquals(json("{'id':'b','q':1}"), m.update(Map.of("id", "b", "q", 1), WriteOptions.upsert()));
      assertEquals(4, last(es).data().get(0).asInt());
      // update of a missing object
      StratoException enoent = assertThrows(StratoException.class, () -> m.update(Map.of("id", "nope", "q", 1)));
      assertTrue(enoent.getMessage().contains("ENOENT"), enoent.getMessage());
      assertFalse(m.exists("nope"));
      assertNull(last(es).error(), "esFail does not fail the event");
      assertEquals("ENOENT", last(es).result().path("m").path("esFail").asText());

      // insertOnly on an existing id
      long v = es.getVersion();
      StratoException eexist = assertThrows(StratoException.class, () -> m.set(obj("id", "a", "x", 9), WriteOptions.insertOnly(), null));
      assertTrue(eexist.getMessage().contains("EEXIST"), eexist.getMessage());
      assertEquals(v + 1, es.getVersion(), "the event succeeded");
      assertEquals(json("{'id':'a','z':3}"), m.get("a").orElseThrow(), "nothing changed");
      assertEquals(2, last(es).data().get(0).asInt());

      // remove by id and by object, with meta
      m.remove("a", "bye");
      e = last(es);
      assertEquals(json("[0,'a',null,'bye']"), e.data());
      assertFalse(m.exists("a"));
      m.remove(m.get("b").orElseThrow());
      assertEquals(json("[0,'b']"), last(es).data(), "as upstream: a removal without meta is [0, id]");
      assertEquals(0, m.count(Map.of()));
      // data written by earlier versions of this library (a trailing null meta) still reduces
      m.set(obj("id", "old", "x", 1));
      es.dispatch(m.eventType(), json("[3,'old',{'id':'old','x':2},null]"));
      assertEquals(2, m.get("old").orElseThrow().get("x").asInt());
      es.dispatch(m.eventType(), json("[0,'old',null,null]"));
      assertFalse(m.exists("old"));
      m.remove("never-there");
      assertNull(last(es).error());

      // without id: a UUID is assigned by the preprocessor and stored in the event
      ObjectNode n = m.set(obj("t", "x"));
      String id = n.get("id").asText();
      assertEquals(36, id.length());
      assertEquals(id, last(es).data().get(1).asText());
      assertEquals(id, last(es).data().get(2).get("id").asText());
      assertThrows(IllegalArgumentException.class, () -> m.update(Map.of("t", 1)));
      // an upsert without an id: a SAVE event whose preprocessor assigns the id
      ObjectNode saved = m.update(Map.of("t", 2), WriteOptions.upsert());
      String savedId = saved.path("id").asText();
      assertEquals(36, savedId.length(), saved.toString());
      assertEquals(4, last(es).data().get(0).asInt());
      assertEquals(savedId, last(es).data().get(1).asText());
      assertEquals(json("{'id':'" + savedId + "','t':2}"), m.get(savedId).orElseThrow());
    }
  }

  @Test
  void changeIdAndUpdateNoTransNeedWritable() {
    try (EventSourcingDB es = builder(dir).model(Es.table("m")).build()) {
      ESModel<ObjectNode> m = Es.model(es, "m");
      m.set(obj("id", "a"));
      assertThrows(StratoException.class, () -> m.changeId("a", "b"));
      assertThrows(StratoException.class, () -> m.updateNoTrans(Map.of("id", "a", "x", 1), WriteOptions.defaults()));
      assertTrue(m.exists("a"));
    }
    // writable in a deriver: a plain JsonModel
    try (EventSourcingDB es = builder(dir).deriver(der("m", c -> {
      if (c.event().type().equals("rename")) {
        ESModel<ObjectNode> m = c.model();
        m.changeId("a", "b");
        m.updateNoTrans(Map.of("id", "b", "x", 1), WriteOptions.defaults());
      }
    })).build()) {
      es.dispatch("rename", null);
      assertEquals(json("{'id':'b','x':1}"), Es.model(es, "m").get("b").orElseThrow());
    }
  }

  @Test
  void slugIdsAreMadeWhenTheEventIsPreprocessedAndStoredInIt() {
    EventModel pages = new EventModel() {
      @Override
      public String name() {
        return "pages";
      }

      @Override
      public ModelConfig<?> config() {
        return ModelConfig.builder("pages").column("id", ColumnDef.column().slugValue(o -> o.path("name").asText()))
            .build();
      }
    };
    try (EventSourcingDB es = builder(dir).model(pages).build()) {
      ESModel<ObjectNode> m = Es.model(es, "pages");
      assertEquals("about-us", m.set(obj("name", "About us")).path("id").asText());
      assertEquals("about-us", last(es).data().get(1).asText(), "the id is written into the event");
      assertEquals("about-us-2", m.set(obj("name", "About Us")).path("id").asText(), "unique");
      assertEquals("given", m.set(obj("id", "given", "name", "About us")).path("id").asText());
      assertEquals("About Us", m.get("about-us-2").orElseThrow().path("name").asText());
    }
  }

  @Test
  void integerIdsWithGetNextId() {
    Numbered num = new Numbered();
    try (EventSourcingDB es = builder(dir).model(num).build()) {
      ESModel<ObjectNode> m = Es.model(es, "num");
      assertEquals(1, m.getNextId());
      assertEquals(1, m.getNextId(), "outside processing nothing is reserved");
      ObjectNode a = m.set(obj("name", "first"));
      assertEquals(1, a.get("id").asLong());
      assertEquals(1, last(es).data().get(1).asLong(), "the id is written into the event");
      assertEquals(2, m.getNextId());
      es.dispatch("es/num", json("[2, 5, {'id':5}, null]"));
      assertEquals(6, m.getNextId());
      es.dispatch("three", null);
      assertEquals(List.of(6L, 7L, 8L), num.idsInReducer, "increasing within one event before writes");
      assertEquals(9, m.getNextId());
      assertEquals(9, m.set(obj("name", "next")).get("id").asLong());
    }
  }

  @Test
  void getNextIdInSubEventsAndDerivers() {
    // the original's "run in subevent": ids stay unique across the event and its sub-events
    try (EventSourcingDB es = builder(dir).model(new EventModel() {
      @Override
      public String name() {
        return "t";
      }

      @Override
      public ModelConfig<?> config() {
        return ModelConfig.builder("t").column("id", ColumnDef.column().type(ColumnType.INTEGER)).build();
      }

      @Override
      public ReduceResult reduce(ReduxContext ctx) {
        ESModel<ObjectNode> m = ctx.model();
        if (ctx.event().type().equals("SUBEVENT")) {
          return ReduceResult.result().ins(obj("id", m.getNextId(), "fromSubevent", true));
        }
        ReduceResult r = m.reduce(ctx);
        if (r != null && r.items("upd").stream().anyMatch(o -> o.has("triggerSub"))) {
          ctx.addEvent("SUBEVENT", null);
        }
        return r;
      }

      @Override
      public void derive(io.strato.es.spi.DeriveContext ctx) {
        if (ctx.result().items("upd").stream().anyMatch(o -> o.has("triggerSub"))) {
          ESModel<ObjectNode> m = ctx.model();
          m.set(obj("id", m.getNextId(), "fromDeriver", true));
        }
      }
    }).build()) {
      ESModel<ObjectNode> t = Es.model(es, "t");
      for (int i = 1; i <= 5; i++) {
        t.set(obj("name", "id " + i));
      }
      t.update(Map.of("id", 1, "triggerSub", "oh yiss"));
      assertTrue(t.get(6L).orElseThrow().path("fromDeriver").asBoolean());
      assertTrue(t.get(7L).orElseThrow().path("fromSubevent").asBoolean());
    }
  }

  @Test
  void idValueFunction() {
    try (EventSourcingDB es = builder(dir).model(new EventModel() {
      @Override
      public String name() {
        return "v";
      }

      @Override
      public ModelConfig<?> config() {
        return ModelConfig.builder("v")
            .column("id", ColumnDef.column().value(o -> "id-" + o.path("name").asText())).build();
      }
    }).build()) {
      ESModel<ObjectNode> v = Es.model(es, "v");
      ObjectNode o = v.set(obj("name", "ada"));
      assertEquals("id-ada", o.get("id").asText());
      assertEquals("id-ada", last(es).data().get(1).asText());
    }
  }

  @Test
  void writableOnlyOnTheProcessingThread() throws Exception {
    CountDownLatch inDerive = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<CompletableFuture<ObjectNode>> other = new AtomicReference<>();
    try (EventSourcingDB es = builder(dir).deriver(der("m", c -> {
      if (c.event().type().equals("slow")) {
        ESModel<ObjectNode> m = c.model();
        assertTrue(m.isWritable());
        m.set(obj("id", "direct"));
        inDerive.countDown();
        release.await(10, TimeUnit.SECONDS);
      }
    })).build()) {
      ESModel<ObjectNode> m = Es.model(es, "m");
      CompletableFuture<Event> slow = es.dispatchAsync("slow", null);
      assertTrue(inDerive.await(10, TimeUnit.SECONDS));
      assertFalse(m.isWritable(), "not writable on this thread");
      other.set(CompletableFuture.supplyAsync(() -> m.set(obj("id", "other"))));
      Thread.sleep(100);
      assertFalse(other.get().isDone(), "the other thread waits for its event");
      release.countDown();
      slow.get(10, TimeUnit.SECONDS);
      assertEquals(json("{'id':'other'}"), other.get().get(10, TimeUnit.SECONDS));
      Event e = last(es);
      assertEquals("es/m", e.type(), "the other thread's write went through an event");
      assertEquals(2, e.v());
      assertTrue(m.exists("direct"));
      assertNull(es.queue().get(1L).orElseThrow().events(), "the direct write made no event");
    }
  }

  @Test
  void initQueuesAnEventOnceWhenTheTableIsCreated() {
    AtomicInteger inits = new AtomicInteger();
    java.util.function.Supplier<EventModel> model = () -> new EventModel() {
      @Override
      public String name() {
        return "m";
      }

      @Override
      public boolean init() {
        return true;
      }

      @Override
      public ReduceResult reduce(ReduxContext ctx) {
        ESModel<ObjectNode> m = ctx.model();
        if (ctx.event().type().equals(m.initEventType())) {
          inits.incrementAndGet();
          return ReduceResult.result().ins(obj("id", "yey"));
        }
        return null;
      }
    };
    try (EventSourcingDB es = builder(dir).model(model.get()).build()) {
      es.waitForQueue();
      assertTrue(Es.model(es, "m").exists("yey"));
      assertEquals("es/INIT:m", es.queue().get(1L).orElseThrow().type());
      assertEquals(1, es.getVersion());
    }
    try (EventSourcingDB es = builder(dir).model(model.get()).build()) {
      es.waitForQueue();
      assertEquals(1, es.queue().getMaxV(), "not queued again on reopen");
      assertEquals(1, inits.get());
    }
  }

  @Test
  void userReducerRunsFirstThenEsModelReducer() {
    List<String> calls = new ArrayList<>();
    try (EventSourcingDB es = builder(dir).reducer(red("m", c -> {
      calls.add(c.event().type() + ":" + c.event().data().get(0).asInt());
      if (WriteAction.fromCode(c.event().data().get(0).asInt()) == WriteAction.REMOVE) {
        return ReduceResult.result().put("refused", true); // the user reducer takes over removes
      }
      return null;
    })).build()) {
      ESModel<ObjectNode> m = Es.model(es, "m");
      m.set(obj("id", "a"));
      assertTrue(m.exists("a"), "the ESModel reducer ran after the user's returned null");
      m.remove("a");
      assertTrue(m.exists("a"), "the user reducer's result replaced the ESModel one");
      assertTrue(last(es).result().path("m").path("refused").asBoolean());
      assertEquals(List.of("es/m:1", "es/m:0"), calls);
    }
  }

  @Test
  void migrationsGetTheQueue() {
    AtomicReference<Object> q = new AtomicReference<>();
    try (EventSourcingDB es = builder(dir).model(new EventModel() {
      @Override
      public String name() {
        return "m";
      }

      @Override
      public ModelConfig<?> config() {
        return ModelConfig.builder("m").migration("seed", ctx -> {
          q.set(ctx.options().get("queue"));
          ctx.model().set(obj("id", "seeded"));
        }).build();
      }
    }).build()) {
      es.open();
      assertSame(es.queue(), q.get());
      assertTrue(q.get() instanceof EventQueue);
      assertTrue(Es.model(es, "m").exists("seeded"), "writable during migrations");
      assertEquals(0, es.queue().getMaxV());
    }
  }

  @Test
  void badEventDataFailsClearly() {
    try (EventSourcingDB es = builder(dir).maxRetries(1).model(Es.table("m")).build()) {
      EventFailedException ex = assertThrows(EventFailedException.class, () -> es.dispatch("es/m", Map.of("x", 1)));
      assertTrue(ex.event().error().path("_preprocess_m").asText().contains("[action"), ex.event().error().toString());
      assertNotNull(ex.getMessage());
    }
  }
}
