package io.strato.es;

import static io.strato.es.Es.builder;
import static io.strato.es.Es.obj;
import static io.strato.es.Es.red;
import static io.strato.es.Es.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.es.spi.ReduceResult;
import io.strato.queue.Event;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges of one event's cycle: exactly maxDepth levels of sub-events are fine and one more
 * fails (for transactor dispatches too), a failed sub-event names its path, the exception a
 * phase threw is the failure's cause, and the last version SQLite can hold is usable.
 */
class PipelineEdgesTest {
  @TempDir Path dir;

  /** "down-n" queues "down-(n-1)" from its reducer until 0. */
  private static io.strato.es.spi.Reducer chain() {
    return red("c", c -> {
      String t = c.event().type();
      if (t.startsWith("down-")) {
        int n = Integer.parseInt(t.substring(5));
        if (n > 0) {
          c.addEvent("down-" + (n - 1), null);
        }
      }
      return ReduceResult.result().set(obj("id", t));
    });
  }

  private static int depth(Event e) {
    int d = 0;
    while (e.events() != null && !e.events().isEmpty()) {
      e = e.events().get(0);
      d++;
    }
    return d;
  }

  @Test
  void exactlyMaxDepthLevelsOfSubEventsAreFine() {
    try (EventSourcingDB es = builder(dir).maxDepth(3).maxRetries(1).reducer(chain()).build()) {
      Event ok = es.dispatch("down-3", null);
      assertEquals(3, depth(ok), "three levels below the main event");
      EventFailedException e = assertThrows(EventFailedException.class, () -> es.dispatch("down-4", null));
      String msg = e.event().error().path("_handle").asText();
      assertTrue(msg.startsWith(".down-3.down-2.down-1.down-0: _handle: sub-events nested deeper than 3"), msg);
    }
  }

  @Test
  void transactorDispatchesCountTowardsMaxDepth() {
    try (EventSourcingDB es = builder(dir).maxDepth(5).maxRetries(1)
        .transactor(tx("c", c -> c.dispatch("again", null))).build()) {
      EventFailedException e = assertThrows(EventFailedException.class, () -> es.dispatch("again", null));
      String text = e.event().error().toString();
      assertTrue(text.contains("nested deeper than 5"), "an endless transactor dispatch ends at maxDepth: " + text);
      assertEquals(0, es.getVersion());
    }
  }

  @Test
  void aFailedSubEventNamesItsPathAndTheInnermostError() {
    try (EventSourcingDB es = builder(dir).maxRetries(1).reducer(red("c", c -> {
      switch (c.event().type()) {
        case "top" -> c.addEvent("mid", null);
        case "mid" -> c.addEvent("leaf", null);
        case "leaf" -> throw new IllegalStateException("leaf broke");
        default -> { }
      }
      return ReduceResult.result().set(obj("id", c.event().type()));
    })).build()) {
      Event failed = assertThrows(EventFailedException.class, () -> es.dispatch("top", null)).event();
      String msg = failed.error().path("_handle").asText();
      assertTrue(msg.startsWith(".mid.leaf: _reduce_c: leaf broke"), msg);
      assertEquals(1, failed.error().size());
    }
  }

  @Test
  void aSubEventQueuedByATransactorThatFailsFailsItsParent() {
    try (EventSourcingDB es = builder(dir).maxRetries(1)
        .reducer(red("c", c -> {
          if (c.event().type().equals("bad-sub")) {
            throw new IllegalStateException("the sub-event broke");
          }
          return ReduceResult.result().set(obj("id", c.event().type()));
        }))
        .transactor(tx("c", c -> {
          if (c.event().type().equals("main")) {
            c.addEvent("bad-sub", null);
          }
        })).build()) {
      Event failed = assertThrows(EventFailedException.class, () -> es.dispatch("main", null)).event();
      assertTrue(failed.error().path("_handle").asText().startsWith(".bad-sub: _reduce_c: the sub-event broke"),
          failed.error().toString());
      assertEquals(0, es.getVersion());
      assertTrue(Es.model(es, "c").get("main").isEmpty(), "the parent's changes rolled back");
    }
  }

  @Test
  void theExceptionAPhaseThrewIsTheCause() {
    AtomicReference<RuntimeException> thrown = new AtomicReference<>();
    try (EventSourcingDB es = builder(dir).maxRetries(1).transactor(tx("c", c -> {
      RuntimeException ex = new IllegalStateException("the payment service said no");
      thrown.set(ex);
      throw ex;
    })).build()) {
      EventFailedException e = assertThrows(EventFailedException.class, () -> es.dispatch("pay", null));
      assertSame(thrown.get(), e.getCause(), "the transactor's own exception");
      assertTrue(e.event().error().path("_transact_c").asText().contains("the payment service said no"));
    }
  }

  @Test
  void theLastVersionSqliteHoldsIsApplied() {
    try (EventSourcingDB es = builder(dir).reducer(red("c", c -> ReduceResult.result().set(obj("id", "c"))))
        .build()) {
      es.queue().setKnownV(Integer.MAX_VALUE - 1);
      Event e = es.dispatch("x", null);
      assertEquals(Integer.MAX_VALUE, e.v());
      assertNull(e.error());
      assertEquals(Integer.MAX_VALUE, es.getVersion());
    }
  }
}
