package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.StratoException;
import io.strato.es.spi.EventModel;
import io.strato.jsonmodel.ModelConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §5: an ESModel is writable during apply, derive and migrations, on that thread only; the
 * right is handed over by the event-sourcing DB (no model is switched).
 */
class ESModelWriteAccessTest {
  @TempDir Path dir;

  @Test
  void aDbMigrationWritesAnEsModelDirectly() {
    List<Boolean> writableInMigration = new ArrayList<>();
    try (EventSourcingDB es = builder(dir).model(Es.table("notes")).build()) {
      ESModel<ObjectNode> notes = Es.model(es, "notes");
      es.db().registerMigrations("app", Map.of("1_seed", db -> {
        writableInMigration.add(notes.isWritable());
        notes.set(obj("id", "seeded", "text", "from a DB migration"));
        notes.update(Map.of("id", "seeded", "done", true));
      }));
      es.open();
      assertEquals(List.of(true), writableInMigration);
      assertEquals("from a DB migration", notes.get("seeded").orElseThrow().get("text").asText());
      assertTrue(notes.get("seeded").orElseThrow().get("done").asBoolean());
      assertEquals(0, es.queue().getMaxV(), "written directly: no event");
      assertFalse(notes.isWritable(), "the right ends with the migrations");
      notes.set(obj("id", "later"));
      assertEquals(1, es.queue().getMaxV(), "after the open, writes go through events again");
    }
  }

  @Test
  void aModelMigrationWritesAnotherEsModel() {
    try (EventSourcingDB es = builder(dir).model(Es.table("a")).model(new EventModel() {
      @Override
      public String name() {
        return "b";
      }

      @Override
      public ModelConfig<?> config() {
        return ModelConfig.builder("b").migration("seed", ctx -> ctx.db().model("a", ESModel.class)
            .set(obj("id", "from-b"))).build();
      }
    }).build()) {
      es.open();
      assertTrue(Es.model(es, "a").exists("from-b"));
      assertEquals(0, es.queue().getMaxV());
    }
  }

  @Test
  void aFailingMigrationGivesTheRightBack() {
    try (EventSourcingDB es = builder(dir).model(Es.table("notes")).build()) {
      ESModel<ObjectNode> notes = Es.model(es, "notes");
      es.db().registerMigrations("app", Map.of("1_fail", db -> {
        notes.set(obj("id", "x"));
        throw new IllegalStateException("migration fails");
      }));
      StratoException e = assertThrows(StratoException.class, es::open);
      assertTrue(e.getMessage().contains("migration fails"), e.getMessage());
      assertFalse(notes.isWritable(), "the opening thread holds no right after the failed open");
      StratoException changeId = assertThrows(StratoException.class, () -> notes.changeId("x", "y"));
      assertTrue(changeId.getMessage().contains("only supported while the model is writable"), changeId.getMessage());
    }
  }

  @Test
  void twoEventSourcingDbsHaveTheirOwnRight() {
    List<Boolean> otherWritable = new ArrayList<>();
    try (EventSourcingDB other = EventSourcingDB.builder().file(dir.resolve("other.db")).model(Es.table("o")).build();
        EventSourcingDB es = builder(dir).model(Es.table("notes")).build()) {
      ESModel<ObjectNode> o = Es.model(other, "o");
      es.db().registerMigrations("app", Map.of("1_look", db -> otherWritable.add(o.isWritable())));
      es.open();
      assertEquals(List.of(false), otherWritable, "a migration of one DB may not write another DB's models");
    }
  }
}
