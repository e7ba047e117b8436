package io.strato.es.internal.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.strato.es.ProcessingListener;
import io.strato.queue.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every listener is told, in order; one that throws changes nothing; the lag only when it changed. */
class ListenerCallsTest {
  private static final Event E = new Event(3, "x", 1, null, null, null, null, null);

  private static ProcessingListener recorder(List<String> calls, String name, boolean broken) {
    return new ProcessingListener() {
      private void note(String what) {
        calls.add(name + ":" + what);
        if (broken) {
          throw new IllegalStateException("listener bug");
        }
      }

      @Override
      public void batchCommitted(int events, long nanos) {
        note("batch " + events + " " + nanos);
      }

      @Override
      public void eventProcessed(Event e, long nanos) {
        note("processed " + e.v() + " " + nanos);
      }

      @Override
      public void eventFailed(Event e, int attempt, Duration nextRetry, boolean stopped) {
        note("failed " + e.v() + " " + attempt + " " + nextRetry + " " + stopped);
      }

      @Override
      public void lagChanged(long behind) {
        note("lag " + behind);
      }
    };
  }

  @Test
  void everyListenerIsToldAndAThrowingOneIsIgnored() {
    List<String> calls = new ArrayList<>();
    ListenerCalls l = new ListenerCalls("es", List.of(recorder(calls, "a", true), recorder(calls, "b", false)));
    assertFalse(l.isEmpty());
    l.batchCommitted(2, 99);
    l.eventProcessed(E, 5);
    l.eventFailed(E, 4, Duration.ofSeconds(2), true);
    assertEquals(List.of("a:batch 2 99", "b:batch 2 99", "a:processed 3 5", "b:processed 3 5",
        "a:failed 3 4 PT2S true", "b:failed 3 4 PT2S true"), calls);
  }

  @Test
  void theLagIsToldOnlyWhenItChanged() {
    List<String> calls = new ArrayList<>();
    ListenerCalls l = new ListenerCalls("es", List.of(recorder(calls, "a", false)));
    l.lag(0);
    l.lag(0);
    l.lag(5);
    l.lag(5);
    l.lag(0);
    assertEquals(List.of("a:lag 0", "a:lag 5", "a:lag 0"), calls);
    assertTrue(new ListenerCalls("es", List.of()).isEmpty());
  }
}
