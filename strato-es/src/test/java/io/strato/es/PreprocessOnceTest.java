package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.pre;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.db.DB;
import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * B3 (issue "Correctness: reproduced defects in the event-sourcing core"): a preprocessor that is
 * not idempotent (dollars to cents) runs once per processing, whatever happened to an earlier
 * attempt: a rollback of the state after the processed event reached a separate queue file, a
 * process that died there, or a failure of the event itself. Replays still read the processed
 * event, so generated values replay the same.
 */
class PreprocessOnceTest {
  @TempDir Path dir;

  /** Where the history lives. */
  enum Layout {
    STATE_FILE, QUEUE_FILE
  }

  /** Deposits arrive in dollars; the preprocessor turns them into cents, which is not idempotent. */
  static EventSourcingDB.Builder bank(EventSourcingDB.Builder b, AtomicBoolean crashOnce, boolean haltOnCrash) {
    return b.preprocessor(pre("acct", c -> {
      Event e = c.event();
      if (!e.type().equals("deposit")) {
        return null;
      }
      ObjectNode d = ((ObjectNode) e.data()).deepCopy();
      d.put("cents", d.get("cents").asLong() * 100);
      return e.withData(d);
    })).reducer(red("acct", c -> {
      Event e = c.event();
      if (e.type().equals("deposit")) {
        return ReduceResult.result().set(obj("id", "a1", "cents", e.data().get("cents").asLong()));
      }
      if (e.type().equals("crash") && crashOnce.getAndSet(false)) {
        if (haltOnCrash) {
          Runtime.getRuntime().halt(9); // like kill -9: the state transaction never commits
        }
        throw new AssertionError("an Error later in the batch rolls the whole transaction back");
      }
      return null;
    }));
  }

  private EventSourcingDB.Builder layout(Layout layout) {
    EventSourcingDB.Builder b = builder(dir);
    return layout == Layout.QUEUE_FILE ? b.queueFile(dir.resolve("queue.db")) : b;
  }

