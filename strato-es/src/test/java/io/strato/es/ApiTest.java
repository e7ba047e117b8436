package io.strato.es;

import static io.strato.es.Es.await;
import static io.strato.es.Es.builder;
import static io.strato.es.Es.der;
import static io.strato.es.Es.num;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.pre;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.db.StratoException;
import io.strato.es.spi.ReduceResult;
import io.strato.es.spi.Reducer;
import io.strato.queue.Event;
import io.strato.queue.EventQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public API of EventSourcingDB: dispatching, waiting, polling, files and the read side. */
class ApiTest {
  @TempDir Path dir;

  static Reducer counter() {
    return red("c", c -> c.event().type().startsWith("es/") ? null
        : ReduceResult.result().set(obj("id", "c", "n", num(c.model(), "c", "n") + 1)));
  }

  @Test
  void dbSettingsTuneTheConnectionsButNotTheFileNameOrHooks() throws Exception {
    java.util.concurrent.atomic.AtomicInteger ignoredHook = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger esHook = new java.util.concurrent.atomic.AtomicInteger();
    Path queueFile = dir.resolve("queue.db");
    try (EventSourcingDB es = builder(dir).name("tuned").queueFile(queueFile).reducer(counter())
        .onDidOpen(d -> esHook.incrementAndGet())
        .dbSettings(db -> db.busyTimeout(java.time.Duration.ofMillis(1234)).readers(1)
            .checkpointInterval(java.time.Duration.ZERO)
            .readOnly(true).name("ignored").file(dir.resolve("elsewhere.db"))
            .onDidOpen(d -> ignoredHook.incrementAndGet()))
        .build()) {
      es.dispatch("inc", null);
      assertEquals(1, es.getVersion(), "writable: readOnly from dbSettings was replaced");
      assertEquals(1234L, es.db().get("PRAGMA busy_timeout").orElseThrow().getLong("timeout"));
      assertEquals(1234L, es.queue().db().get("PRAGMA busy_timeout").orElseThrow().getLong("timeout"),
          "the queue DB gets the settings too");
      assertTrue(Files.exists(dir.resolve("es.db")) && Files.exists(queueFile));
      assertFalse(Files.exists(dir.resolve("elsewhere.db")), "the file comes from the ES builder");
      assertTrue(Thread.getAllStackTraces().keySet().stream()
          .noneMatch(t -> t.getName().startsWith("strato-db-checkpoint-")
              && (t.getName().endsWith("tuned") || t.getName().endsWith("queue.db"))),
          "checkpointInterval(ZERO) reached both DBs");
      assertEquals(1, esHook.get(), "the ES builder's hook ran");
      assertEquals(0, ignoredHook.get(), "hooks set in dbSettings are ignored");
    }
  }

  @Test
  void dispatchFromPhasesIsAnError() {
    AtomicReference<EventSourcingDB> ref = new AtomicReference<>();
    try (EventSourcingDB es = builder(dir).maxRetries(1)
        .preprocessor(pre("p", c -> {
          if (c.event().type().equals("from-pre")) {
            ref.get().dispatch("x", null);
          }
          return null;
        }))
        .reducer(red("r", c -> {
          if (c.event().type().equals("from-reduce")) {
            ref.get().dispatch("x", null);
          }
          if (c.event().type().equals("model-set-in-reduce")) {
            ESModel<ObjectNode> m = c.model();
            m.set(obj("id", "no"));
          }
          return null;
        }))
        .deriver(der("d", c -> {
          if (c.event().type().equals("from-derive")) {
            ref.get().dispatchAsync("x", null);
          }
        }))
        .build()) {
      ref.set(es);
      for (String[] t : new String[][] {{"from-pre", "_preprocess_p"}, {"from-reduce", "_reduce_r"},
          {"model-set-in-reduce", "_reduce_r"}, {"from-derive", "_apply_derive"}}) {
        es.queue().add(t[0], null);
        EventFailedException ex = assertThrows(EventFailedException.class, es::waitForQueue);
        String msg = ex.event().error().path(t[1]).asText();
        assertTrue(msg.contains(StratoException.class.getName()) && msg.contains("addEvent"), t[0] + ": " + msg);
        // skip it
        es.queue().set(ex.event().withType("skip").withError(null));
        es.waitForQueue();
      }
      assertEquals(4, es.getVersion());
      assertEquals(4, es.queue().getMaxV(), "the phases did not add events");
      es.db().withTransaction(() -> {
        assertThrows(StratoException.class, () -> es.dispatch("x", null));
      });
      assertThrows(IllegalArgumentException.class, () -> es.dispatch("", null));
      assertThrows(IllegalArgumentException.class, () -> es.dispatch(null, null));
    }
  }

