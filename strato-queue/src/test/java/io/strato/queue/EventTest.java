package io.strato.queue;

import static io.strato.queue.QueueTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTest {
  @Test
  void ofCreatesUnqueuedEvent() {
    Event e = Event.of("t", json("{\"a\":1}"));
    assertEquals(0, e.v());
    assertEquals(0, e.ts());
    assertEquals("t", e.type());
    assertEquals(json("{\"a\":1}"), e.data());
    assertNull(e.result());
    assertNull(e.error());
    assertNull(e.events());
  }

  @Test
  void withCopiesChangeOneFieldOnly() {
    ObjectNode res = (ObjectNode) json("{\"m\":{\"x\":1}}");
    ObjectNode failed = (ObjectNode) json("{\"m\":2}");
    Event base = new Event(3, "t", 100, json("1"), null, null, null, null);
    Event e = base.withV(7).withType("u").withTs(200).withData(json("[1]")).withResult(res)
        .withError(json("{\"_reduce_m\":\"boom\"}")).withFailedResult(failed).withEvents(List.of(base));
    assertEquals(new Event(7, "u", 200, json("[1]"), res, json("{\"_reduce_m\":\"boom\"}"), failed, List.of(base)), e);
    assertNotSame(base, e);
    // the original is untouched
    assertEquals(new Event(3, "t", 100, json("1"), null, null, null, null), base);
    assertEquals(8, base.withV(8).v());
    assertEquals("t", base.withV(8).type());
    assertEquals(100, base.withType("x").ts());
  }

  @Test
  void failedOnlyWithNonNullError() {
    Event e = Event.of("t", null);
    assertFalse(e.failed());
    assertFalse(e.withError(NullNode.getInstance()).failed());
    assertTrue(e.withError(json("{\"_reduce_m\":\"x\"}")).failed());
    assertTrue(e.withError(json("\"oops\"")).failed());
  }

  @Test
  void eventsAreCopiedAndEmptyBecomesNull() {
    List<Event> subs = new ArrayList<>(List.of(Event.of("a", null)));
    Event e = Event.of("t", null).withEvents(subs);
    subs.add(Event.of("b", null));
    assertEquals(1, e.events().size());
    assertThrows(UnsupportedOperationException.class, () -> e.events().add(Event.of("c", null)));
    assertNull(Event.of("t", null).withEvents(List.of()).events());
  }
}