  private static long cents(EventSourcingDB es) {
    return Es.num(Es.model(es, "acct"), "a1", "cents");
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void aRolledBackBatchPreprocessesTheDepositOnceMore(Layout layout) {
    AtomicBoolean crashOnce = new AtomicBoolean(true);
    try (EventSourcingDB es = bank(layout(layout), crashOnce, false).build()) {
      es.open();
      es.queue().add("deposit", Map.of("cents", 5)); // $5
      es.queue().add("crash", null);
      assertThrows(AssertionError.class, es::waitForQueue);
      assertEquals(0, es.getVersion(), "nothing of the batch committed");
      es.waitForQueue();
      assertEquals(2, es.getVersion());
      assertEquals(500, cents(es), "$5 is 500 cents, not 50000");
      assertEquals(500, es.queue().get(1L).orElseThrow().data().get("cents").asLong(), "history holds the processed event");
      String json = es.queue().db().get("SELECT ifnull(json, '') AS j FROM history WHERE v = 1").orElseThrow().getString("j");
      assertFalse(json.contains("asAdded"), "nothing is kept beside a committed event: " + json);
    }
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void historyShowsARolledBackEventAsAddedUntilItIsProcessedAgain(Layout layout) {
    AtomicBoolean crashOnce = new AtomicBoolean(true);
    try (EventSourcingDB es = bank(layout(layout), crashOnce, false).build()) {
      es.open();
      es.queue().add("deposit", Map.of("cents", 5));
      es.queue().add("crash", null);
      assertThrows(AssertionError.class, es::waitForQueue);
      Event before = es.operations().history(HistoryFilter.all()).get(0);
      assertEquals(5, before.data().get("cents").asLong(), "the preprocessing was rolled back with the state");
      assertNull(before.result(), "no result of a processing that never committed");
      es.waitForQueue();
      Event after = es.operations().history(HistoryFilter.all()).get(0);
      assertEquals(500, after.data().get("cents").asLong());
      assertNotNull(after.result());
    }
  }

  @ParameterizedTest
  @EnumSource(Layout.class)
  void aFailedEventIsRetriedFromItsDataAsAdded(Layout layout) {
    AtomicBoolean down = new AtomicBoolean(true);
    try (EventSourcingDB es = layout(layout).maxRetries(100).preprocessor(pre("acct", c -> {
      ObjectNode d = ((ObjectNode) c.event().data()).deepCopy();
      return c.event().withData(d.put("cents", d.get("cents").asLong() * 100));
    })).reducer(red("acct", c -> {
      if (down.get()) {
        throw new IllegalStateException("ledger is down");
      }
      return ReduceResult.result().set(obj("id", "a1", "cents", c.event().data().get("cents").asLong()));
    })).build()) {
      EventFailedException failed = assertThrows(EventFailedException.class, () -> es.dispatch("deposit",
          Map.of("cents", 5)));
      assertEquals(5, failed.event().data().get("cents").asLong(), "the failed event is the event as added");
      Event stored = es.queue().get(1L).orElseThrow();
      assertTrue(stored.failed(), "stored with its error: " + stored);
      assertEquals(5, stored.data().get("cents").asLong(), "stored as added, so a retry starts from it");
      down.set(false);
      assertEquals(1, es.handledVersion(1).v());
      assertEquals(500, cents(es), "$5 is 500 cents after a retry too");
    }
  }

  @Test
  void aProcessThatDiesBeforeTheStateCommitsLeavesTheDepositToBePreprocessedOnce() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        PreprocessCrashMain.class.getName(), dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child died in time");
    String log = Files.readString(dir.resolve("child.log"));
    assertEquals(9, child.exitValue(), "halted inside the batch: " + log);
    try (DB queue = DB.file(dir.resolve("queue.db"))) {
      String data = queue.get("SELECT data FROM history WHERE v = 1").orElseThrow().getString("data");
      assertTrue(data.contains("500"), "the processed deposit reached the queue file before the crash: " + data);
    }
    try (EventSourcingDB es = bank(layout(Layout.QUEUE_FILE), new AtomicBoolean(false), false).build()) {
      es.waitForQueue();
      assertEquals(2, es.getVersion());
      assertEquals(500, cents(es), "$5 is 500 cents after a crash and a restart");
    }
  }

  /**
   * A rolled-back attempt left a processed form in the queue file; the committed retry made
   * another one. A replay must read what committed (the generated token), not the event as
   * added (which would generate a new token and differ).
   */
  @Test
  void replaysReadTheCommittedProcessedEventNotTheEventAsAdded() {
    AtomicBoolean crashOnce = new AtomicBoolean(true);
    try (EventSourcingDB es = layout(Layout.QUEUE_FILE).preprocessor(pre("acct", c -> {
      ObjectNode d = ((ObjectNode) c.event().data()).deepCopy();
      return d.has("token") ? null : c.event().withData(d.put("token", UUID.randomUUID().toString()));
    })).reducer(red("acct", c -> {
      if (c.event().type().equals("crash") && crashOnce.getAndSet(false)) {
        throw new AssertionError("roll back");
      }
      return c.event().type().equals("open") ? ReduceResult.result().set(obj("id", "a1", "token",
          c.event().data().get("token").asText())) : null;
    })).build()) {
      es.open();
      es.queue().add("open", Map.of("owner", "Zoë"));
      es.queue().add("crash", Map.of("owner", "Zoë"));
      assertThrows(AssertionError.class, es::waitForQueue);
      es.waitForQueue();
      String token = Es.model(es, "acct").get("a1").orElseThrow().get("token").asText();
      assertEquals(token, es.queue().get(1L).orElseThrow().data().get("token").asText());
      assertTrue(es.operations().verify().clean(), "the replay reads the committed token");
      Path copy = dir.resolve("replayed.db");
      es.operations().replayInto(copy);
      try (DB replayed = DB.file(copy)) {
        assertTrue(replayed.get("SELECT json FROM acct").orElseThrow().getString("json").contains(token));
      }
    }
  }

  /**
   * Files written before the as-added form existed (a queue file whose rows hold only the
   * processed event) open and carry on: the processed event stays as it is, the next one is
   * preprocessed once, and nothing in the old rows is rewritten.
   */
  @Test
  void aQueueFileOfTheOldLayoutOpensAndCarriesOn() {
    AtomicBoolean never = new AtomicBoolean(false);
    try (EventSourcingDB es = bank(layout(Layout.QUEUE_FILE), never, false).build()) {
      es.dispatch("deposit", Map.of("cents", 5));
    }
    try (DB queue = DB.file(dir.resolve("queue.db"))) {
      // what earlier versions wrote: the processed event only
      queue.run("UPDATE history SET json = NULL");
      queue.run("INSERT INTO history(v, type, ts, data, size) VALUES (2, 'deposit', 1767225600000, '{\"cents\":7}', 0)");
    }
    try (EventSourcingDB es = bank(layout(Layout.QUEUE_FILE), never, false).build()) {
      es.waitForQueue();
      assertEquals(2, es.getVersion());
      assertEquals(700, cents(es), "the event left queued by the old version is preprocessed once");
      Event first = es.queue().get(1L).orElseThrow();
      assertEquals(500, first.data().get("cents").asLong(), "the old processed event is read as it is");
      assertFalse(first.failed());
    }
  }
}