  @Test
  void dispatchAsyncHandledVersionAndWaitForQueue() throws Exception {
    try (EventSourcingDB es = builder(dir).reducer(counter()).build()) {
      CompletableFuture<Event> f = es.dispatchAsync("inc", Map.of("a", 1));
      Event e = f.get(10, TimeUnit.SECONDS);
      assertEquals(1, e.v());
      assertEquals(1, e.data().path("a").asInt());
      assertEquals(1, es.getVersion());
      assertEquals(e.v(), es.handledVersion(1).v(), "already handled: returns the stored event");
      es.queue().add("inc", null);
      es.queue().add("inc", null);
      assertEquals(1, es.getVersion());
      assertEquals(2, es.handledVersion(2).v());
      es.waitForQueue();
      assertEquals(3, es.getVersion());
      es.waitForQueue(); // nothing to do
      Event ts = es.dispatch("inc", null, 12345L);
      assertEquals(12345L, ts.ts());
      assertEquals(4, num(Es.model(es, "c"), "c", "n"));
    }
  }

  @Test
  void concurrentDispatchersAllGetTheirEvent() throws Exception {
    try (EventSourcingDB es = builder(dir).reducer(counter()).build()) {
      Thread[] ts = new Thread[4];
      AtomicReference<Throwable> err = new AtomicReference<>();
      for (int i = 0; i < ts.length; i++) {
        ts[i] = new Thread(() -> {
          try {
            for (int j = 0; j < 25; j++) {
              Event e = es.dispatch("inc", null);
              assertNotNull(e.result());
            }
          } catch (Throwable t) {
            err.set(t);
          }
        });
        ts[i].start();
      }
      for (Thread t : ts) {
        t.join();
      }
      assertNull(err.get());
      assertEquals(100, es.getVersion());
      assertEquals(100, num(Es.model(es, "c"), "c", "n"));
    }
  }

  @Test
  void pollingProcessesEventsFromOtherThreadsAndInstances() throws Exception {
    try (EventSourcingDB es = builder(dir).reducer(counter()).build();
        EventSourcingDB other = builder(dir).reducer(counter()).build()) {
      es.startPolling();
      Thread t = new Thread(() -> {
        for (int i = 0; i < 5; i++) {
          es.queue().add("inc", null);
        }
      });
      t.start();
      t.join();
      await(() -> es.getVersion() == 5, "polling");
      // another instance on the same file only adds; the poller processes
      other.queue().add("inc", null);
      other.queue().add("inc", null);
      await(() -> es.getVersion() == 7, "events from another instance");
      es.stopPolling();
      es.queue().add("inc", null);
      Thread.sleep(200);
      assertEquals(7, es.getVersion(), "not polling any more");
      es.checkForEvents();
      assertEquals(8, es.getVersion());
      // the other instance sees the work as done
      assertEquals(8, other.handledVersion(8).v());
      assertEquals(8, num(Es.model(other, "c"), "c", "n"));
      assertEquals(9, other.dispatch("inc", null).v());
    }
  }

  @Test
  void closeLetsTheRunningEventFinishFailsWaitersAndReopenContinues() throws Exception {
    CountDownLatch inReducer = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean broken = new java.util.concurrent.atomic.AtomicBoolean(true);
    EventSourcingDB es = builder(dir).maxRetries(1_000_000).reducer(red("c", c -> {
      if (c.event().type().equals("slow")) {
        inReducer.countDown();
        release.await(10, TimeUnit.SECONDS);
      }
      if (c.event().type().equals("bad") && broken.get()) {
        throw new IllegalStateException("bad");
      }
      return ReduceResult.result().set(obj("id", "c", "n", num(c.model(), "c", "n") + 1));
    })).build();
    es.dispatch("inc", null);
    CompletableFuture<Event> slow = es.dispatchAsync("slow", null);
    assertTrue(inReducer.await(10, TimeUnit.SECONDS));
    Thread closer = new Thread(es::close);
    closer.start();
    Thread.sleep(50);
    assertTrue(closer.isAlive(), "close waits for the running event");
    release.countDown();
    closer.join(10_000);
    assertFalse(closer.isAlive());
    assertEquals(2, slow.get(5, TimeUnit.SECONDS).v(), "the running event finished and committed");
    assertThrows(StratoException.class, () -> es.dispatch("inc", null));

    EventSourcingDB es2 = builder(dir).maxRetries(1_000_000).reducer(red("c", c -> {
      if (c.event().type().equals("bad") && broken.get()) {
        throw new IllegalStateException("bad");
      }
      return ReduceResult.result().set(obj("id", "c", "n", num(c.model(), "c", "n") + 1));
    })).build();
    assertEquals(2, es2.getVersion());
    CompletableFuture<Event> bad = es2.dispatchAsync("bad", null);
    assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
    es2.queue().add("inc", null); // queued behind the failed event (as by another process)
    CompletableFuture<Event> refused = es2.dispatchAsync("inc", null);
    ExecutionException ex = assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
    ProcessingHaltedException halted = assertInstanceOf(ProcessingHaltedException.class, ex.getCause());
    assertEquals(3, halted.failedEvent().v());
    assertTrue(halted.queuedVersion().isEmpty(), "refused while halted: nothing added");
    es2.close();
    assertThrows(StratoException.class, () -> es2.dispatch("inc", null));

    broken.set(false);
    try (EventSourcingDB again = builder(dir).reducer(counter()).build()) {
      again.waitForQueue();
      assertEquals(4, again.getVersion());
      assertEquals(5, again.dispatch("inc", null).v());
      assertEquals(5, num(Es.model(again, "c"), "c", "n"));
    }
  }

