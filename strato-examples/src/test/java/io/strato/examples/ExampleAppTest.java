package io.strato.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.ESModel;
import io.strato.es.EventRejectedException;
import io.strato.es.EventSourcingDB;
import io.strato.examples.snippets.DbQuickStart;
import io.strato.examples.snippets.EsQuickStart;
import io.strato.examples.snippets.JsonModelQuickStart;
import io.strato.examples.snippets.QueueQuickStart;
import io.strato.queue.Event;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleAppTest {
  @TempDir Path dir;

  private static String runApp(Path file) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    lastRun = ExampleApp.run(file, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static long lastRun;

  @Test
  void runsTenTimesOnOneFileRejectingOverdraftsWithoutHalting() {
    Path file = dir.resolve("ten.db");
    int rejectedLines = 0;
    for (int i = 1; i <= 10; i++) {
      String out = runApp(file);
      assertEquals(i, lastRun, out);
      assertFalse(out.contains("cannot go on"), out);
      if (i > 1) {
        assertTrue(out.contains("(run " + i + ")"), out);
      }
      rejectedLines += (int) out.lines().filter(l -> l.contains("rejected (event")).count();
    }
    assertTrue(out4Rejects(file) > 0 && rejectedLines > 0, "later runs overdraw alice: " + rejectedLines);
    try (EventSourcingDB es = EventSourcingDB.builder().file(file).discoverModels().build()) {
      ESModel<ObjectNode> accounts = es.esModel("accounts");
      assertEquals(150_00, accounts.all().stream().mapToLong(a -> a.path("balance").asLong()).sum());
      assertTrue(accounts.all().stream().allMatch(a -> a.path("balance").asLong() >= 0), "no overdraft applied");
      assertEquals(es.queue().getMaxV(), es.getVersion(), "nothing left unprocessed");
      assertTrue(es.queue().searchAll(Map.of()).stream().noneMatch(Event::failed), "no failed event");
    }
  }

  private static long out4Rejects(Path file) {
    try (EventSourcingDB es = EventSourcingDB.builder().file(file).discoverModels().build()) {
      return es.queue().searchAll(Map.of()).stream().filter(e -> EventRejectedException.reasonOf(e)
          .filter(r -> r.equals("insufficient funds in alice")).isPresent()).count();
    }
  }

  @Test
  void aHaltedLedgerIsExplainedAtOnceAndNothingIsAdded() {
    Path file = dir.resolve("halted.db");
    runApp(file);
    long maxV;
    try (EventSourcingDB es = EventSourcingDB.builder().file(file).discoverModels().build()) {
      // What an older version left: an event the current code cannot process (no cents: the
      // reducer throws), stored in the history.
      es.queue().add("money/transferred", Map.of("from", "alice", "to", "bob"));
      maxV = es.queue().getMaxV();
    }
    long t0 = System.nanoTime();
    String out = runApp(file);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(-1, lastRun, out);
    assertTrue(out.contains("event " + maxV + " (money/transferred) in its history failed"), out);
    assertTrue(out.contains("To start over, delete " + file), out);
    assertTrue(millis < 20_000, "no retry cycle: " + millis + " ms");
    try (EventSourcingDB es = EventSourcingDB.builder().file(file).discoverModels().readOnly(true).build()) {
      assertEquals(maxV, es.queue().getMaxV(), "the halted run added nothing");
    }
  }

  @Test
  void runsTwiceAndContinuesFromStoredState() {
    Path file = dir.resolve("ledger.db");
    String first = runApp(file);
    assertTrue(first.startsWith("Started a new ledger"), first);
    assertTrue(first.contains("alice    Alice       EUR 70.60"), first);
    assertTrue(first.contains("total money EUR 150.00 in 3 accounts; 4 transfers moved EUR 42.85"), first);
    assertTrue(first.contains("page 1: transfers 1-3 of 4:"), first);
    assertTrue(first.contains("page 2: transfers 4-4 of 4:"), first);
    assertTrue(first.contains("   2  account/opened     accounts (+1 sub-event)"), first);

    String second = runApp(file);
    assertTrue(second.startsWith("Continuing from stored state in " + file + " at version 8 (run 2)"), second);
    assertTrue(second.contains("alice    Alice       EUR 41.20"), second);
    assertTrue(second.contains("total money EUR 150.00 in 3 accounts; 8 transfers moved EUR 85.70"), second);

    try (EventSourcingDB es = EventSourcingDB.builder().file(file).discoverModels().build()) {
      assertEquals(13, es.getVersion());
      @SuppressWarnings("unchecked")
      ESModel<ObjectNode> accounts = es.model("accounts", ESModel.class);
      long total = accounts.all().stream().mapToLong(a -> a.path("balance").asLong()).sum();
      assertEquals(150_00, total, "money is neither created nor destroyed by transfers");
      List<Event> history = es.queue().searchAll(Map.of());
      assertEquals(13, history.size());
      for (Event e : history) {
        assertTrue(!e.failed(), "event " + e.v() + " failed: " + e.error());
      }
      Event transfer = es.queue().get(5L).orElseThrow();
      assertEquals("money/transferred", transfer.type(), "the preprocessor canonicalised the type");
      assertEquals(1250, transfer.data().path("cents").asLong());
      assertEquals(2, es.queue().count(Map.of("type", "ledger/run")));
    }
  }

  @Test
  void readmeSnippetsWork() {
    assertEquals("hello, world", DbQuickStart.run(dir.resolve("db.db")));
    assertEquals(List.of("Ken", "Linus"), JsonModelQuickStart.run(dir.resolve("jm.db")));
    assertEquals("order/shipped", QueueQuickStart.run(dir.resolve("q.db")));
    assertEquals(5, EsQuickStart.run(dir.resolve("es.db")));
  }
}
