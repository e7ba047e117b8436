package io.strato.es.internal.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.strato.es.spi.Upcaster;
import io.strato.queue.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Upcaster chains: followed in order, stopped where they end, and broken rules named by the event's error key. */
class UpcastersTest {
  private static Upcaster up(String type, Function<Event, Event> f) {
    return new Upcaster() {
      @Override
      public String type() {
        return type;
      }

      @Override
      public Event upcast(Event event) {
        return f.apply(event);
      }
    };
  }

  private static Event ev(String type) {
    return new Event(7, type, 1, JsonNodeFactory.instance.numberNode(1), null, null, null, null);
  }

  private static Upcasters.UpcastException fails(Upcasters u, Event e) {
    return assertThrows(Upcasters.UpcastException.class, () -> u.apply(e));
  }

  @Test
  void chainsAreFollowedUntilNoUpcasterApplies() {
    Upcasters u = new Upcasters(List.of(
        up("v1", e -> e.withType("v2").withData(JsonNodeFactory.instance.numberNode(e.data().asInt() * 10))),
        up("v2", e -> e.withType("v3").withData(JsonNodeFactory.instance.numberNode(e.data().asInt() + 1)))));
    Event out = u.apply(ev("v1"));
    assertEquals("v3", out.type());
    assertEquals(11, out.data().asInt(), "each step sees the previous one's output");
    assertEquals(7, out.v());
    Event other = ev("other");
    assertSame(other, u.apply(other), "no upcaster: the same instance");
    assertFalse(u.isEmpty());
    assertTrue(Upcasters.NONE.isEmpty());
  }

  @Test
  void anUpcasterKeepingItsTypeOrReturningNullEndsTheChain() {
    List<String> calls = new ArrayList<>();
    Upcasters same = new Upcasters(List.of(up("a", e -> {
      calls.add("a");
      return e.withData(JsonNodeFactory.instance.textNode("rewritten"));
    })));
    Event out = same.apply(ev("a"));
    assertEquals("rewritten", out.data().asText());
    assertEquals(List.of("a"), calls, "the same type is not upcast again");
    Event in = ev("a");
    assertSame(in, new Upcasters(List.of(up("a", e -> null))).apply(in), "null: unchanged");
  }

  @Test
  void aChainOfExactlyMaxStepsIsFollowedAndALoopIsRefused() {
    List<Upcaster> chain = new ArrayList<>();
    for (int i = 0; i < Upcasters.MAX_STEPS; i++) {
      int next = i + 1;
      chain.add(up("t" + i, e -> e.withType("t" + next)));
    }
    assertEquals("t" + Upcasters.MAX_STEPS, new Upcasters(chain).apply(ev("t0")).type());
    List<Upcaster> longer = new ArrayList<>(chain);
    longer.add(up("t" + Upcasters.MAX_STEPS, e -> e.withType("beyond")));
    assertEquals("upcasters of 't0' chain more than 16 steps (a loop?)", fails(new Upcasters(longer), ev("t0"))
        .getMessage(), "one step more than MAX_STEPS is refused, loop or not");
    Upcasters loop = new Upcasters(List.of(up("x", e -> e.withType("y")), up("y", e -> e.withType("x"))));
    Upcasters.UpcastException e = fails(loop, ev("x"));
    assertEquals("_upcast_x", e.key);
    assertEquals("upcasters of 'x' chain more than 16 steps (a loop?)", e.getMessage());
  }

  @Test
  void brokenRulesAndExceptionsNameTheStep() {
    Upcasters.UpcastException v = fails(new Upcasters(List.of(up("a", e -> e.withV(8)))), ev("a"));
    assertEquals("_upcast_a", v.key);
    assertTrue(v.getMessage().endsWith("must keep v 7 and return a non-empty type"), v.getMessage());
    Upcasters.UpcastException empty = fails(new Upcasters(List.of(up("a", e -> e.withType("")))), ev("a"));
    assertTrue(empty.getMessage().contains("non-empty type"), empty.getMessage());
    Upcasters.UpcastException nul = fails(new Upcasters(List.of(up("a", e -> e.withType(null)))), ev("a"));
    assertTrue(nul.getMessage().contains("non-empty type"), nul.getMessage());
    IllegalStateException boom = new IllegalStateException("cannot read v1");
    Upcasters.UpcastException thrown = fails(new Upcasters(List.of(up("a", e -> e.withType("b")),
        up("b", e -> {
          throw boom;
        }))), ev("a"));
    assertEquals("_upcast_b", thrown.key, "the step that threw");
    assertSame(boom, thrown.getCause());
    assertEquals("cannot read v1", thrown.getMessage());
  }

  @Test
  void typesMustBeNamedAndUnique() {
    IllegalArgumentException noType = assertThrows(IllegalArgumentException.class,
        () -> new Upcasters(List.of(up("", e -> e))));
    assertTrue(noType.getMessage().contains("must name a non-empty type"), noType.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Upcasters(List.of(up(null, e -> e))));
    Upcaster other = new Upcaster() {
      @Override
      public String type() {
        return "a";
      }

      @Override
      public Event upcast(Event event) {
        return null;
      }
    };
    IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
        () -> new Upcasters(List.of(up("a", e -> e), other)));
    assertTrue(two.getMessage().startsWith("EventSourcingDB: type 'a' has two upcasters: "), two.getMessage());
    Upcaster once = up("a", e -> e.withType("b"));
    assertEquals("b", new Upcasters(List.of(once, once)).apply(ev("a")).type(), "the same one twice is fine");
  }
}
