package io.strato.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.strato.db.DB;
import io.strato.db.TxRunnable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** B16: the in-memory head-version cache never goes stale (concurrent adds, set, remove, transactions). */
class MaxVCacheTest {
  @Test
  void aConcurrentAddNeverLeavesAStaleHead() throws Exception {
    try (DB db = DB.memory()) {
      EventQueue q = db.addModel(EventQueue::new);
      q.add("seed", null);
      ExecutorService ex = Executors.newFixedThreadPool(2);
      try {
        int stale = 0;
        for (int i = 0; i < 20_000; i++) { // the race showed in ~16 of 20,000 before the fix
          q.remove(999_999_999L); // empties the cache
          CountDownLatch go = new CountDownLatch(1);
          Future<?> reader = ex.submit(() -> {
            go.await();
            for (int k = 0; k < 3; k++) {
              q.getMaxV();
            }
            return null;
          });
          Future<?> writer = ex.submit(() -> {
            go.await();
            q.add("e", null);
            return null;
          });
          go.countDown();
          reader.get(10, TimeUnit.SECONDS);
          writer.get(10, TimeUnit.SECONDS);
          long real = db.get("SELECT MAX(v) AS v FROM history").orElseThrow().getLong("v");
          if (q.getMaxV() != real) {
            stale++;
          }
        }
        assertEquals(0, stale, "stale getMaxV() after an add returned");
      } finally {
        ex.shutdown();
      }
    }
  }

  @Test
  void setAndRemoveKeepTheHeadAndWakeWaiters() throws Exception {
    try (DB db = DB.memory()) {
      EventQueue q = db.addModel(EventQueue::new);
      q.add("a", null);
      q.add("b", null);
      assertEquals(2, q.getMaxV());
      // a waiter is woken by a set that stores a version above the head
      CompletableFuture<Optional<Event>> waiter = CompletableFuture.supplyAsync(() -> q.getNext(2, false));
      Thread.sleep(50);
      q.set(new Event(50, "stored", 7, null, null, null, null, null));
      assertEquals(50, waiter.get(500, TimeUnit.MILLISECONDS).orElseThrow().v(), "woken before the 1 s poll");
      assertEquals(50, q.getMaxV(), "a set that stores a new version raises the head");
      q.remove(50);
      assertEquals(2, q.getMaxV(), "removing the head lowers it");
      assertEquals(Optional.empty(), q.getNext(2, true));
    }
  }

  @Test
  void writesInsideARolledBackTransactionLeaveNoHead() {
    try (DB db = DB.memory()) {
      EventQueue q = db.addModel(EventQueue::new);
      q.add("a", null);
      assertThrows(IllegalStateException.class, () -> db.withTransaction((TxRunnable) () -> {
        q.add("b", null);
        q.set(new Event(9, "stored", 7, null, null, null, null, null));
        assertEquals(9, q.getMaxV(), "the writing thread sees its own writes");
        throw new IllegalStateException("roll back");
      }));
      assertEquals(1, q.getMaxV());
      db.withTransaction(() -> {
        q.set(new Event(9, "stored", 7, null, null, null, null, null));
        q.remove(1);
      });
      assertEquals(9, q.getMaxV(), "committed rewrites are seen after the commit");
      assertEquals(9, q.getNext(0, true).orElseThrow().v());
    }
  }

  @Test
  void anAddUndoneByARolledBackSavepointIsNotTheHeadAfterTheCommit() {
    try (DB db = DB.memory()) {
      EventQueue q = db.addModel(EventQueue::new);
      q.add("a", null);
      assertEquals(1, q.getMaxV()); // cached
      db.withTransaction(() -> {
        q.add("b", null); // v2, kept
        assertThrows(IllegalStateException.class, () -> db.withSavepoint(() -> {
          q.add("c", null); // v3, undone
          throw new IllegalStateException("undo c");
        }));
      });
      long real = db.get("SELECT max(v) AS m FROM history").orElseThrow().getLong("m");
      assertEquals(2, real);
      assertEquals(2, q.getMaxV(), "B10: the head is what the committed table holds");
      assertEquals(Optional.empty(), q.getNext(2, true));
      assertEquals(3, q.add("d", null).v());
      assertEquals(3, q.getMaxV());
    }
  }

  @Test
  void removeBelowPrunesAndVersionsAreNotReused() {
    try (DB db = DB.memory()) {
      EventQueue q = db.addModel(EventQueue::new);
      for (int i = 0; i < 5; i++) {
        q.add("e", Map.of("i", i));
      }
      assertEquals(3, q.removeBelow(4));
      assertEquals(List.of(4L, 5L), q.searchAll(Map.of()).stream().map(Event::v).toList());
      assertEquals(5, q.getMaxV());
      assertEquals(6, q.add("next", null).v());
    }
  }
}