  @Test
  void readersSeeCommittedStateAndAreNotBlocked() throws Exception {
    CountDownLatch inReducer = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EventSourcingDB es = builder(dir)
        .reducer(red("c", c -> ReduceResult.result().set(obj("id", "c", "n", num(c.model(), "c", "n") + 1))))
        .deriver(der("c", c -> {
          ESModel<ObjectNode> m = c.model();
          assertEquals(num(m, "c", "n"), c.result().items("set").get(0).path("n").asLong(), "derive sees the tx");
          if (c.event().type().equals("slow")) {
            inReducer.countDown();
            release.await(10, TimeUnit.SECONDS);
          }
        })).build()) {
      es.dispatch("inc", null);
      CompletableFuture<Event> slow = es.dispatchAsync("slow", null);
      assertTrue(inReducer.await(10, TimeUnit.SECONDS));
      // another thread reads while the event is applied but not committed
      CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> num(Es.model(es, "c"), "c", "n"));
      assertEquals(1L, read.get(5, TimeUnit.SECONDS), "sees the committed state, without waiting");
      assertEquals(1, es.getVersion());
      release.countDown();
      assertEquals(2, slow.get(10, TimeUnit.SECONDS).v());
      assertEquals(2, num(Es.model(es, "c"), "c", "n"));
    }
  }

  @Test
  void queueInItsOwnFile() {
    Path qf = dir.resolve("queue.db");
    try (EventSourcingDB es = builder(dir).queueFile(qf).reducer(counter()).build()) {
      Event e = es.dispatch("inc", null);
      assertEquals(1, e.v());
      assertEquals(2, es.dispatch("inc", null).v());
      assertEquals(2, es.getVersion());
      assertEquals(2, num(Es.model(es, "c"), "c", "n"));
      assertFalse(es.store().containsKey("history"), "the queue is not in the state file");
      assertNotNull(es.queue().get(2L).orElseThrow().result());
    }
    try (DB q = DB.file(qf)) {
      assertEquals(2, q.get("SELECT count(*) AS n FROM history WHERE result IS NOT NULL").orElseThrow().getLong("n"));
    }
    // the state DB is ahead of a fresh queue: new events continue above its version
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      try {
        Files.deleteIfExists(Path.of(qf + suffix));
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
    assertFalse(Files.exists(qf));
    try (EventSourcingDB es = builder(dir).queueFile(qf).reducer(counter()).build()) {
      Event e = es.dispatch("inc", null);
      assertEquals(3, e.v());
      assertEquals(3, es.getVersion());
      assertEquals(3, num(Es.model(es, "c"), "c", "n"));
    }
  }

  @Test
  void queuePassedIn() {
    try (DB qdb = DB.file(dir.resolve("q.db"))) {
      EventQueue q = qdb.addModel(d -> new EventQueue(d));
      try (EventSourcingDB es = builder(dir).queue(q).reducer(counter()).build()) {
        assertEquals(1, es.dispatch("inc", null).v());
        assertEquals(q, es.queue());
        assertNotNull(q.get(1L).orElseThrow().result());
        assertEquals(1, es.getVersion());
      }
    }
  }

  @Test
  void readOnlyInstanceReadsButDoesNotProcess() {
    try (EventSourcingDB es = builder(dir).reducer(counter()).build()) {
      es.dispatch("inc", null);
    }
    try (EventSourcingDB ro = builder(dir).readOnly(true).reducer(counter()).build()) {
      assertEquals(1, num(Es.model(ro, "c"), "c", "n"));
      assertEquals(1, ro.getVersion());
      assertThrows(StratoException.class, () -> ro.dispatch("inc", null));
      assertThrows(StratoException.class, ro::waitForQueue);
    }
  }

  @Test
  void listenersCanBeRemoved() throws Exception {
    try (EventSourcingDB es = builder(dir).reducer(counter()).build()) {
      List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      AutoCloseable l = es.onResult(e -> seen.add(e.v()));
      es.dispatch("inc", null);
      l.close();
      es.dispatch("inc", null);
      assertEquals(List.of(1L), seen);
      assertThrows(IllegalArgumentException.class, () -> es.onError(null));
    }
  }
}
