package io.strato.jsonmodel;

import static io.strato.jsonmodel.TestSupport.model;
import static io.strato.jsonmodel.TestSupport.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.StratoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WriteOptions instead of boolean parameters; the deprecated forms keep working. */
class WriteOptionsTest {
  @Test
  void setAndUpdateTakeOptions() {
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("w"));
      assertNotNull(m.set(obj("id", "a", "n", 1), WriteOptions.insertOnly()));
      assertThrows(StratoException.class, () -> m.set(obj("id", "a"), WriteOptions.insertOnly()));
      assertNull(m.set(obj("id", "b"), WriteOptions.insertOnly().withNoReturn()));
      assertNull(m.set(obj("id", "b", "n", 2), WriteOptions.noReturn()));
      assertEquals(2, m.get("b").orElseThrow().get("n").asInt());
      assertThrows(StratoException.class, () -> m.update(Map.of("id", "c", "n", 3), WriteOptions.defaults()));
      assertEquals(3, m.update(Map.of("id", "c", "n", 3), WriteOptions.upsert()).get("n").asInt());
      assertNull(m.update(Map.of("id", "c", "n", 4), WriteOptions.upsert().withNoReturn()));
      assertNull(db.withTransaction(() -> m.updateNoTrans(Map.of("id", "c", "n", 5), WriteOptions.noReturn())));
      assertEquals(5, m.get("c").orElseThrow().get("n").asInt());
      // options that do not apply
      assertThrows(IllegalArgumentException.class, () -> m.set(obj("id", "d"), WriteOptions.upsert()));
      assertThrows(IllegalArgumentException.class, () -> m.update(Map.of("id", "a"), WriteOptions.insertOnly()));
      assertThrows(IllegalArgumentException.class, () -> m.set(obj("id", "d"), null));
      assertThrows(IllegalArgumentException.class, () -> m.update(Map.of("id", "a"), null));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> db.withTransaction(() -> m.updateNoTrans(Map.of("id", "a"), WriteOptions.insertOnly())));
      assertEquals("JsonModel 'w': update takes upsert/noReturn options, not WriteOptions[insertOnly=true,"
          + " upsert=false, noReturn=false]", e.getMessage());
      assertEquals(6, db.withTransaction(() -> m.updateNoTrans(Map.of("id", "c", "n", 6), WriteOptions.defaults()))
          .get("n").asInt(), "returns the updated item");
      assertEquals(7, db.withTransaction(() -> m.updateNoTrans(Map.of("id", "e", "n", 7), WriteOptions.upsert()))
          .get("n").asInt(), "upserts");
    }
  }

  @Test
  @SuppressWarnings("deprecation")
  void deprecatedSetReturnsTheStoredItem() {
    try (DB db = DB.memory()) {
      JsonModel<ObjectNode> m = model(db, ModelConfig.builder("w"));
      assertEquals(1, m.set(obj("id", "a", "n", 1), true).get("n").asInt());
      assertEquals(2, m.set(obj("id", "a", "n", 2), false).get("n").asInt());
      assertThrows(StratoException.class, () -> m.set(obj("id", "a"), true), "insertOnly");
    }
  }

  @Test
  @SuppressWarnings("deprecation")
  void deprecatedBooleanFormsStillWorkAndSubclassOverridesSeeEveryWrite() {
    List<String> seen = new ArrayList<>();
    try (DB db = DB.memory()) {
      ModelConfig<ObjectNode> cfg = ModelConfig.builder("w").build();
      JsonModel<ObjectNode> m = db.addModel(d -> new JsonModel<>(d, cfg) {
        @Override
        public ObjectNode set(ObjectNode o, boolean insertOnly, boolean noReturn) {
          seen.add("set " + insertOnly + " " + noReturn);
          return super.set(o, insertOnly, noReturn);
        }

        @Override
        public ObjectNode update(Map<String, ?> changes, boolean upsert, boolean noReturn) {
          seen.add("update " + upsert + " " + noReturn);
          return super.update(changes, upsert, noReturn);
        }
      });
      m.set(obj("id", "a"), WriteOptions.insertOnly().withNoReturn());
      m.set(obj("id", "a"), false);
      m.update(Map.of("id", "b"), WriteOptions.upsert());
      m.update(Map.of("id", "b", "x", 1), false);
      assertEquals(List.of("set true true", "set false false", "update true false", "update false false"), seen);
    }
    assertSame(WriteOptions.insertOnly().withNoReturn(), WriteOptions.noReturn().withInsertOnly());
  }
}
