package io.strato.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.ESModel;
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
    ExampleApp.run(file, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runsTwiceAndContinuesFromStoredState() {
    Path file = dir.resolve("ledger.db");
    String first = runApp(file);
    assertTrue(first.startsWith("Started a new ledger"), first);
    assertTrue(first.contains("alice    Alice       EUR 70.60"), first);
    assertTrue(first.contains("total money EUR 150.00 in 3 accounts; 4 transfers moved EUR 42.85"), first);
    assertTrue(first.contains("page 2 of 4:"), first);
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
      List<Event> history = es.queue().all();
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
