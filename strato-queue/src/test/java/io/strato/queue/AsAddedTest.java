package io.strato.queue;

import static io.strato.jsonmodel.ColumnDef.column;
import static io.strato.queue.QueueTestSupport.json;
import static io.strato.queue.QueueTestSupport.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.StratoException;
import io.strato.jsonmodel.ColumnType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AsAddedForms#store(Event, Event)} keeps the event as added beside its processed
 * form, and {@link AsAddedForms#nextBatch(long, int, long)} reads it back above the given
 * version only (B3: a processing whose state never committed starts again from the event as
 * added). Both for the plain table and for one with extra columns (JsonModel's row writer).
 */
class AsAddedTest {
  @TempDir Path dir;

  private EventQueue open(DB db, boolean extraColumn) {
    return extraColumn ? queue(db, QueueConfig.builder().column("cents", column().path("data.cents")
        .type(ColumnType.INTEGER)).build()) : queue(db);
  }

  private static Event processed(Event added) {
    return added.withType("deposit/cents").withData(json("{\"cents\":500,\"note\":\"ü€\"}"))
        .withResult((ObjectNode) json("{\"acct\":{\"set\":[{\"id\":\"a1\"}]}}"));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theEventAsAddedIsReadAboveTheGivenVersionOnly(boolean extraColumn) {
    try (DB db = DB.file(dir.resolve("q.db"))) {
      EventQueue q = open(db, extraColumn);
      Event added = q.add("deposit", Map.of("cents", 5, "note", "ü€"));
      q.add("next", null);
      q.asAdded().store(processed(added), added);

      assertProcessed(q.get(1L).orElseThrow(), "the row holds the processed event");
      assertProcessed(q.getNextBatch(0, 10).get(0), "a plain read gives the processed event");
      assertProcessed(q.asAdded().nextBatch(0, 10, 1).get(0), "at or below the version the processed event counts");
      List<Event> above = q.asAdded().nextBatch(0, 10, 0);
      Event again = above.get(0);
      assertEquals(List.of(1L, "deposit", added.ts(), 5L, "ü€"), List.of(again.v(), again.type(), again.ts(),
          again.data().get("cents").asLong(), again.data().get("note").asText()), "above it, the event as added");
      assertNull(again.result(), "nothing processed");
      assertEquals("next", above.get(1).type(), "rows without a kept form read as they are");
    }
  }

  /** The processed event of {@link #processed}: (an extra column may turn 500 into a long node, so compare values). */
  private static void assertProcessed(Event e, String what) {
    assertEquals(List.of("deposit/cents", 500L, "ü€", "{\"acct\":{\"set\":[{\"id\":\"a1\"}]}}"), List.of(e.type(),
        e.data().get("cents").asLong(), e.data().get("note").asText(), String.valueOf(e.result())), what);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void storingWithoutTheEventAsAddedDropsAKeptOne(boolean extraColumn) {
    try (DB db = DB.file(dir.resolve("q.db"))) {
      EventQueue q = open(db, extraColumn);
      Event added = q.add("deposit", Map.of("cents", 5));
      q.asAdded().store(processed(added), added);
      Event failed = added.withError(json("{\"_reduce_acct\":\"down\"}"));
      q.asAdded().store(failed, (Event) null);
      Event read = q.asAdded().nextBatch(0, 1, 0).get(0);
      assertEquals(List.of(5L, String.valueOf(failed.error())), List.of(read.data().get("cents").asLong(),
          String.valueOf(read.error())), "the failed event as stored, nothing kept any more");
      assertFalse(db.get("SELECT json FROM history WHERE v = 1").orElseThrow().getString("json").contains("asAdded"));
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anEventWithoutDataKeepsNoData(boolean extraColumn) {
    try (DB db = DB.file(dir.resolve("q.db"))) {
      EventQueue q = open(db, extraColumn);
      Event added = q.add("ping", null);
      q.asAdded().store(added.withType("pong").withResult((ObjectNode) json("{}")), added);
      Event read = q.asAdded().nextBatch(0, 1, 0).get(0);
      assertEquals("ping", read.type());
      assertNull(read.data());
      assertNull(read.result());
    }
  }

  @org.junit.jupiter.api.Test
  void badInputIsRefusedAndABrokenKeptFormIsNamed() {
    try (DB db = DB.file(dir.resolve("q.db"))) {
      EventQueue q = queue(db);
      Event added = q.add("deposit", Map.of("cents", 5));
      Event other = q.add("deposit", Map.of("cents", 6));
      assertThrows(IllegalArgumentException.class, () -> q.asAdded().store(processed(added), other), "another version");
      assertThrows(IllegalArgumentException.class, () -> q.asAdded().store(processed(added), added.withType("")));
      assertThrows(IllegalArgumentException.class, () -> q.asAdded().store(null, added));
      db.run("UPDATE history SET json = '{\"asAdded\":{\"data\":1}}' WHERE v = 1");
      StratoException e = assertThrows(StratoException.class, () -> q.asAdded().nextBatch(0, 1, 0));
      assertTrue(e.getMessage().contains("event 1") && e.getMessage().contains("asAdded"), e.getMessage());
      assertEquals("deposit", q.getNextBatch(0, 1).get(0).type(), "below the version the row reads as stored");
    }
  }
}
