package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.der;
import static io.strato.es.Es.json;
import static io.strato.es.Es.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.Row;
import io.strato.es.spi.NewEvent;
import io.strato.jsonmodel.WriteOptions;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ESModel's {@link WriteOptions} forms and {@link WriteAction}: they write the same events,
 * byte for byte, as the deprecated boolean forms and int actions, which keep working.
 */
class ESModelWriteOptionsTest {
  @TempDir Path dir;

  private static Map<String, Object> withNull(String id, String key) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put(key, null);
    return m;
  }

  /** The same writes through the new forms. */
  private static void newForms(ESModel<ObjectNode> m) {
    m.set(obj("id", "a", "x", 1), WriteOptions.defaults(), Map.of("by", "ada"));
    m.set(obj("id", "b", "x", 2), WriteOptions.insertOnly(), null);
    m.set(obj("id", "c"), WriteOptions.insertOnly().withNoReturn(), "m");
    m.update(Map.of("id", "a", "y", 3), WriteOptions.defaults(), null);
    m.update(Map.of("id", "d", "z", 4), WriteOptions.upsert(), List.of(1, 2));
    m.update(withNull("d", "z"), WriteOptions.upsert().withNoReturn(), null);
    m.set(obj("id", "a", "x", 9));
    m.update(Map.of("id", "b", "x", 5));
    m.remove("c", "gone");
  }

  /** The same writes through the deprecated forms. */
  @SuppressWarnings("deprecation")
  private static void deprecatedForms(ESModel<ObjectNode> m) {
    m.set(obj("id", "a", "x", 1), false, false, Map.of("by", "ada"));
    m.set(obj("id", "b", "x", 2), true);
    m.set(obj("id", "c"), true, true, "m");
    m.update(Map.of("id", "a", "y", 3), false, false, null);
    m.update(Map.of("id", "d", "z", 4), true, false, List.of(1, 2));
    m.update(withNull("d", "z"), true, true);
    m.set(obj("id", "a", "x", 9), false, false);
    m.update(Map.of("id", "b", "x", 5), false);
    m.remove("c", "gone");
  }

  /** type, data and result of every stored event, as stored (text). */
  private List<String> history(String sub, Consumer<ESModel<ObjectNode>> writes) {
    List<String> out = new ArrayList<>();
    try (EventSourcingDB es = builder(dir.resolve(sub)).model(Es.table("m")).build()) {
      writes.accept(Es.model(es, "m"));
      for (Row r : es.db().all("SELECT type, data, result FROM history ORDER BY v")) {
        out.add(r.getString("type") + "\t" + r.getString("data") + "\t" + r.getString("result"));
      }
    }
    return out;
  }

  private static void stored(String expectedData, String row) {
    String[] parts = row.split("\t");
    assertEquals("es/m", parts[0]);
    assertEquals(json(expectedData), json(parts[1]), row);
  }

  @Test
  void newAndDeprecatedFormsStoreIdenticalEvents() throws Exception {
    java.nio.file.Files.createDirectories(dir.resolve("new"));
    java.nio.file.Files.createDirectories(dir.resolve("old"));
    List<String> fresh = history("new", ESModelWriteOptionsTest::newForms);
    List<String> old = history("old", ESModelWriteOptionsTest::deprecatedForms);
    assertEquals(old, fresh, "the same text in the log");
    assertEquals(9, fresh.size());
    // the wire format, as strato-db for JavaScript writes it: [action, id, obj, meta?], [0, id, null, meta]
    stored("[1,'a',{'id':'a','x':1},{'by':'ada'}]", fresh.get(0));
    stored("[2,'b',{'id':'b','x':2}]", fresh.get(1));
    stored("[2,'c',{'id':'c'},'m']", fresh.get(2));
    stored("[3,'a',{'id':'a','y':3}]", fresh.get(3));
    stored("[4,'d',{'id':'d','z':4},[1,2]]", fresh.get(4));
    stored("[4,'d',{'id':'d','z':null}]", fresh.get(5));
    stored("[1,'a',{'id':'a','x':9}]", fresh.get(6));
    stored("[3,'b',{'id':'b','x':5}]", fresh.get(7));
    stored("[0,'c',null,'gone']", fresh.get(8));
  }

  @Test
  void newFormsReturnAndRejectAsTheOldOnes() {
    try (EventSourcingDB es = builder(dir).model(Es.table("m")).build()) {
      ESModel<ObjectNode> m = Es.model(es, "m");
      assertEquals(json("{'id':'a','x':1}"), m.set(obj("id", "a", "x", 1), WriteOptions.insertOnly(), null));
      assertNull(m.set(obj("id", "b"), WriteOptions.noReturn(), null), "noReturn");
      EventRejectedException eexist = assertThrows(EventRejectedException.class,
          () -> m.set(obj("id", "a"), WriteOptions.insertOnly(), null));
      assertTrue(eexist.getMessage().contains("EEXIST") && eexist.getMessage().contains("'m'"), eexist.getMessage());
      EventRejectedException enoent = assertThrows(EventRejectedException.class,
          () -> m.update(Map.of("id", "nope", "x", 1), WriteOptions.defaults(), null));
      assertTrue(enoent.getMessage().contains("ENOENT"), enoent.getMessage());
      ObjectNode saved = m.update(Map.of("q", 1), WriteOptions.upsert(), null);
      assertEquals(36, saved.path("id").asText().length(), "an upsert without id gets a UUID: " + saved);
      assertEquals(json("{'id':'a','x':1,'y':2}"), m.update(Map.of("id", "a", "y", 2), WriteOptions.defaults(), null));
      // through the DocumentModel forms too: set(obj, options) / update(changes, options)
      assertEquals(json("{'id':'c'}"), m.set(obj("id", "c"), WriteOptions.insertOnly()));
      assertEquals(2, es.queue().get(es.queue().getMaxV()).orElseThrow().data().get(0).asInt());
      assertNull(m.update(Map.of("id", "c", "k", 1), WriteOptions.noReturn()));
      assertEquals(json("{'id':'c','k':1}"), m.get("c").orElseThrow());
    }
  }

  @Test
  void optionsThatDoNotFitAreClearErrorsBeforeAnyEvent() {
    try (EventSourcingDB es = builder(dir).model(Es.table("m")).build()) {
      ESModel<ObjectNode> m = Es.model(es, "m");
      long v = es.getVersion();
      IllegalArgumentException upsertSet = assertThrows(IllegalArgumentException.class,
          () -> m.set(obj("id", "a"), WriteOptions.upsert(), null));
      assertTrue(upsertSet.getMessage().contains("ESModel 'm'") && upsertSet.getMessage().contains("set takes"),
          upsertSet.getMessage());
      IllegalArgumentException insertUpdate = assertThrows(IllegalArgumentException.class,
          () -> m.update(Map.of("id", "a"), WriteOptions.insertOnly(), null));
      assertTrue(insertUpdate.getMessage().contains("update takes"), insertUpdate.getMessage());
      assertThrows(IllegalArgumentException.class, () -> m.set(obj("id", "a"), null, null));
      assertThrows(IllegalArgumentException.class, () -> m.update(Map.of("id", "a"), null, null));
      assertThrows(IllegalArgumentException.class, () -> m.setEvent(obj("id", "a"), WriteOptions.upsert(), null));
      assertThrows(IllegalArgumentException.class, () -> m.updateEvent(Map.of("id", "a"), WriteOptions.insertOnly(), null));
      assertThrows(IllegalArgumentException.class, () -> m.setEvent(null, WriteOptions.defaults(), null));
      assertThrows(IllegalArgumentException.class, () -> m.set(obj("id", "a"), WriteOptions.upsert()),
          "the DocumentModel form checks too");
      assertEquals(v, es.getVersion(), "no event was dispatched");
    }
  }

  @Test
  @SuppressWarnings("deprecation")
  void eventFormsMatchTheDeprecatedOnes() {
    try (EventSourcingDB es = builder(dir).model(Es.table("m")).build()) {
      ESModel<ObjectNode> m = Es.model(es, "m");
      m.set(obj("id", "a", "x", 1));
      NewEvent set = m.setEvent(obj("id", "a", "x", 2), WriteOptions.defaults(), "meta");
      assertEquals(m.setEvent(obj("id", "a", "x", 2), false, "meta"), set);
      assertEquals(json("[1,'a',{'id':'a','x':2},'meta']"), set.data());
      NewEvent ins = m.setEvent(obj("id", "b"), WriteOptions.insertOnly().withNoReturn(), null);
      assertEquals(m.setEvent(obj("id", "b"), true, null), ins);
      assertEquals(json("[2,'b',{'id':'b'}]"), ins.data());
      NewEvent upd = m.updateEvent(Map.of("id", "a", "x", 3), WriteOptions.defaults(), null);
      assertEquals(m.updateEvent(Map.of("id", "a", "x", 3), false, null), upd);
      assertEquals(json("[3,'a',{'id':'a','x':3}]"), upd.data());
      NewEvent sav = m.updateEvent(Map.of("id", "z"), WriteOptions.upsert(), 7);
      assertEquals(m.updateEvent(Map.of("id", "z"), true, 7), sav);
      assertEquals(json("[4,'z',{'id':'z'},7]"), sav.data());
      assertEquals("es/m", sav.type());
      es.dispatch(sav.type(), sav.data());
      assertTrue(m.exists("z"), "a dispatched event form writes");
    }
  }

  @Test
  void newFormsWriteDirectlyWhereTheModelIsWritable() {
    try (EventSourcingDB es = builder(dir).deriver(der("m", c -> {
      if (c.event().type().equals("direct")) {
        ESModel<ObjectNode> m = c.model();
        assertEquals(json("{'id':'d','x':1}"), m.set(obj("id", "d", "x", 1), WriteOptions.insertOnly(), "meta"));
        assertNull(m.update(Map.of("id", "d", "y", 2), WriteOptions.noReturn(), null));
        assertEquals(json("{'id':'e'}"), m.update(Map.of("id", "e"), WriteOptions.upsert(), null));
        assertThrows(io.strato.db.StratoException.class,
            () -> m.set(obj("id", "d"), WriteOptions.insertOnly(), null), "insertOnly on the table itself");
        assertThrows(IllegalArgumentException.class, () -> m.set(obj("id", "d"), WriteOptions.upsert(), null));
        assertNull(m.updateNoTrans(Map.of("id", "e", "k", 1), WriteOptions.noReturn()));
      }
    })).build()) {
      Event direct = es.dispatch("direct", null);
      assertNull(direct.error(), Es.err(direct));
      ESModel<ObjectNode> m = Es.model(es, "m");
      assertEquals(json("{'id':'d','x':1,'y':2}"), m.get("d").orElseThrow());
      assertEquals(json("{'id':'e','k':1}"), m.get("e").orElseThrow());
      assertEquals(1, es.getVersion(), "direct writes made no events of their own");
    }
  }

  @Test
  void writeActionCodesAreTheStoredInts() {
    int code = 0;
    for (WriteAction a : WriteAction.values()) {
      assertEquals(code++, a.code(), a.name());
      assertSame(a, WriteAction.fromCode(a.code()));
      assertTrue(WriteAction.isCode(a.code()));
    }
    checkDeprecatedInts();
    for (int bad : new int[] {-1, 5, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WriteAction.fromCode(bad));
      assertTrue(e.getMessage().contains("unknown action code " + bad), e.getMessage());
      assertFalse(WriteAction.isCode(bad));
    }
  }

  @SuppressWarnings("deprecation")
  private static void checkDeprecatedInts() {
    assertEquals(WriteAction.REMOVE.code(), ESModel.REMOVE);
    assertEquals(WriteAction.SET.code(), ESModel.SET);
    assertEquals(WriteAction.INSERT.code(), ESModel.INSERT);
    assertEquals(WriteAction.UPDATE.code(), ESModel.UPDATE);
    assertEquals(WriteAction.SAVE.code(), ESModel.SAVE);
  }

  @Test
  void anEventWithABadActionCodeFailsNamingTheModel() {
    try (EventSourcingDB es = builder(dir).maxRetries(1).model(Es.table("m")).build()) {
      EventFailedException ex = assertThrows(EventFailedException.class,
          () -> es.dispatch("es/m", json("[7,'a',{'id':'a'}]")));
      String err = ex.event().error().path("_preprocess_m").asText();
      assertTrue(err.contains("ESModel 'm'") && err.contains("action 0-4") && err.contains("[7,"), err);
    }
  }
}
