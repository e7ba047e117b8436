package io.strato.es.internal.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.strato.db.DB;
import io.strato.queue.Event;
import org.junit.jupiter.api.Test;

/** A failed event leaves nothing behind in its savepoint; a processed one keeps its changes; the outer transaction goes on. */
class SavepointsTest {
  private static final Event OK = new Event(1, "ok", 1, null, null, null, null, null);
  private static final Event FAILED = OK.withError(JsonNodeFactory.instance.objectNode().put("_reduce_m", "boom"));

  @Test
  void onlyTheFailedEventsChangesRollBack() {
    try (DB db = DB.memory()) {
      db.exec("CREATE TABLE t(x)");
      db.withTransaction(() -> {
        db.run("INSERT INTO t VALUES ('before')");
        Event kept = Savepoints.run(db, () -> {
          db.run("INSERT INTO t VALUES ('processed')");
          return OK;
        });
        Event failed = Savepoints.run(db, () -> {
          db.run("INSERT INTO t VALUES ('failed')");
          return FAILED;
        });
        assertSame(OK, kept);
        assertSame(FAILED, failed, "the failed event comes back to be stored");
        db.run("INSERT INTO t VALUES ('after')");
      });
      assertEquals("before,processed,after", db.get("SELECT group_concat(x) AS xs FROM (SELECT x FROM t ORDER BY rowid)")
          .orElseThrow().getString("xs"));
    }
  }
}
