package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessingListenerTest {
  @TempDir Path dir;

  /** Records every call. */
  static final class Recorder implements ProcessingListener {
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final List<Long> processed = new CopyOnWriteArrayList<>();
    final List<String> failed = new CopyOnWriteArrayList<>();
    final List<Long> lags = new CopyOnWriteArrayList<>();
    volatile boolean sawTransaction;
    EventSourcingDB es;

    @Override
    public void batchCommitted(int events, long nanos) {
      assertTrue(nanos > 0);
      batches.add(events);
    }

    @Override
    public void eventProcessed(Event event, long nanos) {
      assertTrue(nanos > 0);
      sawTransaction |= es.db().inTransaction();
      processed.add(event.v());
    }

    @Override
    public void eventFailed(Event event, int attempt, Duration nextRetry, boolean stopped) {
      failed.add(event.v() + "#" + attempt + ":" + (nextRetry == null ? "none" : "later") + ":" + stopped);
    }

    @Override
    public void lagChanged(long behind) {
      lags.add(behind);
    }
  }

  @Test
  void toldAfterCommitAboutBatchesEventsFailuresAndLag() {
    Recorder rec = new Recorder();
    AtomicInteger throwing = new AtomicInteger();
    try (EventSourcingDB es = builder(dir).maxRetries(2).listener(rec)
        .listener(new ProcessingListener() {
          @Override
          public void eventProcessed(Event event, long nanos) {
            throwing.incrementAndGet();
            throw new IllegalStateException("a broken listener");
          }
        })
        .reducer(red("c", c -> {
          if (c.event().type().equals("bad")) {
            throw new IllegalStateException("bad");
          }
          return c.event().type().equals("no") ? ReduceResult.reject("no") : ReduceResult.result().set(obj("id", "c"));
        })).build()) {
      rec.es = es;
      es.dispatch("a", null);
      es.dispatch("b", null);
      assertThrows(EventRejectedException.class, () -> es.dispatch("no", null));
      es.queue().add("x", null);
      es.queue().add("y", null);
      es.waitForQueue();
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), rec.processed, "rejected events are processed too");
      assertEquals(5, rec.batches.stream().mapToInt(Integer::intValue).sum());
      assertTrue(rec.batches.contains(2), "x and y in one batch: " + rec.batches);
      assertFalse(rec.sawTransaction, "never inside the transaction");
      assertEquals(5, throwing.get(), "a throwing listener is called and ignored");
      assertEquals(0L, rec.lags.get(rec.lags.size() - 1));

      assertThrows(EventFailedException.class, () -> es.dispatch("bad", null));
      assertEquals(List.of("6#1:later:false"), rec.failed);
      assertThrows(EventFailedException.class, () -> es.handledVersion(6));
      assertEquals("6#2:none:true", rec.failed.get(1), "the last attempt says retries stopped");
      assertNull(es.queue().get(6L).orElseThrow().result());
    }
  }
}
