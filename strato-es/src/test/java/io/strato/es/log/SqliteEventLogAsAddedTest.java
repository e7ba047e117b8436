package io.strato.es.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * B3 at the log: with the state in another DB, an event above the state's version reads as it
 * was added whatever processed form an uncommitted attempt stored; at or below it, the processed
 * event. With the state in the queue's DB nothing extra is kept.
 */
class SqliteEventLogAsAddedTest {
  private static final ObjectMapper M = new ObjectMapper();

  @TempDir Path dir;

  private static Event processed(Event queued) {
    ObjectNode data = M.createObjectNode().put("cents", queued.data().get("cents").asLong() * 100);
    return queued.withData(data).withResult(M.createObjectNode().set("acct", M.createObjectNode()));
  }

  @Test
  void aSeparateStateSeesTheEventAsAddedUntilItCommitsIt() {
    try (DB state = DB.file(dir.resolve("state.db")); DB qdb = DB.file(dir.resolve("queue.db"))) {
      EventQueue q = qdb.addModel(EventQueue::new);
      SqliteEventLog log = SqliteEventLog.on(q);
      log.attach(state);
      Event added = log.append("deposit", M.createObjectNode().put("cents", 5), 0);
      log.store(processed(added), added); // the state has not committed version 1

      Event again = log.read(0, 10).get(0);
      assertEquals(5, again.data().get("cents").asLong(), "processed again from the event as added");
      assertNull(again.result());
      assertEquals(again, log.get(1).orElseThrow());
      assertTrue(log.get(2).isEmpty());
      assertEquals(500, q.get(1L).orElseThrow().data().get("cents").asLong(), "the row holds the processed form");

      state.userVersion(1); // the state commits version 1
      assertEquals(500, log.read(0, 10).get(0).data().get("cents").asLong(), "committed: the processed event");
      assertEquals(500, log.get(1).orElseThrow().data().get("cents").asLong());
    }
  }

  @Test
  void theKeptFormStaysThroughARollbackAndGoesWithTheCommit() {
    try (DB state = DB.file(dir.resolve("state.db")); DB qdb = DB.file(dir.resolve("queue.db"))) {
      EventQueue q = qdb.addModel(EventQueue::new);
      SqliteEventLog log = SqliteEventLog.on(q);
      log.attach(state);
      Event added = log.append("deposit", M.createObjectNode().put("cents", 5), 0);
      assertThrows(IllegalStateException.class, () -> state.withTransaction(() -> {
        state.userVersion(1);
        log.store(processed(added), added);
        throw new IllegalStateException("the state rolls back");
      }));
      assertTrue(kept(qdb), "still needed: the event is processed again");
      state.withTransaction(() -> {
        state.userVersion(1);
        log.store(processed(added), added);
        assertTrue(kept(qdb), "kept until the state commits");
      });
      assertFalse(kept(qdb), "committed: nothing kept beside the processed event");
      assertEquals(500, q.get(1L).orElseThrow().data().get("cents").asLong());
    }
  }

  private static boolean kept(DB qdb) {
    return qdb.get("SELECT ifnull(json, '') AS j FROM history WHERE v = 1").orElseThrow().getString("j").contains("asAdded");
  }

  @Test
  void aRetryThatChangesNothingRewritesTheRowAndAFailureKeepsTheDataAsAdded() {
    try (DB state = DB.file(dir.resolve("state.db")); DB qdb = DB.file(dir.resolve("queue.db"))) {
      EventQueue q = qdb.addModel(EventQueue::new);
      SqliteEventLog log = SqliteEventLog.on(q);
      log.attach(state);
      Event added = log.append("deposit", M.createObjectNode().put("cents", 5), 0);
      log.store(processed(added), added);
      Event unchanged = added.withResult(M.createObjectNode());
      log.store(unchanged, log.read(0, 1).get(0)); // a second attempt whose preprocessor changed nothing
      assertEquals(unchanged, q.get(1L).orElseThrow(), "no stale processed form is left in the row");

      Event failed = added.withError(M.createObjectNode().put("_reduce_acct", "down"));
      log.store(failed, added);
      Event row = q.get(1L).orElseThrow();
      assertEquals(5, row.data().get("cents").asLong());
      assertTrue(row.failed());
      assertFalse(qdb.get("SELECT ifnull(json, '') AS j FROM history").orElseThrow().getString("j").contains("asAdded"));
    }
  }

  @Test
  void aQueueInTheStateFileKeepsNothingBeside() {
    try (DB state = DB.file(dir.resolve("state.db"))) {
      EventQueue q = state.addModel(EventQueue::new);
      SqliteEventLog log = SqliteEventLog.on(q);
      log.attach(state);
      Event added = q.add("deposit", Map.of("cents", 5));
      log.store(processed(added), added);
      assertEquals(500, log.read(0, 1).get(0).data().get("cents").asLong(), "one commit holds both: no kept form");
      assertNull(state.get("SELECT json FROM history").orElseThrow().getString("json"));
    }
  }
}
