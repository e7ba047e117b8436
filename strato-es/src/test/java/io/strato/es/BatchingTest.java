package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.num;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several events per transaction, a savepoint per event. */
class BatchingTest {
  @TempDir Path dir;

  private static io.strato.es.spi.Reducer counter(AtomicBoolean broken) {
    return red("c", c -> {
      if (broken.get() && c.event().type().equals("bad")) {
        throw new IllegalStateException("bad event");
      }
      return ReduceResult.result().set(obj("id", "c", "n", num(c.model(), "c", "n") + 1));
    });
  }

  @Test
  void thousandQueuedEventsWithDefaultBatchSize() {
    try (EventSourcingDB es = builder(dir).reducer(counter(new AtomicBoolean())).build()) {
      es.open();
      for (int i = 0; i < 1000; i++) {
        es.queue().add("inc", null);
      }
      es.waitForQueue();
      assertEquals(1000, es.getVersion());
      assertEquals(1000, num(Es.model(es, "c"), "c", "n"));
      for (long v : new long[] {1, 500, 1000}) {
        Event e = es.queue().get(v).orElseThrow();
        assertEquals(v, e.result().path("c").path("set").get(0).path("n").asLong());
      }
      assertEquals(0, es.db().get("SELECT count(*) AS n FROM history WHERE result IS NULL").orElseThrow().getLong("n"));
    }
  }

  @Test
  void failingEventInTheMiddleOfABatch() {
    AtomicBoolean broken = new AtomicBoolean(true);
    try (EventSourcingDB es = builder(dir).maxRetries(1).reducer(counter(broken)).build()) {
      es.open();
      for (int i = 1; i <= 30; i++) {
        es.queue().add(i == 11 ? "bad" : "inc", null);
      }
      EventFailedException ex = assertThrows(EventFailedException.class, es::waitForQueue);
      assertEquals(11, ex.event().v());
      assertEquals(10, es.getVersion(), "the events before the failed one committed");
      assertEquals(10, num(Es.model(es, "c"), "c", "n"));
      assertNotNull(es.queue().get(10L).orElseThrow().result());
      assertTrue(es.queue().get(11L).orElseThrow().failed());
      assertNull(es.queue().get(12L).orElseThrow().result(), "the events after it were not processed");
      assertNull(es.queue().get(12L).orElseThrow().error());
      broken.set(false);
      es.waitForQueue();
      assertEquals(30, es.getVersion());
      assertEquals(30, num(Es.model(es, "c"), "c", "n"));
    }
  }

  @Test
  void batchSizeOne() {
    try (EventSourcingDB es = builder(dir).batchSize(1).reducer(counter(new AtomicBoolean())).build()) {
      es.open();
      for (int i = 0; i < 50; i++) {
        es.queue().add("inc", null);
      }
      es.waitForQueue();
      assertEquals(50, es.getVersion());
      assertEquals(50, num(Es.model(es, "c"), "c", "n"));
      assertEquals(51, es.dispatch("inc", null).v());
    }
    assertThrows(IllegalArgumentException.class, () -> EventSourcingDB.builder().batchSize(0));
  }
}
