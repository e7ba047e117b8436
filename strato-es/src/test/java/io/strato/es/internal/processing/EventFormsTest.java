package io.strato.es.internal.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strato.queue.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The named event forms processing stores (ProcessedEvents) and the operator's skip mark (SkipMark). */
class EventFormsTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Event STORED = new Event(7, "deposit", 1767225600000L, F.objectNode().put("cents", 5),
      F.objectNode().set("acct", F.objectNode()), F.objectNode().put("_reduce_acct", "old"), F.objectNode(),
      List.of(new Event(7, "sub", 1, null, null, null, null, null)));

  @Test
  void queuedForgetsEveryEarlierOutcome() {
    Event q = ProcessedEvents.queued(STORED);
    assertEquals(new Event(7, "deposit", 1767225600000L, STORED.data(), null, null, null, null), q);
  }

  @Test
  void subEventsAndPreprocessedEventsKeepVersionAndTime() {
    Event sub = ProcessedEvents.subEvent(STORED, "child", F.textNode("ü"));
    assertEquals(new Event(7, "child", 1767225600000L, F.textNode("ü"), null, null, null, null), sub);
    Event pre = ProcessedEvents.preprocessed(STORED, "deposit/cents", F.objectNode().put("cents", 500));
    assertEquals(new Event(7, "deposit/cents", 1767225600000L, F.objectNode().put("cents", 500), null, null, null,
        null), pre);
  }

  @Test
  void noSubEventsAndNoFailedResultAreStoredAsAbsent() {
    ObjectNode result = F.objectNode();
    assertNull(ProcessedEvents.processed(STORED, result, List.of()).events());
    assertNull(ProcessedEvents.processed(STORED, result, null).events());
    assertEquals(1, ProcessedEvents.processed(STORED, result, STORED.events()).events().size());
    Event failed = ProcessedEvents.failed(STORED, F.objectNode().put("_reduce_acct", "x"), F.objectNode(), List.of());
    assertNull(failed.failedResult(), "an empty failedResult is left out");
    assertNull(failed.events());
    assertNull(failed.result());
    assertTrue(failed.failed());
    Event withResult = ProcessedEvents.failed(STORED, F.objectNode().put("e", "x"), F.objectNode().put("acct", 1), null);
    assertEquals(1, withResult.failedResult().get("acct").asInt());
    Event rejected = ProcessedEvents.rejected(STORED, F.objectNode().put("acct", "no"));
    assertFalse(rejected.failed());
    assertNull(rejected.events());
  }

  @Test
  void theSkipMarkRoundTrips() {
    Event skipped = SkipMark.mark(STORED, "duplicate €", 42);
    assertTrue(SkipMark.isSkipped(skipped));
    assertEquals("duplicate €", SkipMark.reason(skipped));
    assertEquals(42, skipped.result().get(SkipMark.KEY).get("ts").asLong());
    assertEquals(List.of(7L, "deposit", STORED.data()), List.of(skipped.v(), skipped.type(), skipped.data()));
    assertNull(skipped.error());
    assertNull(skipped.events());
    assertNull(skipped.failedResult());
  }

  @Test
  void onlyAnObjectUnderTheKeyIsASkipMark() {
    assertFalse(SkipMark.isSkipped(null));
    assertFalse(SkipMark.isSkipped(ProcessedEvents.queued(STORED)));
    assertFalse(SkipMark.isSkipped(STORED));
    assertFalse(SkipMark.isSkipped(STORED.withResult(F.objectNode().put(SkipMark.KEY, "text"))));
    assertNull(SkipMark.reason(STORED));
    ObjectNode noReason = F.objectNode();
    noReason.set(SkipMark.KEY, F.objectNode().put("ts", 1));
    assertEquals("", SkipMark.reason(STORED.withResult(noReason)));
  }
}
