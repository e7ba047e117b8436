package io.strato.queue;

import static io.strato.queue.QueueTestSupport.json;
import static io.strato.queue.QueueTestSupport.queue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.queue.QueueTestSupport.QueryCounter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GetMaxVTest {
  @TempDir Path dir;

  private static QueryCounter maxCounter(DB db) {
    QueryCounter c = new QueryCounter(sql -> sql.toUpperCase().contains("MAX(V)"));
    db.addListener(c);
    return c;
  }

  @Test
  void emptyAndAfterAdds() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      assertEquals(0, q.getMaxV());
      q.add("a", null);
      q.add("b", null);
      assertEquals(2, q.getMaxV());
    }
  }

  @Test
  void cachedUntilSomethingChanges() {
    try (DB db = DB.file(dir.resolve("q.db"))) {
      EventQueue q = queue(db);
      q.add("a", null);
      q.add("b", null);
      QueryCounter max = maxCounter(db);
      assertEquals(2, q.getMaxV());
      int afterFirst = max.count.get();
      assertTrue(afterFirst <= 1, "at most one SELECT MAX for the first call: " + afterFirst);
      for (int i = 0; i < 10; i++) {
        assertEquals(2, q.getMaxV());
      }
      assertEquals(afterFirst, max.count.get(), "repeated calls without writes must not query");
      // own add: the new version is known at once
      q.add("c", null);
      assertEquals(3, q.getMaxV());
      // own set keeps the answer right
      Event e = q.get(3L).orElseThrow();
      q.set(e.withResult((ObjectNode) json("{\"m\":1}")));
      assertEquals(3, q.getMaxV());
      int settled = max.count.get();
      for (int i = 0; i < 5; i++) {
        assertEquals(3, q.getMaxV());
      }
      assertEquals(settled, max.count.get(), "cached again after the writes");
    }
  }

  @Test
  void inMemoryCacheAlsoHolds() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      q.add("a", null);
      QueryCounter max = maxCounter(db);
      assertEquals(1, q.getMaxV());
      int first = max.count.get();
      for (int i = 0; i < 5; i++) {
        assertEquals(1, q.getMaxV());
      }
      assertEquals(first, max.count.get());
    }
  }

  @Test
  void refreshedAfterCommitByAnotherDbObject() {
    Path file = dir.resolve("shared.db");
    try (DB db1 = DB.file(file); DB db2 = DB.file(file)) {
      EventQueue q1 = queue(db1);
      EventQueue q2 = queue(db2);
      q1.add("a", null);
      assertEquals(1, q1.getMaxV());
      assertEquals(1, q2.getMaxV());
      q2.add("b", null);
      q2.add("c", null);
      assertEquals(3, q1.getMaxV(), "sees the other connection's commit");
      db2.withTransaction(() -> {
        q2.add("d", null);
        assertEquals(3, q1.getMaxV(), "uncommitted add of another connection is not visible");
      });
      assertEquals(4, q1.getMaxV());
      // a raw insert through the other DB object is noticed too
      db2.run("INSERT INTO history(type, ts) VALUES ('raw', 1)");
      assertEquals(5, q1.getMaxV());
    }
  }

  @Test
  void neverBelowKnownV() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      q.add("a", null);
      q.setKnownV(50);
      assertEquals(50, q.getMaxV());
      q.setKnownV(10); // never lowers
      assertEquals(50, q.getMaxV());
      assertEquals(51, q.add("b", null).v());
      assertEquals(51, q.getMaxV());
    }
  }

  @Test
  void rolledBackAddDoesNotRaiseMaxV() {
    try (DB db = DB.memory()) {
      EventQueue q = queue(db);
      q.add("a", null);
      assertThrows(IllegalStateException.class, () -> db.withTransaction(() -> {
        assertEquals(2, q.add("b", null).v());
        assertEquals(2, q.getMaxV(), "own uncommitted add is visible inside the transaction");
        throw new IllegalStateException("rollback");
      }));
      assertEquals(1, q.getMaxV());
      assertEquals(2, q.add("c", null).v());
    }
  }

  @Test
  void rolledBackAddOnFile() {
    try (DB db = DB.file(dir.resolve("rb.db"))) {
      EventQueue q = queue(db);
      q.add("a", null);
      assertThrows(IllegalStateException.class, () -> db.withTransaction(() -> {
        q.add("b", null);
        throw new IllegalStateException("rollback");
      }));
      assertEquals(1, q.getMaxV());
      assertTrue(q.getNext(1, true).isEmpty());
    }
  }

  @Test
  void otherThreadsDoNotSeeUncommittedAdds() throws Exception {
    try (DB db = DB.file(dir.resolve("tx.db"))) {
      EventQueue q = queue(db);
      q.add("a", null);
      assertEquals(1, q.getMaxV());
      db.withTransaction(() -> {
        q.add("b", null);
        java.util.concurrent.CompletableFuture<Long> other =
            java.util.concurrent.CompletableFuture.supplyAsync(q::getMaxV);
        assertEquals(1L, other.get(5, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(2, q.getMaxV());
      });
      assertEquals(2L, java.util.concurrent.CompletableFuture.supplyAsync(q::getMaxV)
          .get(5, java.util.concurrent.TimeUnit.SECONDS));
    }
  }
}
