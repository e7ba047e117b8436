package io.strato.es.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.es.ESModel;
import io.strato.es.EventRejectedException;
import io.strato.es.EventSourcingDB;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One node: an EventSourcingDB on the PostgreSQL log with its records in the state file. */
class SingleNodeTest {
  @TempDir Path dir;
  String schema;

  @BeforeEach
  void setUp() {
    PgTestSupport.requireServer();
    schema = PgTestSupport.newSchema();
  }

  @AfterEach
  void tearDown() {
    PgTestSupport.dropSchema(schema);
  }

  @SuppressWarnings("unchecked")
  private static long n(EventSourcingDB es, String model, String id) {
    ESModel<ObjectNode> m = es.model(model, ESModel.class);
    return m.get(id).map(o -> o.path("n").asLong()).orElse(-1L);
  }

  @Test
  void dispatchesAndProcessesEndToEnd() throws Exception {
    try (PostgresEventLog log = PgTestSupport.log(schema)) {
      SqliteProcessedRecords records = new SqliteProcessedRecords(log);
      try (EventSourcingDB es = TestApp.builder(dir.resolve("state.db")).eventLog(log).processedRecords(records)
          .build()) {
        Event e = es.dispatch("inc", TestApp.inc("a", 2));
        assertEquals(1, e.v());
        assertEquals(2, e.result().path("acct").path("set").get(0).path("n").asInt());
        assertEquals("audit", e.events().get(0).type(), "the sub-event is in the record");
        assertEquals(3, es.dispatch("inc", TestApp.inc("a", 1)).result().path("acct").path("set").get(0).path("n")
            .asInt());
        assertEquals(3, n(es, "acct", "a"));
        assertEquals(2, n(es, "tally", "total"), "the deriver ran per main event");
        assertEquals(2, es.getVersion());
        assertEquals(e.result().toString(), records.local(1).orElseThrow().result().toString(), "the record is in the state file");
        assertEquals(2, log.head());
        assertTrue(log.get(1).orElseThrow().result() == null, "the shared log holds what was asked only");

        EventRejectedException rj = assertThrows(EventRejectedException.class, () -> es.dispatch("nope", null));
        assertEquals(3, rj.event().v());
        assertEquals(3, es.getVersion(), "a rejected event is processed");

        // an event appended by someone else (another node) is processed by polling
        es.startPolling();
        Event other = log.append("inc", TestApp.inc("b", 5), 0);
        long t0 = System.nanoTime();
        while (es.getVersion() < other.v() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20)) {
          Thread.sleep(20);
        }
        assertEquals(other.v(), es.getVersion());
        assertEquals(5, n(es, "acct", "b"));
        assertEquals(5, es.dispatchAsync("inc", TestApp.inc("b", 1)).get(20, TimeUnit.SECONDS).v());
      }
      // reopening the state file keeps the records and the version
      try (EventSourcingDB es = TestApp.builder(dir.resolve("state.db")).eventLog(log)
          .processedRecords(new SqliteProcessedRecords(log)).build()) {
        assertEquals(5, es.getVersion());
        assertEquals(6, n(es, "acct", "b"));
        assertEquals(6, es.dispatch("inc", TestApp.inc("b", 1)).v());
      }
    }
  }

  @Test
  void aStateFileBehindTheLogCatchesUp() {
    try (PostgresEventLog log = PgTestSupport.log(schema)) {
      for (int i = 0; i < 20; i++) {
        log.append("inc", TestApp.inc("a", 1), 0);
      }
      try (EventSourcingDB es = TestApp.builder(dir.resolve("state.db")).eventLog(log)
          .processedRecords(new SqliteProcessedRecords(log)).batchSize(7).build()) {
        es.waitForQueue();
        assertEquals(20, es.getVersion());
        assertEquals(20, n(es, "acct", "a"));
      }
    }
  }
}
