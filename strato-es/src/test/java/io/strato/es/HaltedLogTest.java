package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.es.spi.ReduceResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fail fast on a halted log: with the default back-off (1 s doubling to 30 s, 10 attempts) a
 * caller used to sit through the retry cycle (about 150 s); now it learns within a second.
 */
class HaltedLogTest {
  @TempDir Path dir;
  private static final long TWO_SECONDS = TimeUnit.SECONDS.toNanos(2);

  private static final IllegalStateException BOOM = new IllegalStateException("the reducer is broken");

  /** Default retry settings; "bad" events always fail with {@link #BOOM}. */
  private EventSourcingDB.Builder broken() {
    return builder(dir).reducer(red("c", c -> {
      if (c.event().type().equals("bad")) {
        throw BOOM;
      }
      return ReduceResult.result().set(obj("id", c.event().type()));
    }));
  }

  @Test
  void dispatchOnAHaltedLogFailsFastNamesTheFailedEventAndAddsNothing() {
    try (EventSourcingDB es = broken().build()) {
      es.dispatch("ok", null);
      EventFailedException failed = assertThrows(EventFailedException.class, () -> es.dispatch("bad", null));
      assertFalse(failed instanceof ProcessingHaltedException, "its own caller learns that its event failed");
      assertSame(BOOM, failed.getCause(), "the original exception, not a copy");
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        ProcessingHaltedException h = assertThrows(ProcessingHaltedException.class, () -> es.dispatch("ok", null));
        assertTrue(System.nanoTime() - t0 < TWO_SECONDS, "within 2 s, not after the back-off");
        assertEquals(2, h.failedEvent().v());
        assertEquals("bad", h.failedEvent().type());
        assertTrue(h.getMessage().contains("halted at failed event 2 (bad): _reduce_c: "), h.getMessage());
        assertTrue(h.getMessage().contains("the reducer is broken"), h.getMessage());
        assertTrue(h.getMessage().contains("the new event was not added"), h.getMessage());
        assertTrue(h.getMessage().contains("replace event 2"), "says how to fix it: " + h.getMessage());
        assertTrue(h.queuedVersion().isEmpty());
        assertSame(BOOM, h.getCause());
      }
      assertEquals(2, es.queue().getMaxV(), "nothing was added");
      assertEquals(1, es.getVersion());
    }
  }

  @Test
  void waitForQueueAndHandledVersionFailFastBehindAFailedEvent() {
    try (EventSourcingDB es = broken().build()) {
      es.queue().add("bad", null);
      es.queue().add("ok", null); // queued behind it, e.g. by another process
      long t0 = System.nanoTime();
      EventFailedException e = assertThrows(EventFailedException.class, es::waitForQueue);
      assertTrue(System.nanoTime() - t0 < TWO_SECONDS, "within 2 s");
      ProcessingHaltedException h = assertInstanceOf(ProcessingHaltedException.class, e);
      assertEquals(1, h.failedEvent().v());
      assertEquals(2, h.queuedVersion().orElseThrow(), "event 2 stays queued");
      assertTrue(h.getMessage().contains("event 2 stays queued"), h.getMessage());

      t0 = System.nanoTime();
      ProcessingHaltedException h2 = assertThrows(ProcessingHaltedException.class, () -> es.handledVersion(2));
      assertTrue(System.nanoTime() - t0 < TWO_SECONDS, "within 2 s");
      assertEquals(1, h2.failedEvent().v());
      assertEquals(0, es.getVersion());
    }
  }

  @Test
  void aFreshProcessFindsAHaltedLogWithoutAddingBehindIt() {
    try (EventSourcingDB es = broken().build()) {
      es.dispatch("ok", null);
      assertThrows(EventFailedException.class, () -> es.dispatch("bad", null));
    }
    try (EventSourcingDB es = broken().build()) {
      long t0 = System.nanoTime();
      ProcessingHaltedException h = assertThrows(ProcessingHaltedException.class, () -> es.dispatch("ok", null));
      assertTrue(System.nanoTime() - t0 < TWO_SECONDS, "within 2 s");
      assertEquals(2, h.failedEvent().v());
      assertTrue(h.queuedVersion().isEmpty());
      assertEquals(2, es.queue().getMaxV(), "the new run added nothing behind the failed event");
    }
  }

  @Test
  void fixingTheCodeLetsTheNextDispatchGoOn() {
    AtomicReference<Boolean> broken = new AtomicReference<>(true);
    try (EventSourcingDB es = builder(dir).maxRetries(1).reducer(red("c", c -> {
      if (broken.get() && c.event().type().equals("bad")) {
        throw new IllegalStateException("not yet");
      }
      return ReduceResult.result().set(obj("id", c.event().type()));
    })).build()) {
      assertThrows(EventFailedException.class, () -> es.dispatch("bad", null)); // exhausted at once
      assertThrows(ProcessingHaltedException.class, () -> es.dispatch("ok", null));
      broken.set(false);
      // The retries were exhausted: the next dispatch restarts them (SPEC §4), so it goes on.
      assertEquals(2, es.dispatch("ok", Map.of()).v());
      assertEquals(2, es.getVersion());
    }
  }
}
