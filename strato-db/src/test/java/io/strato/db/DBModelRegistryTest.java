package io.strato.db;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** addModel, store, model(name, type). */
class DBModelRegistryTest {

  static class Thing implements DBModel {
    final DB db;
    final String name;

    Thing(DB db, String name) {
      this.db = db;
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }
  }

  static class Other implements DBModel {
    @Override
    public String name() {
      return "other";
    }
  }

  @Test
  void addModelBindsAndRegisters() {
    try (DB db = DB.memory()) {
      Thing t = db.addModel(d -> new Thing(d, "things"));
      assertSame(db, t.db);
      Other o = db.addModel(d -> new Other());
      assertEquals(List.of("things", "other"), List.copyOf(db.store().keySet()));
      assertSame(t, db.store().get("things"));
      assertSame(t, db.model("things", Thing.class));
      assertSame(t, db.model("things", DBModel.class));
      assertSame(o, db.model("other", Other.class));
      assertFalse(db.isOpen(), "adding models does not open");
    }
  }

  @Test
  void storeIsAnUnmodifiableSnapshot() {
    try (DB db = DB.memory()) {
      db.addModel(d -> new Thing(d, "a"));
      Map<String, DBModel> s = db.store();
      assertThrows(UnsupportedOperationException.class, () -> s.put("x", new Other()));
      db.addModel(d -> new Thing(d, "b"));
      assertEquals(1, s.size());
      assertEquals(2, db.store().size());
    }
  }

  @Test
  void duplicateNameIsAnError() {
    try (DB db = DB.memory()) {
      db.addModel(d -> new Thing(d, "x"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.addModel(d -> new Thing(d, "x")));
      assertTrue(e.getMessage().contains("'x'"), e.getMessage());
      assertEquals(1, db.store().size());
    }
  }

  @Test
  void wrongTypeIsAnError() {
    try (DB db = DB.memory()) {
      db.addModel(d -> new Thing(d, "x"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.model("x", Other.class));
      assertTrue(e.getMessage().contains("Other"), e.getMessage());
    }
  }

  @Test
  void unknownNameIsAnError() {
    try (DB db = DB.memory()) {
      db.addModel(d -> new Thing(d, "x"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.model("nope", Thing.class));
      assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("x"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> db.model(null, Thing.class));
    }
  }

  @Test
  void invalidArgumentsAreIllegalArgument() {
    try (DB db = DB.memory()) {
      assertThrows(IllegalArgumentException.class, () -> db.addModel(null));
      assertThrows(IllegalArgumentException.class, () -> db.addModel(d -> null));
      assertThrows(IllegalArgumentException.class, () -> db.addModel(d -> new Thing(d, null)));
      assertThrows(IllegalArgumentException.class, () -> db.addModel(d -> new Thing(d, "")));
      db.addModel(d -> new Thing(d, "x"));
      assertThrows(IllegalArgumentException.class, () -> db.model("x", null));
    }
  }
}
